package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Handshake answers on the wire, for transports on real sockets, seen by a hand-written client
 * ({@link RawWebSocket}) where a client library would hide them: the HTTP status and headers of refusals, the
 * {@code Sec-WebSocket-Protocol} header, a path with no identity, the peer's address, and a peer that vanishes.
 */
public abstract class WireHandshakeConformance extends ConformanceBase {

    private TransportServer server;

    @BeforeEach
    void startTheServer() throws Exception {
        server = startServer(b -> { });
    }

    @Test
    void noCommonSubprotocolCompletesTheUpgradeWithoutTheHeader() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1",
                Map.of("Sec-WebSocket-Protocol", "ocpp2.1, ocpp1.5"))) {
            assertThat(raw.status).isEqualTo(101);
            assertThat(raw.headers).doesNotContainKey("sec-websocket-protocol");
        }
        assertThat(handler.nextConnection().awaitOpen().info().subprotocol()).isNull();
    }

    @Test
    void acceptedUpgradeAnswersWithExactlyTheDecidedSubprotocol() throws Exception {
        handler.decideWith(r -> HandshakeDecision.accept("CP1", "ocpp1.6", null));
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1",
                Map.of("Sec-WebSocket-Protocol", "ocpp2.0.1, ocpp1.6"))) {
            assertThat(raw.status).isEqualTo(101);
            assertThat(raw.headers).containsEntry("sec-websocket-protocol", "ocpp1.6");
        }
    }

    @Test
    void refusedIdentityIsAnswered404WithoutUpgradeHeaders() throws Exception {
        handler.decideWith(r -> HandshakeDecision.reject(404, "Unknown station"));
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/NOPE", Map.of())) {
            assertThat(raw.statusLine).startsWith("HTTP/1.1 404 Not Found");
            assertThat(raw.headers).doesNotContainKeys("upgrade", "sec-websocket-accept");
        }
        assertThat(handler.hasUntakenConnection()).isFalse();
    }

    @Test
    void refusedCredentialsAreAnswered401WithABasicChallenge() throws Exception {
        handler.decideWith(r -> HandshakeDecision.reject(401, "Authentication failed"));
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            assertThat(raw.statusLine).startsWith("HTTP/1.1 401 Unauthorized");
            assertThat(raw.headers).containsEntry("www-authenticate", "Basic realm=\"OCPP\"")
                    .doesNotContainKeys("upgrade", "sec-websocket-accept");
        }
        assertThat(handler.hasUntakenConnection()).isFalse();
    }

    @Test
    void handlerThatFailsIsAnswered500WithoutUpgrade() throws Exception {
        handler.decideWith(r -> {
            throw new IllegalStateException("the handler's own bug");
        });
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            assertThat(raw.status).isEqualTo(500);
            assertThat(raw.headers).doesNotContainKeys("upgrade", "sec-websocket-accept");
        }
        assertThat(handler.hasUntakenConnection()).isFalse();
    }

    @Test
    void pathWithoutIdentityIsAnswered404WithoutAskingTheHandler() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp", Map.of())) {
            assertThat(raw.status).isEqualTo(404);
        }
        // The answer above was read, so the server is done with this request: nothing can still be on its way.
        assertThat(handler.hasUntakenRequest()).isFalse();
    }

    @Test
    void handshakeRequestCarriesThePeersSocketAddress() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            HandshakeRequest request = handler.nextRequest();
            assertThat(request.remoteAddress()).isEqualTo(raw.socket.getLocalSocketAddress());
            assertThat(request.localAddress()).isEqualTo(server.localAddress());
            TransportConnection serverSide = handler.nextConnection().awaitOpen();
            assertThat(serverSide.info().remoteAddress())
                    .isEqualTo((InetSocketAddress) raw.socket.getLocalSocketAddress());
        }
    }

    @Test
    void peerVanishingWithoutACloseFrameIsClosed1006() throws Exception {
        RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of());
        RecordingListener serverSide = handler.nextConnection();
        serverSide.awaitOpen();

        raw.close();

        assertThat(serverSide.awaitClosed().code()).isEqualTo(1006);
        serverSide.assertContractKept();
    }
}
