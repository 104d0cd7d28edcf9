package dev.ocpp.transport.tyrus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.Authenticator;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppProtocolException;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.transport.testsuite.RawWebSocket;
import dev.ocpp.transport.testsuite.RecordingListener;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RPC engine ({@link OcppServer}, {@link OcppClient}) over real Tyrus WebSockets. */
class OcppEndToEndTest {

    private static final ActionCatalog CATALOG = ActionCatalog.of(Set.of("Heartbeat", "Reset"));
    private static final String CURRENT_TIME = "2025-01-01T12:00:00Z";
    private static final long WAIT = 10;

    private OcppServer server;
    /** One client transport for every station of a test, closed after them: it owns their threads. */
    private final TyrusClientTransport clientTransport = new TyrusClientTransport();

    @AfterEach
    void stop() {
        clientTransport.close();
        if (server != null) {
            server.close();
        }
    }

    private OcppServer start(OcppServer.Builder builder) {
        server = builder.transport(t -> t.host("127.0.0.1").port(0).pingInterval(java.time.Duration.ZERO)).build()
                .start();
        return server;
    }

    private static Handlers csmsHandlers() {
        return Handlers.builder(CATALOG)
                .on("Heartbeat", call -> JsonNodeFactory.instance.objectNode().put("currentTime", CURRENT_TIME))
                .build();
    }

    private static Handlers stationHandlers() {
        return Handlers.builder(CATALOG)
                .on("Reset", call -> JsonNodeFactory.instance.objectNode().put("status", "Accepted"))
                .build();
    }

    private OcppClient.Builder station(String identity, OcppVersion... versions) {
        OcppClient.Builder b = OcppClient.builder(clientTransport)
                .endpoint(URI.create("ws://127.0.0.1:" + server.port() + "/ocpp"))
                .identity(identity)
                // These tests are about one connection each: a lost connection ends the session.
                .reconnect(false);
        for (OcppVersion v : versions) {
            b.offer(v, stationHandlers());
        }
        return b;
    }

    private static Throwable connectFailure(OcppClient client) {
        Throwable t = catchThrowable(() -> client.connect().get(WAIT, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        return t.getCause();
    }

    @Test
    void heartbeatRoundTripsAndTheServerCanCallTheStation() throws Exception {
        start(OcppServer.builder(new TyrusServerTransport()).serve(OcppVersion.OCPP16, csmsHandlers()));
        OcppSession station = station("CP001", OcppVersion.OCPP16).build().connect().get(WAIT, TimeUnit.SECONDS);

        ObjectNode answer = station.call("Heartbeat", JsonNodeFactory.instance.objectNode())
                .get(WAIT, TimeUnit.SECONDS);
        assertThat(answer.get("currentTime").asText()).isEqualTo(CURRENT_TIME);
        assertThat(station.version()).isEqualTo(OcppVersion.OCPP16);

        ObjectNode reset = server.call("CP001", "Reset", JsonNodeFactory.instance.objectNode().put("type", "Soft"))
                .get(WAIT, TimeUnit.SECONDS);
        assertThat(reset.get("status").asText()).isEqualTo("Accepted");
        assertThat(server.session("CP001")).hasValueSatisfying(s ->
                assertThat(s.connectionInfo().remoteAddress().getAddress().isLoopbackAddress()).isTrue());

        station.close();
        assertThat(station.closeFuture().get(WAIT, TimeUnit.SECONDS).code()).isEqualTo(1000);
    }

    @Test
    void serverPrefersTheStationsFirstOffer() throws Exception {
        start(OcppServer.builder(new TyrusServerTransport())
                .serve(OcppVersion.OCPP16, csmsHandlers()).serve(OcppVersion.OCPP201, csmsHandlers()));

        OcppSession first201 = station("CP1", OcppVersion.OCPP201, OcppVersion.OCPP16).build().connect()
                .get(WAIT, TimeUnit.SECONDS);
        OcppSession first16 = station("CP2", OcppVersion.OCPP16, OcppVersion.OCPP201).build().connect()
                .get(WAIT, TimeUnit.SECONDS);

        assertThat(first201.version()).isEqualTo(OcppVersion.OCPP201);
        assertThat(first16.version()).isEqualTo(OcppVersion.OCPP16);
        first201.close();
        first16.close();
    }

    @Test
    void noCommonSubprotocolFailsTheClientWithAProtocolError() throws Exception {
        start(OcppServer.builder(new TyrusServerTransport()).serve(OcppVersion.OCPP16, csmsHandlers()));
        ExecutorService inOrder = Executors.newSingleThreadExecutor();
        try {
            // OcppClient completes its future from two executor tasks (protocol error from onOpen, then "closed
            // during the handshake" from onClosed) and the first to run wins; on a fresh multi-threaded pool the
            // second can overtake the first. A FIFO executor keeps the engine's intended outcome deterministic.
            OcppClient client = station("CP1", OcppVersion.OCPP201)
                    .sessionConfig(SessionConfig.builder().executor(inOrder).build()).build();

            Throwable failure = connectFailure(client);

            assertThat(failure).isInstanceOf(OcppProtocolException.class);
        } finally {
            inOrder.shutdownNow();
        }
    }

    @Test
    void noCommonSubprotocolMakesTheServerCloseAtOnceNamingWhatItServes() throws Exception {
        start(OcppServer.builder(new TyrusServerTransport()).serve(OcppVersion.OCPP16, csmsHandlers()));

        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1",
                Map.of("Sec-WebSocket-Protocol", "ocpp2.0.1"))) {
            assertThat(raw.status).isEqualTo(101);
            assertThat(raw.headers).doesNotContainKey("sec-websocket-protocol");
            RawWebSocket.Frame close = raw.readDataOrClose();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(1002);
            assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
                    .contains("ocpp1.6");
        }
        assertThat(server.sessions()).isEmpty();
    }

    @Test
    void identityWithColonIsRefused404On201ButAcceptedOn16() throws Exception {
        start(OcppServer.builder(new TyrusServerTransport())
                .serve(OcppVersion.OCPP16, csmsHandlers()).serve(OcppVersion.OCPP201, csmsHandlers()));

        Throwable encoded = catchThrowable(() -> Fixtures.connect(ClientTransportConfig
                .builder(URI.create("ws://127.0.0.1:" + server.port() + "/ocpp/CP%3A1"))
                .subprotocols(List.of("ocpp2.0.1")).build(), new RecordingListener()));
        assertThat(encoded).cause().isInstanceOfSatisfying(HandshakeRejectedException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThat(connectFailure(station("CP:1", OcppVersion.OCPP201).build())).cause()
                .isInstanceOfSatisfying(HandshakeRejectedException.class, e -> assertThat(e.status()).isEqualTo(404));

        OcppSession on16 = station("CP:1", OcppVersion.OCPP16).build().connect().get(WAIT, TimeUnit.SECONDS);
        assertThat(on16.identity()).isEqualTo("CP:1");
        // The client may see the 101 before the server has opened its side of the session.
        Fixtures.await("the server session", () -> server.session("CP:1").isPresent());
        on16.close();
    }

    @Test
    void identityLongerThan48IsRefused404On201ButAcceptedOn16() throws Exception {
        start(OcppServer.builder(new TyrusServerTransport())
                .serve(OcppVersion.OCPP16, csmsHandlers()).serve(OcppVersion.OCPP201, csmsHandlers()));
        String longIdentity = "X".repeat(49);

        assertThat(connectFailure(station(longIdentity, OcppVersion.OCPP201).build()))
                .isInstanceOf(ConnectionClosedException.class).cause()
                .isInstanceOfSatisfying(HandshakeRejectedException.class, e -> assertThat(e.status()).isEqualTo(404));
        OcppSession exactly48 = station("Y".repeat(48), OcppVersion.OCPP201).build().connect()
                .get(WAIT, TimeUnit.SECONDS);
        OcppSession on16 = station(longIdentity, OcppVersion.OCPP16).build().connect().get(WAIT, TimeUnit.SECONDS);

        assertThat(exactly48.version()).isEqualTo(OcppVersion.OCPP201);
        assertThat(on16.identity()).isEqualTo(longIdentity);
        exactly48.close();
        on16.close();
    }

    @Test
    void identityFilterRefusalIs404() throws Exception {
        start(OcppServer.builder(new TyrusServerTransport()).serve(OcppVersion.OCPP16, csmsHandlers())
                .identityFilter((identity, request) -> identity.startsWith("KNOWN")));

        assertThat(connectFailure(station("STRANGER", OcppVersion.OCPP16).build())).cause()
                .isInstanceOfSatisfying(HandshakeRejectedException.class, e -> assertThat(e.status()).isEqualTo(404));
        station("KNOWN-1", OcppVersion.OCPP16).build().connect().get(WAIT, TimeUnit.SECONDS).close();
    }

    @Test
    void refusingAuthenticatorIs401AndAcceptedCredentialsReachTheSession() throws Exception {
        Authenticator passwordIsSecret = (identity, credentials, request) -> credentials
                .map(c -> c.username().equals(identity) && c.passwordMatches("secret".getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
        start(OcppServer.builder(new TyrusServerTransport()).serve(OcppVersion.OCPP16, csmsHandlers())
                .authenticator(passwordIsSecret));

        assertThat(connectFailure(station("CP1", OcppVersion.OCPP16)
                .credentials(BasicCredentials.of("CP1", "wrong")).build())).cause()
                .isInstanceOfSatisfying(HandshakeRejectedException.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThat(connectFailure(station("CP1", OcppVersion.OCPP16).build())).cause()
                .isInstanceOfSatisfying(HandshakeRejectedException.class, e -> assertThat(e.status()).isEqualTo(401));

        OcppSession ok = station("CP1", OcppVersion.OCPP16).credentials(BasicCredentials.of("CP1", "secret")).build()
                .connect().get(WAIT, TimeUnit.SECONDS);
        ok.call("Heartbeat", JsonNodeFactory.instance.objectNode()).get(WAIT, TimeUnit.SECONDS);
        assertThat(server.session("CP1")).hasValueSatisfying(s -> assertThat(s.connectionInfo().credentials())
                .contains(BasicCredentials.of("CP1", "secret")));
        ok.close();
    }

    @Test
    void closingTheServerClosesStationsWithGoingAway() throws Exception {
        start(OcppServer.builder(new TyrusServerTransport()).serve(OcppVersion.OCPP16, csmsHandlers()));
        OcppSession station = station("CP1", OcppVersion.OCPP16).build().connect().get(WAIT, TimeUnit.SECONDS);
        station.call("Heartbeat", JsonNodeFactory.instance.objectNode()).get(WAIT, TimeUnit.SECONDS);

        server.close();

        assertThat(station.closeFuture().get(WAIT, TimeUnit.SECONDS).code()).isEqualTo(1001);
    }
}
