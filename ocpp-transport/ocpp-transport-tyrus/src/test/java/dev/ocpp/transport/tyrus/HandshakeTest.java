package dev.ocpp.transport.tyrus;

import static dev.ocpp.transport.tyrus.Fixtures.BOTH;
import static dev.ocpp.transport.tyrus.Fixtures.client;
import static dev.ocpp.transport.tyrus.Fixtures.connect;
import static dev.ocpp.transport.tyrus.Fixtures.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upgrade request as the handler sees it, and its decision as the client sees it. */
class HandshakeTest {

    private final TestHandler handler = new TestHandler(Fixtures.PATH, BOTH);
    private TransportServer server;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer(handler, b -> { });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void serverPicksTheFirstOfTheClientsOffersThatItServes() throws Exception {
        RecordingListener client = new RecordingListener();
        TransportConnection c = connect(client(uri(server, "CP1"), List.of("ocpp2.0.1", "ocpp1.6")).build(), client);
        RecordingListener serverSide = handler.nextConnection();

        assertThat(c.info().subprotocol()).isEqualTo("ocpp2.0.1");
        assertThat(serverSide.awaitOpen().info().subprotocol()).isEqualTo("ocpp2.0.1");
        assertThat(handler.nextRequest().offeredSubprotocols()).containsExactly("ocpp2.0.1", "ocpp1.6");
        c.close(1000, "");
    }

    @Test
    void clientPreferenceDecidesWhenTheServerServesBoth() throws Exception {
        RecordingListener client = new RecordingListener();
        TransportConnection c = connect(client(uri(server, "CP1"), List.of("ocpp1.6", "ocpp2.0.1")).build(), client);

        assertThat(c.info().subprotocol()).isEqualTo("ocpp1.6");
        assertThat(handler.nextConnection().awaitOpen().info().subprotocol()).isEqualTo("ocpp1.6");
        c.close(1000, "");
    }

    @Test
    void noCommonSubprotocolCompletesTheHandshakeWithoutTheHeader() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1",
                Map.of("Sec-WebSocket-Protocol", "ocpp2.1, ocpp1.5"))) {
            assertThat(raw.status).isEqualTo(101);
            assertThat(raw.headers).doesNotContainKey("sec-websocket-protocol");
        }
        assertThat(handler.nextConnection().awaitOpen().info().subprotocol()).isNull();
    }

    @Test
    void acceptedHandshakeAnswersWithExactlyTheDecidedSubprotocol() throws Exception {
        handler.decide = r -> HandshakeDecision.accept("CP1", "ocpp1.6", null);
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1",
                Map.of("Sec-WebSocket-Protocol", "ocpp2.0.1, ocpp1.6"))) {
            assertThat(raw.status).isEqualTo(101);
            assertThat(raw.headers).containsEntry("sec-websocket-protocol", "ocpp1.6");
        }
    }

    @Test
    void percentEncodedIdentityReachesTheHandlerRawAndTheConnectionDecoded() throws Exception {
        RecordingListener client = new RecordingListener();
        TransportConnection c = connect(client(uri(server, "RDAM%20123"), BOTH).build(), client);

        assertThat(handler.nextRequest().rawPath()).isEqualTo("/ocpp/RDAM%20123");
        TransportConnection serverSide = handler.nextConnection().awaitOpen();
        assertThat(serverSide.info().identity()).isEqualTo("RDAM 123");
        assertThat(serverSide.info().requestUri().getRawPath()).isEqualTo("/ocpp/RDAM%20123");
        assertThat(c.info().identity()).isEqualTo("RDAM 123");
        c.close(1000, "");
    }

    @Test
    void refusedIdentityIsAnswered404WithoutUpgrade() throws Exception {
        handler.decide = r -> HandshakeDecision.reject(404, "Unknown station");

        Throwable failure = catchThrowable(() -> connect(client(uri(server, "NOPE"), BOTH).build(),
                new RecordingListener()));

        assertThat(failure).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(HandshakeRejectedException.class, e -> assertThat(e.status()).isEqualTo(404));
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/NOPE", Map.of())) {
            assertThat(raw.statusLine).startsWith("HTTP/1.1 404 Not Found");
            assertThat(raw.headers).doesNotContainKeys("upgrade", "sec-websocket-accept");
        }
        assertThat(handler.connections).isEmpty();
    }

    @Test
    void refusedCredentialsAreAnswered401WithBasicChallenge() throws Exception {
        handler.decide = r -> HandshakeDecision.reject(401, "Authentication failed");

        Throwable failure = catchThrowable(() -> connect(client(uri(server, "CP1"), BOTH)
                .credentials(BasicCredentials.of("CP1", "wrong")).build(), new RecordingListener()));

        assertThat(failure).cause()
                .isInstanceOfSatisfying(HandshakeRejectedException.class, e -> assertThat(e.status()).isEqualTo(401));
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            assertThat(raw.statusLine).startsWith("HTTP/1.1 401 Unauthorized");
            assertThat(raw.headers).containsEntry("www-authenticate", "Basic realm=\"OCPP\"")
                    .doesNotContainKeys("upgrade", "sec-websocket-accept");
        }
        assertThat(handler.connections).isEmpty();
    }

    @Test
    void basicCredentialsReachTheHandlerParsed() throws Exception {
        byte[] password = {0x01, (byte) 0xff, ':', 'x'};
        BasicCredentials sent = new BasicCredentials("CP1", password);
        TransportConnection c = connect(client(uri(server, "CP1"), BOTH).credentials(sent)
                .headers(Map.of("X-Extra", "yes")).build(), new RecordingListener());

        HandshakeRequest request = handler.nextRequest();
        assertThat(request.header("authorization").flatMap(BasicCredentials::parseHeader)).contains(sent);
        assertThat(request.header("X-Extra")).contains("yes");
        assertThat(handler.nextConnection().awaitOpen().info().credentials()).contains(sent);
        c.close(1000, "");
    }

    @Test
    void handshakeRequestCarriesThePeerAndLocalAddresses() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            HandshakeRequest request = handler.nextRequest();
            assertThat(request.remoteAddress()).isEqualTo(raw.socket.getLocalSocketAddress());
            assertThat(request.localAddress()).isEqualTo(server.localAddress());
            TransportConnection serverSide = handler.nextConnection().awaitOpen();
            assertThat(serverSide.info().remoteAddress()).isEqualTo((InetSocketAddress) raw.socket.getLocalSocketAddress());
        }
    }

    @Test
    void pathWithoutIdentityIsNotUpgraded() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp", Map.of())) {
            assertThat(raw.status).isEqualTo(404);
        }
        assertThat(handler.requests.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }
}
