package dev.ocpp.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.security.TlsPolicy;
import dev.ocpp.security.pki.IssuedCertificate;
import dev.ocpp.security.pki.KeyType;
import dev.ocpp.security.pki.TestPki;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sockets of a policy context's factories are held to the policy like its engines: whatever a caller sets on
 * them after the factory made them, one setter at a time, stays within the policy and keeps the profile's checks.
 * Before, the factories only cut a socket down once, when they made it.
 */
class PolicySslSocketTest {

    private static final String CBC_SUITE = "TLS_RSA_WITH_AES_128_CBC_SHA";
    private static final TlsPolicy POLICY = TlsPolicy.csmsDefault();

    private static TestPki pki;
    private static IssuedCertificate server;

    @BeforeAll
    static void pki() {
        pki = TestPki.builder().organization("Example CPO").keyType(KeyType.EC_P256).build();
        server = pki.serverCertificate("127.0.0.1", "127.0.0.1");
    }

    private static SSLContext station() {
        return PolicySslContext.create(null,
                (X509ExtendedTrustManager) pki.trustManagers().getTrustManagers()[0], POLICY, true, false, sink());
    }

    private static SSLContext profileThreeCsms() {
        return PolicySslContext.create((X509ExtendedKeyManager) server.keyManagers().getKeyManagers()[0],
                (X509ExtendedTrustManager) pki.trustManagers().getTrustManagers()[0], POLICY, false, true, sink());
    }

    private static EventSink sink() {
        return new EventSink(e -> { }, Runnable::run, Clock.systemUTC());
    }

    private static String[] policySuitesAnd(String extra) {
        List<String> suites = new ArrayList<>(POLICY.cipherSuites());
        suites.add(extra);
        return suites.toArray(String[]::new);
    }

    private static SSLServerSocket serverSocket() throws Exception {
        return (SSLServerSocket) profileThreeCsms().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @Test
    void clientSocketCutsVersionsAndSuitesSetOnTheirOwn() throws Exception {
        try (SSLSocket s = (SSLSocket) station().getSocketFactory().createSocket()) {
            s.setEnabledProtocols(new String[] {"TLSv1.1", "TLSv1.2", "TLSv1.3"});
            s.setEnabledCipherSuites(policySuitesAnd(CBC_SUITE));

            assertThat(s.getEnabledProtocols()).containsExactlyInAnyOrderElementsOf(POLICY.protocols());
            assertThat(s.getEnabledCipherSuites()).containsExactlyInAnyOrderElementsOf(POLICY.cipherSuites());
            assertThat(s.getSSLParameters().getCipherSuites())
                    .containsExactlyInAnyOrderElementsOf(POLICY.cipherSuites());
            assertThat(s.getSupportedCipherSuites())
                    .containsExactlyInAnyOrderElementsOf(PolicySslContextTest.POLICY_SUITES_OF_THIS_JDK);
        }
    }

    @Test
    void clientSocketKeepsHostNameVerificationWhenParametersTurnItOff() throws Exception {
        try (SSLSocket s = (SSLSocket) station().getSocketFactory().createSocket()) {
            SSLParameters p = s.getSSLParameters();
            // The JDK keeps its value when given null, but takes "" and then checks no host name at all.
            p.setEndpointIdentificationAlgorithm("");

            s.setSSLParameters(p);

            assertThat(s.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        }
    }

    @Test
    void serverSocketCutsWhatIsSetOnItAndStillNeedsAClientCertificate() throws Exception {
        try (SSLServerSocket s = serverSocket()) {
            s.setEnabledProtocols(new String[] {"TLSv1.1", "TLSv1.2", "TLSv1.3"});
            s.setEnabledCipherSuites(policySuitesAnd(CBC_SUITE));
            s.setWantClientAuth(true);

            assertThat(s.getEnabledProtocols()).containsExactlyInAnyOrderElementsOf(POLICY.protocols());
            assertThat(s.getEnabledCipherSuites()).containsExactlyInAnyOrderElementsOf(POLICY.cipherSuites());
            assertThat(s.getNeedClientAuth()).isTrue();

            s.setNeedClientAuth(false);
            assertThat(s.getNeedClientAuth()).isTrue();

            SSLParameters optional = s.getSSLParameters();
            optional.setWantClientAuth(true);
            s.setSSLParameters(optional);
            assertThat(s.getNeedClientAuth()).isTrue();
        }
    }

    @Test
    @SuppressWarnings("try") // `plain` is only there to be accepted; it stays open for the test's length
    void acceptedSocketCutsWhatIsSetOnItAfterTheAccept() throws Exception {
        try (SSLServerSocket listening = serverSocket();
             Socket plain = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
             SSLSocket accepted = (SSLSocket) listening.accept()) {
            accepted.setEnabledCipherSuites(policySuitesAnd(CBC_SUITE));
            accepted.setEnabledProtocols(new String[] {"TLSv1.1", "TLSv1.2", "TLSv1.3"});
            accepted.setNeedClientAuth(false);

            assertThat(accepted.getEnabledCipherSuites()).containsExactlyInAnyOrderElementsOf(POLICY.cipherSuites());
            assertThat(accepted.getEnabledProtocols()).containsExactlyInAnyOrderElementsOf(POLICY.protocols());
            assertThat(accepted.getNeedClientAuth()).isTrue();

            accepted.setWantClientAuth(true);
            assertThat(accepted.getNeedClientAuth()).isTrue();
        }
    }

    @Test
    @SuppressWarnings("try") // `plain` is only there to be accepted; it stays open for the test's length
    void socketSwitchedToClientModeVerifiesTheHostName() throws Exception {
        // As on engines, host name verification follows the socket's actual mode.
        try (SSLServerSocket listening = serverSocket();
             Socket plain = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
             SSLSocket accepted = (SSLSocket) listening.accept()) {
            assertThat(accepted.getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();

            accepted.setUseClientMode(true);

            assertThat(accepted.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        }
    }

    @Test
    void policySocketsStillHandshakeAndCarryData() throws Exception {
        // The sockets wrap the JDK's: a station socket and a (profile 2) CSMS socket must still handshake and talk.
        SSLContext csms = PolicySslContext.create((X509ExtendedKeyManager) server.keyManagers().getKeyManagers()[0],
                null, POLICY, false, false, sink());
        try (SSLServerSocket listening = (SSLServerSocket) csms.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listening.accept()) {
                    return s.getInputStream().read();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket s = (SSLSocket) station().getSocketFactory()
                    .createSocket("127.0.0.1", listening.getLocalPort())) {
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isIn(POLICY.protocols());
                s.getOutputStream().write(42);
                s.getOutputStream().flush();
                assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(42);
            }
        }
    }
}
