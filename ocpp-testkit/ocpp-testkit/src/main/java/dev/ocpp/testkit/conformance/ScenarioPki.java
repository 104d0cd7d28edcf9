package dev.ocpp.testkit.conformance;

import dev.ocpp.security.pki.IssuedCertificate;
import dev.ocpp.security.pki.TestPki;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/**
 * The test PKI of the scenarios' TLS mock CSMS ({@link ScenarioContext#secureMockCsms()}): one root and one server
 * certificate for 127.0.0.1 and localhost, made once per JVM at first use (key generation takes a moment) and shared by
 * every run. Throw-away material: nothing outside the scenarios trusts it.
 */
final class ScenarioPki {

    private ScenarioPki() {
    }

    /** Made on first use by the class-holder idiom: no lock, no work for runs that never need TLS. */
    private static final class Holder {
        static final TestPki PKI = TestPki.builder().organization("OCPP testkit scenarios").build();
        static final SSLContext SERVER = server(PKI);

        private static SSLContext server(TestPki pki) {
            IssuedCertificate cert = pki.serverCertificate("127.0.0.1", "127.0.0.1", "localhost");
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(cert.keyManagers().getKeyManagers(), null, null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no TLS context for the scenarios' mock CSMS", e);
            }
        }
    }

    /** The server side of the TLS mock: its certificate and key. */
    static SSLContext serverContext() {
        return Holder.SERVER;
    }

    /** The PEM of the root that issued the server certificate. */
    static String rootPem() {
        return Holder.PKI.rootPem();
    }
}
