package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.NotConnectedException;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.TimeoutScheduler;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A station's session outlives its connections, over real WebSockets on 127.0.0.1: it reconnects by itself after a
 * CSMS restart, a silent (half-open) CSMS or a refused handshake, with the OCPP 2.0.1 Part 4 §5.3 back-off, and
 * closing it ends everything. Waits are bounded by events, never by sleeping and hoping.
 *
 * <p>{@code OcppClient} and {@code OcppServer} of ocpp-core run over the fixture's factories, so this is the part of
 * the suite that a socket transport passes only if what core expects of it (close codes on a restart, refusals with
 * their HTTP status, ping/pong over a silent path, a port reusable at once) holds end to end. Socket transports only:
 * it restarts a server on the same port and puts a TCP proxy in front of one.
 */
public abstract class ReconnectConformance extends ConformanceBase {

    private static final ActionCatalog CATALOG = ActionCatalog.of(Set.of("Heartbeat", "Reset"));
    private static final long WAIT = 20;
    /** Small waits so that the tests run fast; the largest back-off is 100 ms × 2³ + 50 ms. */
    private static final RetryBackOff FAST = new RetryBackOff(Duration.ofMillis(100), Duration.ofMillis(50), 3);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private TransportClientFactory clientTransport;
    private final BlockingQueue<ConnectionEvent> events = new LinkedBlockingQueue<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        // The client transport is the fixture's, which shares or closes it itself: closing it here would end it for
        // the other tests of a fixture that shares one.
    }

    /** The fixture's client transport, taken once per test so that every station of a test shares it. */
    private TransportClientFactory clientTransport() {
        if (clientTransport == null) {
            clientTransport = fixture().clientFactory();
        }
        return clientTransport;
    }

    private OcppServer startServer(int port, Consumer<OcppServer.Builder> more) {
        OcppServer.Builder b = OcppServer.builder(fixture().serverFactory())
                .transport(t -> t.host("127.0.0.1").port(port).pingInterval(Duration.ZERO))
                .serve(OcppVersion.OCPP16, Handlers.builder(CATALOG)
                        .on("Heartbeat", call -> JsonNodeFactory.instance.objectNode()
                                .put("currentTime", "2025-01-01T12:00:00Z"))
                        .build());
        more.accept(b);
        OcppServer server = b.build().start();
        toClose.add(server);
        return server;
    }

    private OcppClient.Builder station(String identity, int port) {
        return OcppClient.builder(clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + port + "/ocpp"))
                .identity(identity)
                .offer(OcppVersion.OCPP16, Handlers.builder(CATALOG)
                        .on("Reset", call -> JsonNodeFactory.instance.objectNode().put("status", "Accepted"))
                        .build())
                .retryBackOff(FAST)
                .random(() -> 0.5)
                .connectTimeout(Duration.ofSeconds(5))
                .onConnectionEvent(events::add);
    }

    private OcppSession started(OcppClient client) {
        OcppSession s = client.start();
        toClose.add(s::close);
        return s;
    }

    /** The next event of type {@code type}, skipping others; fails after {@link #WAIT} seconds. */
    private <E extends ConnectionEvent> E next(Class<E> type, List<ConnectionEvent> seen) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (true) {
            ConnectionEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(e).as("a %s event within %d s (seen: %s)", type.getSimpleName(), WAIT, seen).isNotNull();
            seen.add(e);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    private static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static Throwable failure(CompletableFuture<?> f) {
        Throwable t = catchThrowable(() -> f.get(WAIT, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        return t.getCause();
    }

    /**
     * Starts the threads of this test's client transport before the thread snapshot of
     * {@link #noLibraryThreadRemainsAfterStationsAndServerAreClosed}: a fixture may share one client transport
     * across tests, whose threads live until it is closed and belong to it, not to the stations (that they end
     * with its close is the transport module's own test). One connection opened and closed is enough to start them.
     * The connection is closed on both sides and its server closed before the snapshot, so that nothing the warm-up
     * leaves running (a close handshake, a timer the server starts for it) is taken for a thread the test leaked.
     */
    private void startClientThreads() throws Exception {
        TransportServer warmUpServer = startServer(b -> { });
        RecordingListener warmUpClient = new RecordingListener();
        TransportConnection warmUp = Await.done(clientTransport().connect(
                client(uri(warmUpServer, "WARM-UP"), BOTH).build(), warmUpClient));
        RecordingListener warmUpServerSide = handler.nextConnection();
        warmUp.close(1000, "warm-up done");
        warmUpClient.awaitClosed();
        warmUpServerSide.awaitClosed();
        warmUpServer.close();
    }

    @Test
    void stationReconnectsUnderTheSameSessionAfterTheCsmsRestartsAndItsWaitingCallGoesOut() throws Exception {
        OcppServer first = startServer(0, b -> { });
        int port = first.port();
        OcppSession session = started(station("CS-1", port).build());
        List<ConnectionEvent> seen = new ArrayList<>();
        next(ConnectionEvent.Connected.class, seen);
        assertThat(session.call("Heartbeat", empty()).get(WAIT, TimeUnit.SECONDS).get("currentTime")).isNotNull();
        session.attributes().put("kept", "yes");

        first.close();
        ConnectionEvent.Disconnected gone = next(ConnectionEvent.Disconnected.class, seen);
        assertThat(gone.closedBy()).isEqualTo(ConnectionEvent.ClosedBy.REMOTE);
        assertThat(session.state()).isNotEqualTo(OcppSession.State.CLOSED);
        // Made while the CSMS is down: waits in the queue for the next connection.
        CompletableFuture<ObjectNode> waiting = session.call("Heartbeat", empty(),
                CallOptions.defaults().withConnectionWait(Duration.ofSeconds(WAIT)));
        next(ConnectionEvent.ReconnectScheduled.class, seen);

        OcppServer second = startServer(port, b -> { });
        ConnectionEvent.Connected back = next(ConnectionEvent.Connected.class, seen);
        assertThat(back.session()).isSameAs(session);
        assertThat(waiting.get(WAIT, TimeUnit.SECONDS).get("currentTime")).isNotNull();
        assertThat(session.call("Heartbeat", empty()).get(WAIT, TimeUnit.SECONDS)).isNotNull();
        assertThat(session.attributes()).containsEntry("kept", "yes");
        assertThat(second.session("CS-1")).isPresent();
        // Every wait stayed within the back-off bound: minimum × 2^repeat + random range at most.
        Duration bound = FAST.backOff(FAST.repeatTimes()).plus(FAST.randomRange());
        List<Duration> waits = seen.stream().filter(e -> e instanceof ConnectionEvent.ReconnectScheduled)
                .map(e -> ((ConnectionEvent.ReconnectScheduled) e).delay()).collect(Collectors.toList());
        assertThat(waits).isNotEmpty().allMatch(d -> d.compareTo(FAST.waitMinimum()) >= 0 && d.compareTo(bound) <= 0);
        assertThat(waits.get(0)).isEqualTo(FAST.delay(0, 0.5));
    }

    @Test
    void silentCsmsIsDetectedByPingPongAndTheStationReconnects() throws Exception {
        OcppServer server = startServer(0, b -> { });
        SilenceableProxy proxy = new SilenceableProxy(server.port());
        toClose.add(proxy);
        OcppSession session = started(station("CS-2", proxy.port())
                .pingInterval(Duration.ofMillis(200)).pongTimeout(Duration.ofMillis(800)).build());
        List<ConnectionEvent> seen = new ArrayList<>();
        next(ConnectionEvent.Connected.class, seen);

        proxy.silence();
        // No close frame can pass a silent path: the missed pong ends the connection on this side.
        ConnectionEvent.Disconnected lost = next(ConnectionEvent.Disconnected.class, seen);
        assertThat(lost.closedBy()).isNotEqualTo(ConnectionEvent.ClosedBy.REMOTE);
        next(ConnectionEvent.ReconnectScheduled.class, seen);
        next(ConnectionEvent.Connected.class, seen);
        assertThat(session.call("Heartbeat", empty()).get(WAIT, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void refusedStationKeepsRetryingWithTheDoublingBackOffAndReportsEachRefusal() throws Exception {
        OcppServer server = startServer(0, b -> b.identityFilter((id, r) -> !id.equals("UNKNOWN")));
        OcppSession session = started(station("UNKNOWN", server.port()).random(() -> 0.0).build());
        List<ConnectionEvent> seen = new ArrayList<>();
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            assertThat(next(ConnectionEvent.HandshakeRefused.class, seen).status()).isEqualTo(404);
            waits.add(next(ConnectionEvent.ReconnectScheduled.class, seen).delay());
        }
        // 100 ms doubled three times, then kept (random part 0).
        assertThat(waits).extracting(Duration::toMillis).containsExactly(100L, 200L, 400L, 800L, 800L);
        assertThat(session.state()).isEqualTo(OcppSession.State.DISCONNECTED);

        session.close();
        assertThat(session.closeFuture().get(WAIT, TimeUnit.SECONDS)).isNotNull();
        events.clear();
        // Longer than the longest wait: no attempt may start after the close.
        assertThat(events.poll(1500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void stationWithWrongCredentialsKeepsRetryingAndReportsEach401() throws Exception {
        OcppServer server = startServer(0, b -> b.authenticator((id, credentials, request) -> false));
        OcppSession session = started(station("CS-401", server.port()).random(() -> 0.0)
                .password("not the one".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build());
        List<ConnectionEvent> seen = new ArrayList<>();
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertThat(next(ConnectionEvent.HandshakeRefused.class, seen).status()).isEqualTo(401);
            waits.add(next(ConnectionEvent.ReconnectScheduled.class, seen).delay());
        }
        assertThat(waits).extracting(Duration::toMillis).containsExactly(100L, 200L, 400L);
        assertThat(session.state()).isEqualTo(OcppSession.State.DISCONNECTED);
    }

    @Test
    void successfulConnectionResetsTheBackOff() throws Exception {
        OcppServer first = startServer(0, b -> { });
        int port = first.port();
        OcppSession session = started(station("CS-3", port).random(() -> 0.0).build());
        List<ConnectionEvent> seen = new ArrayList<>();
        next(ConnectionEvent.Connected.class, seen);
        first.close();
        // Three failed attempts against the closed port double the wait each time.
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waits.add(next(ConnectionEvent.ReconnectScheduled.class, seen).delay());
        }
        assertThat(waits).extracting(Duration::toMillis).containsExactly(100L, 200L, 400L);
        OcppServer second = startServer(port, b -> { });
        next(ConnectionEvent.Connected.class, seen);
        // Open, not only known: the server keeps the session before its new connection is attached, and a
        // disconnect in between has no connection to close.
        Await.until("the CSMS to see the station connected",
                () -> second.session("CS-3").map(OcppSession::isOpen).orElse(false));
        second.session("CS-3").orElseThrow().disconnect(1001, "Going away");
        next(ConnectionEvent.Disconnected.class, seen);
        assertThat(next(ConnectionEvent.ReconnectScheduled.class, seen).delay()).isEqualTo(Duration.ofMillis(100));
        next(ConnectionEvent.Connected.class, seen);
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void backOffChangedAtRunTimeAppliesFromTheNextWait() throws Exception {
        OcppServer server = startServer(0, b -> b.identityFilter((id, r) -> false));
        OcppClient client = station("CS-4", server.port()).random(() -> 0.0).build();
        started(client);
        List<ConnectionEvent> seen = new ArrayList<>();
        assertThat(next(ConnectionEvent.ReconnectScheduled.class, seen).delay()).isEqualTo(Duration.ofMillis(100));
        client.retryBackOff(RetryBackOff.ofSeconds(0, 0, 0).withWaitMinimum(Duration.ofMillis(30)));
        assertThat(next(ConnectionEvent.ReconnectScheduled.class, seen).delay()).isEqualTo(Duration.ofMillis(30));
        assertThat(next(ConnectionEvent.ReconnectScheduled.class, seen).delay()).isEqualTo(Duration.ofMillis(30));
    }

    @Test
    void closingTheStationCompletesEveryPendingFutureAndEndsTheSession() throws Exception {
        CompletableFuture<ObjectNode> never = new CompletableFuture<>();
        OcppServer server = startServer(0, b -> b.serve(OcppVersion.OCPP16,
                Handlers.builder(CATALOG).onAsync("Heartbeat", c -> never).build()));
        OcppSession session = started(station("CS-5", server.port()).build());
        List<ConnectionEvent> seen = new ArrayList<>();
        next(ConnectionEvent.Connected.class, seen);
        CompletableFuture<ObjectNode> onTheWire = session.call("Heartbeat", empty());
        CompletableFuture<ObjectNode> queued = session.call("Heartbeat", empty());

        session.close();
        assertThat(failure(onTheWire)).isInstanceOf(ConnectionClosedException.class);
        assertThat(failure(queued)).isInstanceOf(ConnectionClosedException.class);
        assertThat(session.closeFuture().get(WAIT, TimeUnit.SECONDS).code()).isEqualTo(1000);
        assertThat(session.state()).isEqualTo(OcppSession.State.CLOSED);
        assertThat(failure(session.call("Heartbeat", empty()))).isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void callWhileDisconnectedFailsAtOnceWhenItMayNotWaitAndAfterItsWaitOtherwise() throws Exception {
        OcppServer server = startServer(0, b -> b.identityFilter((id, r) -> false));
        OcppSession session = started(station("CS-6", server.port()).build());
        assertThat(failure(session.call("Heartbeat", empty(),
                CallOptions.defaults().withConnectionWait(Duration.ZERO)))).isInstanceOf(NotConnectedException.class);
        assertThat(failure(session.call("Heartbeat", empty(),
                CallOptions.defaults().withConnectionWait(Duration.ofMillis(300)))))
                .isInstanceOf(NotConnectedException.class).hasMessageContaining("within");
    }

    @Test
    void csmsKeepsTheSessionOfAStationThatReconnectsAndCallsToItWaitOrFail() throws Exception {
        OcppServer server = startServer(0, b -> { });
        OcppSession station = started(station("CS-7", server.port()).build());
        List<ConnectionEvent> seen = new ArrayList<>();
        next(ConnectionEvent.Connected.class, seen);
        Await.until("the CSMS to see the station connected",
                () -> server.session("CS-7").map(OcppSession::isOpen).orElse(false));
        OcppSession handle = server.session("CS-7").orElseThrow();
        handle.attributes().put("tariff", "night");

        station.disconnect(1000, "bye for now");
        next(ConnectionEvent.Disconnected.class, seen);
        Await.until("the CSMS to see the station go", () -> !handle.isOpen());
        assertThat(server.session("CS-7")).containsSame(handle);
        assertThat(failure(server.call("CS-7", "Reset", empty()))).isInstanceOf(NotConnectedException.class);
        CompletableFuture<ObjectNode> patient = server.call("CS-7", "Reset", empty(),
                CallOptions.defaults().withConnectionWait(Duration.ofSeconds(WAIT)));

        next(ConnectionEvent.Connected.class, seen);
        assertThat(patient.get(WAIT, TimeUnit.SECONDS).get("status").asText()).isEqualTo("Accepted");
        assertThat(server.session("CS-7")).containsSame(handle);
        assertThat(handle.attributes()).containsEntry("tariff", "night");
        // A station never seen is waited for too, when asked.
        assertThat(failure(server.call("NOBODY", "Reset", empty(),
                CallOptions.defaults().withConnectionWait(Duration.ofMillis(200)))))
                .isInstanceOf(NotConnectedException.class);
    }

    @Test
    void noLibraryThreadRemainsAfterStationsAndServerAreClosed() throws Exception {
        startClientThreads();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        SessionConfig config = SessionConfig.builder().executor(executor).scheduler(TimeoutScheduler.of(timer))
                .build();
        try {
            OcppServer server = OcppServer.builder(fixture().serverFactory())
                    .transport(t -> t.host("127.0.0.1").port(0).pingInterval(Duration.ZERO))
                    .sessionConfig(config)
                    .serve(OcppVersion.OCPP16, Handlers.builder(CATALOG)
                            .on("Heartbeat", c -> JsonNodeFactory.instance.objectNode()
                                    .put("currentTime", "2025-01-01T12:00:00Z")).build())
                    .build().start();
            List<OcppSession> stations = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                OcppSession s = station("LEAK-" + i, server.port()).sessionConfig(config).build().connect()
                        .get(WAIT, TimeUnit.SECONDS);
                s.call("Heartbeat", empty()).get(WAIT, TimeUnit.SECONDS);
                stations.add(s);
            }
            stations.forEach(OcppSession::close);
            for (OcppSession s : stations) {
                s.closeFuture().get(WAIT, TimeUnit.SECONDS);
            }
            server.close();
        } finally {
            executor.shutdown();
            timer.shutdown();
        }
        // The library's own threads are named ocpp-*; the rest are the names of the Tyrus/Grizzly and java.net.http
        // threads a transport may start on its behalf.
        Predicate<Thread> library = t -> !before.contains(t) && t.isAlive() && !fixture().isSharedClientThread(t)
                && t.getName().toLowerCase(java.util.Locale.ROOT).matches(".*(ocpp|grizzly|tyrus|selector).*");
        // A client transport that stops its threads by itself does so a few seconds after its last connection closed.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(library).map(Thread::getName)
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertThat(left).as("library threads still alive 30 s after everything was closed").isEmpty();
    }
}
