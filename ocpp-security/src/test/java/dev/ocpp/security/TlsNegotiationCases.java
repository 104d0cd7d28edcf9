package dev.ocpp.security;

import static dev.ocpp.security.SecurityFixture.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.security.SecurityEvent.Reason;
import dev.ocpp.security.pki.IssuedCertificate;
import dev.ocpp.security.pki.KeyType;
import dev.ocpp.security.pki.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS versions and cipher suites outside OCPP's set are refused on both sides, with InvalidTLSVersion or
 * InvalidTLSCipherSuite. The peers that offer them are built by hand: the JDK itself refuses TLS 1.1, so a TLS 1.1
 * hello is written byte by byte.
 */
abstract class TlsNegotiationCases {

    /** The transports this run of the cases uses. */
    abstract SecurityFixture.Transports transports();


    private static final String PASSWORD = "correct-horse-battery-1";
    private static TestPki pki;
    private static IssuedCertificate server;

    private final SecurityFixture fx = new SecurityFixture(transports());

    @BeforeAll
    static void pki() {
        pki = TestPki.builder().organization("Example CPO").keyType(KeyType.EC_P256).build();
        server = pki.serverCertificate("127.0.0.1", "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private void startCsms() {
        fx.csms(CsmsSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH)
                .credentials(CredentialStore.of(Map.of("CS-1", StationCredential.ocpp201(PASSWORD))))
                .serverKey(KeyMaterial.of(server)));
    }

    private StationSecurity.Builder station() {
        return StationSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH)
                .password(StationPassword.ocpp201(PASSWORD)).trustedCsmsRoots(List.of(pki.root()));
    }

    @Test
    void csmsRefusesAStationOfferingOnlyTls11() throws Exception {
        startCsms();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), fx.port())) {
            s.getOutputStream().write(tls11ClientHello());
            s.getOutputStream().flush();
            s.getInputStream().read(new byte[64]); // an alert or the end of the stream; either way refused
        }

        SecurityEvent e = next(fx.csmsEvents);
        assertThat(e.reason()).isEqualTo(Reason.TLS_VERSION_REFUSED);
        assertThat(e.typeName(OcppVersion.OCPP201)).isEqualTo("InvalidTLSVersion");
        fx.nothingExchanged();
    }

    @Test
    void csmsRefusesAStationOfferingOnlyADisallowedCipherSuite() throws Exception {
        startCsms();
        SSLContext weak = SSLContext.getInstance("TLS");
        weak.init(null, pki.trustManagers().getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) weak.getSocketFactory().createSocket("127.0.0.1", fx.port())) {
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            s.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
            assertThatThrownBy(s::startHandshake).isInstanceOf(java.io.IOException.class);
        }

        SecurityEvent e = next(fx.csmsEvents);
        assertThat(e.reason()).isEqualTo(Reason.CIPHER_SUITE_REFUSED);
        assertThat(e.typeName(OcppVersion.OCPP16)).isEqualTo("InvalidTLSCipherSuite");
        fx.nothingExchanged();
    }

    @Test
    void stationRefusesACsmsThatOnlySpeaksTls11() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> answerWithTls11(fake));
            Throwable refused = refusedStation(fake.getLocalPort());

            assertThat(refused).isNotNull();
            SecurityEvent e = next(fx.stationEvents);
            assertThat(e.reason()).isEqualTo(Reason.TLS_VERSION_REFUSED);
            assertThat(e.typeName(OcppVersion.OCPP201)).isEqualTo("InvalidTLSVersion");
            assertThat(e.type().critical(OcppVersion.OCPP201)).isTrue();
            peer.join();
        }
    }

    @Test
    void stationRefusesACsmsThatOnlyOffersADisallowedCipherSuite() throws Exception {
        SSLContext csmsSide = SSLContext.getInstance("TLS");
        csmsSide.init(server.keyManagers().getKeyManagers(), null, null);
        try (SSLServerSocket weak = (SSLServerSocket) csmsSide.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            weak.setEnabledProtocols(new String[] {"TLSv1.2"});
            weak.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) weak.accept()) {
                    s.startHandshake();
                } catch (java.io.IOException expected) {
                    // the handshake fails: that is the point
                }
            });
            refusedStation(weak.getLocalPort());

            SecurityEvent e = next(fx.stationEvents);
            assertThat(e.reason()).isEqualTo(Reason.CIPHER_SUITE_REFUSED);
            assertThat(e.typeName(OcppVersion.OCPP201)).isEqualTo("InvalidTLSCipherSuite");
            peer.join();
        }
    }

    @Test
    void policyCannotBeWidenedByTheTransport() throws Exception {
        SSLContext ctx = station().build().sslContext().orElseThrow();
        var engine = ctx.createSSLEngine("127.0.0.1", 443);
        engine.setEnabledProtocols(new String[] {"TLSv1.1", "TLSv1.2", "TLSv1.3"});
        engine.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                TlsPolicy.ECDHE_ECDSA_AES_128_GCM});
        var params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm(null);
        engine.setSSLParameters(params);

        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        assertThat(engine.getEnabledCipherSuites()).containsExactly(TlsPolicy.ECDHE_ECDSA_AES_128_GCM);
        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        SSLSocketFactory sockets = ctx.getSocketFactory();
        assertThat(sockets.getDefaultCipherSuites()).allMatch(s -> s.contains("_GCM_"));
    }

    private Throwable refusedStation(int port) throws Exception {
        var client = dev.ocpp.core.OcppClient.builder(fx.transports().client())
                .endpoint(java.net.URI.create("wss://127.0.0.1:" + port + "/ocpp"))
                .identity("CS-1")
                .connectTimeout(java.time.Duration.ofSeconds(5))
                .offer(OcppVersion.OCPP201, dev.ocpp.core.Handlers.none(dev.ocpp.core.ActionCatalog.none()));
        station().onEvent(fx.stationEvents::add).build().applyTo(client);
        return fx.refused(client.build());
    }

    /** A ClientHello as a TLS 1.1-only client sends it: version 3.2, two CBC suites, no extensions. */
    private static byte[] tls11ClientHello() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3);
        body.write(2);
        body.writeBytes(random());
        body.write(0); // no session id
        body.writeBytes(new byte[] {0, 4, 0x00, 0x2F, (byte) 0xC0, 0x13}); // AES_128_CBC_SHA, ECDHE_RSA_AES_128_CBC_SHA
        body.writeBytes(new byte[] {1, 0}); // null compression only
        return record(1, body.toByteArray());
    }

    /** Reads the station's ClientHello and answers with a ServerHello that picks TLS 1.1. */
    private static void answerWithTls11(ServerSocket fake) {
        try (Socket s = fake.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] header = new byte[5];
            in.readFully(header);
            in.readFully(new byte[((header[3] & 0xFF) << 8) | (header[4] & 0xFF)]);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(3);
            body.write(2);
            body.writeBytes(random());
            body.write(0);
            // A suite the station offered, so that only the version is wrong.
            body.writeBytes(new byte[] {(byte) 0xC0, 0x2B, 0});
            OutputStream out = s.getOutputStream();
            out.write(record(2, body.toByteArray()));
            out.flush();
            InputStream rest = s.getInputStream();
            while (rest.read() >= 0) {
                // drain until the station hangs up
            }
        } catch (java.io.IOException ignored) {
            // the station closing on us is the expected end
        }
    }

    private static byte[] record(int handshakeType, byte[] body) {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.writeBytes(new byte[] {0x16, 3, 2});
        int handshakeLength = body.length + 4;
        r.write(handshakeLength >> 8);
        r.write(handshakeLength);
        r.write(handshakeType);
        r.write(0);
        r.write(body.length >> 8);
        r.write(body.length);
        r.writeBytes(body);
        return r.toByteArray();
    }

    private static byte[] random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
