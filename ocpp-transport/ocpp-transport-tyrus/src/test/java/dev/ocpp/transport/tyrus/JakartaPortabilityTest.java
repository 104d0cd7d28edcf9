package dev.ocpp.transport.tyrus;

import static dev.ocpp.transport.tyrus.Fixtures.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.transport.jakarta.JakartaClientTransport;
import dev.ocpp.transport.jakarta.internal.GenericContainerSupport;
import dev.ocpp.transport.testsuite.RawWebSocket;
import dev.ocpp.transport.testsuite.RecordingHandler;
import dev.ocpp.transport.testsuite.RecordingListener;
import dev.ocpp.transport.tyrus.internal.TyrusServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jakarta module on its own, as in a container it knows nothing about at compile time: the server endpoint with
 * the generic (reflective) container support, and {@link JakartaClientTransport} on a plain Tyrus client.
 */
class JakartaPortabilityTest {

    private final RecordingHandler handler = new RecordingHandler(Fixtures.PATH, BOTH);
    private TransportServer server;

    @BeforeEach
    void start() throws Exception {
        ServerTransportConfig config = ServerTransportConfig.builder().host("127.0.0.1").port(0)
                .path(Fixtures.PATH).subprotocols(BOTH).build();
        server = TyrusServer.start(config, handler, GenericContainerSupport.INSTANCE);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void genericEndpointRefusesOnTyrusWithTheDecidedStatus() throws Exception {
        handler.decideWith(r -> r.rawPath().endsWith("/UNKNOWN") ? HandshakeDecision.reject(404, "Unknown")
                : HandshakeDecision.reject(401, "Bad password"));

        try (RawWebSocket unknown = RawWebSocket.connect(server.localAddress(), "/ocpp/UNKNOWN", Map.of());
             RawWebSocket unauthorized = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            assertThat(unknown.statusLine).startsWith("HTTP/1.1 404 Not Found");
            assertThat(unknown.headers).doesNotContainKeys("upgrade", "sec-websocket-accept");
            assertThat(unauthorized.statusLine).startsWith("HTTP/1.1 401 Unauthorized");
            assertThat(unauthorized.headers).containsKey("www-authenticate");
        }
        assertThat(handler.hasUntakenConnection()).isFalse();
    }

    @Test
    void genericEndpointAcceptsWithTheDecidedSubprotocol() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1",
                Map.of("Sec-WebSocket-Protocol", "ocpp1.6, ocpp2.0.1"))) {
            assertThat(raw.status).isEqualTo(101);
            assertThat(raw.headers).containsEntry("sec-websocket-protocol", "ocpp1.6");
            TransportConnection serverSide = handler.nextConnection().awaitOpen();
            assertThat(serverSide.info().identity()).isEqualTo("CP1");
            serverSide.sendText("hello");
            assertThat(raw.readDataOrClose().text()).isEqualTo("hello");
        }
    }

    @Test
    void jakartaClientOnPlainTyrusConnectsAndReportsRefusalStatus() throws Exception {
        JakartaClientTransport transport = new JakartaClientTransport(ClientManager.createClient());
        RecordingListener client = new RecordingListener();

        TransportConnection c = transport.connect(Fixtures.client(Fixtures.uri(server, "CP1"),
                List.of("ocpp1.6")).build(), client).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(c.info().subprotocol()).isEqualTo("ocpp1.6");
        c.sendText("ping");
        assertThat(handler.nextConnection().nextText()).isEqualTo("ping");
        c.close(1000, "");
        assertThat(client.awaitClosed().code()).isEqualTo(1000);

        handler.decideWith(r -> HandshakeDecision.reject(404, "Unknown"));
        Throwable refused = catchThrowable(() -> transport.connect(Fixtures.client(Fixtures.uri(server, "CP2"), BOTH)
                .build(), new RecordingListener()).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertThat(refused).cause().isInstanceOfSatisfying(HandshakeRejectedException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        transport.close();
    }
}
