package dev.ocpp.transport.tyrus;

import static dev.ocpp.transport.tyrus.Fixtures.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wss://} with server and client certificates (security profiles 2 and 3). */
class TlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    private static KeyStore serverKeys;
    private static KeyStore stationKeys;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Process csms = keytool("csms", "CN=127.0.0.1", "ip:127.0.0.1");
        Process station = keytool("station", "CN=CP1", null);
        serverKeys = load(csms, "csms");
        stationKeys = load(station, "station");
    }

    /** Makes a self-signed key pair with the JDK's keytool: the JDK has no API for issuing certificates. */
    private static Process keytool(String name, String subject, String subjectAltName) throws Exception {
        Path file = dir.resolve(name + ".p12");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", subject,
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD)));
        if (subjectAltName != null) {
            command.addAll(List.of("-ext", "SAN=" + subjectAltName));
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static KeyStore load(Process keytool, String name) throws Exception {
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static SSLContext context(KeyStore own, KeyStore trusted) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(own, PASSWORD);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        String alias = trusted.aliases().nextElement();
        trust.setCertificateEntry(alias, trusted.getCertificate(alias));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private final TestHandler handler = new TestHandler(Fixtures.PATH, BOTH);
    private TransportServer tls;

    @BeforeEach
    void start() throws Exception {
        SSLContext serverContext = context(serverKeys, stationKeys);
        tls = Fixtures.startServer(handler, b -> b.sslContext(serverContext).needClientAuth(true));
    }

    @AfterEach
    void stop() {
        tls.close();
    }

    @Test
    void stationWithClientCertificateConnectsOverWssAndTheHandshakeSeesItsCertificate() throws Exception {
        URI wss = URI.create("wss://127.0.0.1:" + tls.localAddress().getPort() + "/ocpp/CP1");
        RecordingListener client = new RecordingListener();

        TransportConnection c = Fixtures.connect(Fixtures.client(wss, BOTH)
                .sslContext(context(stationKeys, serverKeys)).build(), client);
        c.sendText("over tls");

        HandshakeRequest request = handler.nextRequest();
        assertThat(request.peerCertificates()).hasSize(1);
        assertThat(request.peerCertificates().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=CP1");
        RecordingListener serverSide = handler.nextConnection();
        assertThat(serverSide.nextText()).isEqualTo("over tls");
        assertThat(serverSide.awaitOpen().info().peerCertificates()).hasSize(1);
        c.close(1000, "");
        assertThat(client.awaitClosed().code()).isEqualTo(1000);

        Throwable plain = catchThrowable(() -> Fixtures.connect(Fixtures.client(
                URI.create("ws://127.0.0.1:" + tls.localAddress().getPort() + "/ocpp/CP1"), BOTH)
                .connectTimeout(java.time.Duration.ofSeconds(1)).build(), new RecordingListener()));
        assertThat(plain).isInstanceOf(ExecutionException.class);
        assertThat(handler.connections.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }
}
