package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wss://} with server and client certificates (OCPP security profiles 2 and 3), for transports with TLS:
 * the client certificate reaches the handshake and the connection, a client without a certificate is refused
 * before any upgrade, and plain {@code ws://} to a TLS port fails instead of hanging.
 */
public abstract class TlsConformance extends ConformanceBase {

    @TempDir
    static Path dir;
    private static KeyStore serverKeys;
    private static KeyStore stationKeys;
    private static KeyStore strangerKeys;

    private TransportServer server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        serverKeys = TestPki.selfSigned(dir, "csms", "CN=127.0.0.1", "ip:127.0.0.1");
        stationKeys = TestPki.selfSigned(dir, "station", "CN=CP1", null);
        strangerKeys = TestPki.selfSigned(dir, "stranger", "CN=CP2", null);
    }

    @BeforeEach
    void startTheServer() throws Exception {
        SSLContext serverContext = TestPki.context(serverKeys, stationKeys);
        server = startServer(b -> b.sslContext(serverContext).needClientAuth(true));
    }

    private URI wss() {
        return fixture().uri(server, PATH, "CP1", true);
    }

    @Test
    void stationWithClientCertificateConnectsAndTheHandshakeSeesItsCertificate() throws Exception {
        RecordingListener client = new RecordingListener();

        TransportConnection c = connect(client(wss(), BOTH).sslContext(TestPki.context(stationKeys, serverKeys)).build(),
                client);
        c.sendText("over tls");

        HandshakeRequest request = handler.nextRequest();
        assertThat(request.peerCertificates()).hasSize(1);
        assertThat(request.peerCertificates().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=CP1");
        RecordingListener serverSide = handler.nextConnection();
        assertThat(serverSide.nextText()).isEqualTo("over tls");
        assertThat(serverSide.awaitOpen().info().peerCertificates()).hasSize(1);
        c.close(1000, "");
        assertThat(client.awaitClosed().code()).isEqualTo(1000);
    }

    @Test
    void stationWithAnUntrustedCertificateIsRefusedBeforeTheUpgrade() throws Exception {
        RecordingListener client = new RecordingListener();

        Throwable failure = catchThrowable(() -> connect(client(wss(), BOTH)
                .sslContext(TestPki.context(strangerKeys, serverKeys)).build(), client));

        assertThat(failure).isInstanceOf(ExecutionException.class);
        assertThat(client.events()).isEmpty();
        assertThat(handler.hasUntakenRequest()).isFalse();
        assertThat(handler.hasUntakenConnection()).isFalse();
    }

    @Test
    void plainWebSocketToATlsPortFails() throws Exception {
        RecordingListener client = new RecordingListener();

        Throwable plain = catchThrowable(() -> connect(client(uri(server, "CP1"), BOTH)
                .connectTimeout(Duration.ofSeconds(5)).build(), client));

        assertThat(plain).isInstanceOf(ExecutionException.class);
        assertThat(client.events()).isEmpty();
        assertThat(handler.hasUntakenConnection()).isFalse();
    }
}
