package dev.ocpp.transport.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.Authenticator;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppProtocolException;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.HandshakeRejectedException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OcppServer and OcppClient through the in-memory transport: handshake policy, threading, session lifecycle. */
class InMemoryEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ActionCatalog CATALOG = ActionCatalog.of(Set.of("Heartbeat", "Reset", "BootNotification"));

    private final InMemoryNetwork net = new InMemoryNetwork();
    private final List<String> handlerThreads = new CopyOnWriteArrayList<>();
    private OcppServer server;

    private ObjectNode obj(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Handlers csmsHandlers() {
        return Handlers.builder(CATALOG).on("Heartbeat", c -> {
            handlerThreads.add(Thread.currentThread().getName());
            return obj("{\"currentTime\":\"2026-11-21T00:00:00Z\"}");
        }).build();
    }

    private OcppServer start(java.util.function.Consumer<OcppServer.Builder> tweak) {
        OcppServer.Builder b = OcppServer.builder(net.serverTransport())
                .serve(OcppVersion.OCPP16, csmsHandlers())
                .serve(OcppVersion.OCPP201, csmsHandlers());
        tweak.accept(b);
        server = b.build().start();
        return server;
    }

    private OcppClient.Builder client(String identity, OcppVersion... offers) {
        OcppClient.Builder b = OcppClient.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + server.port() + "/ocpp"))
                .identity(identity)
                // These tests are about one connection each: a lost connection ends the session.
                .reconnect(false);
        for (OcppVersion v : offers) {
            b.offer(v, Handlers.builder(CATALOG).on("Reset", c -> obj("{\"status\":\"Accepted\"}")).build());
        }
        return b;
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void stationAndCsmsExchangeCallsBothWays() throws Exception {
        start(b -> { });
        OcppSession station = client("CP001", OcppVersion.OCPP201).build().connect().get(5, TimeUnit.SECONDS);
        assertThat(station.version()).isEqualTo(OcppVersion.OCPP201);
        assertThat(station.call("Heartbeat", obj("{}")).get(5, TimeUnit.SECONDS).get("currentTime").asText())
                .isEqualTo("2026-11-21T00:00:00Z");

        OcppSession csmsSide = server.session("CP001").orElseThrow();
        assertThat(csmsSide.connectionInfo().identity()).isEqualTo("CP001");
        assertThat(server.call("CP001", "Reset", obj("{}")).get(5, TimeUnit.SECONDS).get("status").asText())
                .isEqualTo("Accepted");
    }

    @Test
    void handlersAndCompletionsNeverRunOnTheTransportThread() throws Exception {
        start(b -> { });
        OcppSession station = client("CP001", OcppVersion.OCPP16).build().connect().get(5, TimeUnit.SECONDS);
        String completedOn = station.call("Heartbeat", obj("{}"))
                .thenApply(r -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
        assertThat(handlerThreads).hasSize(1);
        assertThat(handlerThreads.get(0)).doesNotStartWith("inmemory-");
        assertThat(completedOn).doesNotStartWith("inmemory-");
    }

    @Test
    void serverPicksTheFirstOfTheClientsOffersThatItServes() throws Exception {
        start(b -> { });
        OcppSession a = client("A", OcppVersion.OCPP201, OcppVersion.OCPP16).build().connect().get(5, TimeUnit.SECONDS);
        OcppSession b = client("B", OcppVersion.OCPP16, OcppVersion.OCPP201).build().connect().get(5, TimeUnit.SECONDS);
        assertThat(a.version()).isEqualTo(OcppVersion.OCPP201);
        assertThat(b.version()).isEqualTo(OcppVersion.OCPP16);
    }

    @Test
    void noCommonSubprotocolFailsTheConnectAndTheServerClosesTheConnection() {
        OcppServer.Builder b = OcppServer.builder(net.serverTransport()).serve(OcppVersion.OCPP16, csmsHandlers());
        server = b.build().start();
        Throwable t = failure(client("CP001", OcppVersion.OCPP201).build().connect());
        assertThat(t).isInstanceOfAny(OcppProtocolException.class, ConnectionClosedException.class);
        assertThat(server.sessions()).isEmpty();
    }

    @Test
    void identityIsPercentDecodedFromTheLastPathSegment() throws Exception {
        start(b -> { });
        client("RDAM 123", OcppVersion.OCPP16).build().connect().get(5, TimeUnit.SECONDS);
        assertThat(server.session("RDAM 123")).isPresent();
    }

    @Test
    void refusedIdentityIsAnsweredWith404() {
        start(b -> b.identityFilter((id, req) -> id.startsWith("CP")));
        Throwable t = failure(client("XX1", OcppVersion.OCPP16).build().connect());
        assertThat(t).hasCauseInstanceOf(HandshakeRejectedException.class);
        assertThat(((HandshakeRejectedException) t.getCause()).status()).isEqualTo(404);
    }

    @Test
    void ocpp201IdentityRulesApplyOnlyWhen201IsNegotiated() throws Exception {
        start(b -> { });
        Throwable colon = failure(client("CP:1", OcppVersion.OCPP201).build().connect());
        assertThat(((HandshakeRejectedException) colon.getCause()).status()).isEqualTo(404);
        Throwable tooLong = failure(client("C".repeat(49), OcppVersion.OCPP201).build().connect());
        assertThat(((HandshakeRejectedException) tooLong.getCause()).status()).isEqualTo(404);
        assertThat(client("C".repeat(48), OcppVersion.OCPP201).build().connect().get(5, TimeUnit.SECONDS))
                .isNotNull();
        assertThat(client("CP:1", OcppVersion.OCPP16).build().connect().get(5, TimeUnit.SECONDS).version())
                .isEqualTo(OcppVersion.OCPP16);
    }

    @Test
    void authenticatorSeesBasicCredentialsAndItsRefusalIs401() throws Exception {
        Authenticator auth = (id, creds, req) -> creds.map(c -> c.username().equals(id)
                && c.passwordAsString().equals("s3cret")).orElse(false);
        start(b -> b.authenticator(auth));
        Throwable none = failure(client("CP001", OcppVersion.OCPP16).build().connect());
        assertThat(((HandshakeRejectedException) none.getCause()).status()).isEqualTo(401);
        Throwable wrong = failure(client("CP001", OcppVersion.OCPP16)
                .credentials(BasicCredentials.of("CP001", "nope")).build().connect());
        assertThat(((HandshakeRejectedException) wrong.getCause()).status()).isEqualTo(401);
        OcppSession ok = client("CP001", OcppVersion.OCPP16).credentials(BasicCredentials.of("CP001", "s3cret"))
                .build().connect().get(5, TimeUnit.SECONDS);
        assertThat(server.session("CP001").orElseThrow().connectionInfo().credentials()).isPresent();
        assertThat(ok.isOpen()).isTrue();
    }

    @Test
    void reconnectingStationReplacesItsPreviousConnection() throws Exception {
        start(b -> { });
        OcppSession first = client("CP001", OcppVersion.OCPP16).build().connect().get(5, TimeUnit.SECONDS);
        OcppSession second = client("CP001", OcppVersion.OCPP16).build().connect().get(5, TimeUnit.SECONDS);
        first.closeFuture().get(5, TimeUnit.SECONDS);
        assertThat(second.isOpen()).isTrue();
        assertThat(server.sessions()).hasSize(1);
        assertThat(server.call("CP001", "Reset", obj("{}")).get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void callToAStationThatIsNotConnectedFailsWithConnectionClosed() {
        start(b -> { });
        assertThat(failure(server.call("nobody", "Reset", obj("{}")))).isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void closingTheServerFailsThePendingCallsOfItsStations() throws Exception {
        CompletableFuture<ObjectNode> never = new CompletableFuture<>();
        OcppServer.Builder b = OcppServer.builder(net.serverTransport())
                .serve(OcppVersion.OCPP16, Handlers.builder(CATALOG).onAsync("Heartbeat", c -> never).build());
        server = b.build().start();
        OcppSession station = client("CP001", OcppVersion.OCPP16).build().connect().get(5, TimeUnit.SECONDS);
        CompletableFuture<ObjectNode> pending = station.call("Heartbeat", obj("{}"));
        server.close();
        assertThat(failure(pending)).isInstanceOf(ConnectionClosedException.class);
        assertThat(station.closeFuture().get(5, TimeUnit.SECONDS).code()).isEqualTo(1001);
    }

    @Test
    void unsupportedActionIsAnsweredAcrossTheWireWithTheVersionsSpelling() throws Exception {
        start(b -> { });
        OcppSession station = client("CP001", OcppVersion.OCPP16).build().connect().get(5, TimeUnit.SECONDS);
        Throwable t = failure(station.call("BootNotification", obj("{}")));
        assertThat(((CallErrorException) t).code()).isEqualTo(ErrorCode.NOT_SUPPORTED);
        Throwable u = failure(station.call("Bogus", obj("{}")));
        assertThat(((CallErrorException) u).code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
    }

    @Test
    void oversizeMessageClosesTheConnectionWith1009() throws Exception {
        start(b -> b.transport(t -> t.maxMessageSize(1024)));
        OcppSession station = client("CP001", OcppVersion.OCPP16).build().connect().get(5, TimeUnit.SECONDS);
        CompletableFuture<ObjectNode> big = station.call("Heartbeat", obj("{\"pad\":\"" + "x".repeat(2000) + "\"}"),
                Duration.ofSeconds(5));
        assertThat(failure(big)).isInstanceOf(ConnectionClosedException.class);
        assertThat(station.closeFuture().get(5, TimeUnit.SECONDS).code()).isEqualTo(1009);
    }

    @Test
    void aStationThatKeepsDroppingHoldsOneRetentionTimerNotOnePerDrop() throws Exception {
        java.util.concurrent.atomic.AtomicInteger live = new java.util.concurrent.atomic.AtomicInteger();
        // Counts timers scheduled and not yet cancelled; none fires within this test (one hour retention).
        dev.ocpp.core.TimeoutScheduler counting = (task, delay) -> {
            live.incrementAndGet();
            java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
            return () -> {
                if (cancelled.compareAndSet(false, true)) {
                    live.decrementAndGet();
                }
            };
        };
        start(b -> b.sessionConfig(dev.ocpp.core.SessionConfig.builder().scheduler(counting).build()));
        for (int i = 0; i < 50; i++) {
            OcppSession s = client("CP001", OcppVersion.OCPP16).build().connect().get(5, TimeUnit.SECONDS);
            s.close();
            s.closeFuture().get(5, TimeUnit.SECONDS);
            OcppSession handle = server.session("CP001").orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (handle.isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        assertThat(server.session("CP001")).isPresent();
        // One pending end of the retained session, whatever the number of drops.
        assertThat(live.get()).isLessThanOrEqualTo(1);
    }

    @Test
    void keepsAtMostMaxRetainedSessionsOfGoneStationsEndingTheOldestFirst() throws Exception {
        start(b -> b.maxRetainedSessions(10));
        for (int i = 0; i < 30; i++) {
            OcppSession s = client("CP" + i, OcppVersion.OCPP16).build().connect().get(5, TimeUnit.SECONDS);
            s.close();
            s.closeFuture().get(5, TimeUnit.SECONDS);
            OcppSession handle = server.session("CP" + i).orElseThrow();
            // Wait until the server itself has let go of the connection (state() leaves CONNECTED where the session
            // is put among the retained), not only until the connection reports closed (isOpen() turns false first):
            // otherwise two stations' drops could reach the server in the other order, and so be evicted in it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (handle.state() == OcppSession.State.CONNECTED && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        // Issue 15: one hour of retention for every identity ever seen would let made-up identities fill the heap.
        // The last drop's bookkeeping runs just after its connection reports closed, so its eviction may still be
        // on its way: wait (bounded) for it rather than rely on the order of two threads.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.session("CP19").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(server.session("CP" + i)).as("CP" + i).isEmpty();
        }
        for (int i = 20; i < 30; i++) {
            assertThat(server.session("CP" + i)).as("CP" + i).isPresent();
        }
    }
}
