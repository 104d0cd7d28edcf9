package dev.ocpp.testkit;

import dev.ocpp.security.pki.IssuedCertificate;
import dev.ocpp.security.pki.TestPki;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/** TLS contexts from a test PKI for the tests that run a mock CSMS on {@code wss://127.0.0.1}. */
public final class LoopbackTls {

    private LoopbackTls() {
    }

    /** The server side: a certificate of {@code pki} for 127.0.0.1 and localhost, and its key. */
    public static SSLContext serverContext(TestPki pki) throws GeneralSecurityException {
        IssuedCertificate server = pki.serverCertificate("127.0.0.1", "127.0.0.1", "localhost");
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(server.keyManagers().getKeyManagers(), null, null);
        return context;
    }

    /** A client that trusts {@code pki}'s root, without a certificate of its own. */
    public static SSLContext trusting(TestPki pki) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, pki.trustManagers().getTrustManagers(), null);
        return context;
    }
}
