package dev.ocpp.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.transport.netty.NettyClientTransport;
import dev.ocpp.transport.netty.NettyServerTransport;
import dev.ocpp.transport.tyrus.TyrusClientTransport;
import dev.ocpp.transport.tyrus.TyrusServerTransport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A CSMS and stations from this library over real WebSockets on 127.0.0.1, each with a security configuration, and
 * the security events both sides report.
 */
final class SecurityFixture implements AutoCloseable {

    /** The two WebSocket transports every security test runs on; their clients serve all tests of the JVM. */
    static final Transports TYRUS = new Transports("Tyrus", new TyrusServerTransport(), new TyrusClientTransport());
    static final Transports NETTY = new Transports("Netty", new NettyServerTransport(1), new NettyClientTransport());

    /** A server and a client transport of one kind. */
    record Transports(String name, TransportServerFactory server, TransportClientFactory client) {
    }

    private final Transports transports;
    private static final ActionCatalog ACTIONS = ActionCatalog.of(Set.of("Heartbeat"));

    final BlockingQueue<SecurityEvent> csmsEvents = new LinkedBlockingQueue<>();
    final BlockingQueue<SecurityEvent> stationEvents = new LinkedBlockingQueue<>();
    /** Long, so that a test ended by the timeout fails on {@link #REFUSAL_BOUND_MILLIS}. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** How soon a refusal must reach the station. */
    static final long REFUSAL_BOUND_MILLIS = 5000;

    /** Sessions the CSMS opened and CALLs it received: both must stay at zero for a refused station. */
    final AtomicInteger sessionsOpened = new AtomicInteger();
    final AtomicInteger callsReceived = new AtomicInteger();
    private final List<AutoCloseable> open = new ArrayList<>();
    private OcppServer server;

    SecurityFixture(Transports transports) {
        this.transports = transports;
    }

    Transports transports() {
        return transports;
    }

    /** Starts a CSMS on an ephemeral port. */
    SecurityFixture csms(CsmsSecurity.Builder security) {
        CsmsSecurity s = security.onEvent(csmsEvents::add).build();
        Handlers handlers = Handlers.builder(ACTIONS).on("Heartbeat", call -> {
            callsReceived.incrementAndGet();
            return JsonNodeFactory.instance.objectNode().put("currentTime", "2026-11-21T10:00:00Z");
        }).build();
        server = s.applyTo(OcppServer.builder(transports.server()))
                .sessionConfig(SessionConfig.builder().listener(new OcppEventListener() {
                    @Override
                    public void sessionOpened(OcppSession session) {
                        sessionsOpened.incrementAndGet();
                    }
                }).build())
                .serve(OcppVersion.OCPP201, handlers)
                .build()
                .start();
        open.add(server::close);
        return this;
    }

    int port() {
        return server.port();
    }

    URI endpoint(String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + port() + "/ocpp");
    }

    /** A station client with {@code security} and whatever else {@code more} sets; not yet connected. */
    OcppClient station(String scheme, String identity, StationSecurity.Builder security,
                       Consumer<OcppClient.Builder> more) {
        OcppClient.Builder b = OcppClient.builder(transports.client())
                .endpoint(endpoint(scheme))
                .identity(identity)
                .connectTimeout(CONNECT_TIMEOUT)
                // One connection per test: a refused or lost connection ends the session instead of retrying.
                .reconnect(false)
                .offer(OcppVersion.OCPP201, Handlers.none(ACTIONS));
        if (security != null) {
            security.onEvent(stationEvents::add).build().applyTo(b);
        }
        more.accept(b);
        return b.build();
    }

    /** Connects and makes one Heartbeat: the proof that the station got in and can talk. */
    void connectsAndTalks(OcppClient client) throws Exception {
        OcppSession session = client.connect().get(10, TimeUnit.SECONDS);
        open.add(() -> session.close(1000, "test done"));
        ObjectNode answer = session.call("Heartbeat", JsonNodeFactory.instance.objectNode()).get(10, TimeUnit.SECONDS);
        assertThat(answer.get("currentTime").asText()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(callsReceived.get()).isEqualTo(1);
    }

    /**
     * Connects, expecting a refusal; returns the failure's cause. The refusal must come well before the connect
     * timeout ({@link #CONNECT_TIMEOUT}): a station that only gives up when its timeout fires has not seen why.
     */
    Throwable refused(OcppClient client) throws Exception {
        long start = System.nanoTime();
        CompletableFuture<OcppSession> c = client.connect();
        try {
            OcppSession s = c.get(CONNECT_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            s.close(1000, "should not have connected");
            throw new AssertionError("the station was let in");
        } catch (java.util.concurrent.ExecutionException e) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis).as("refusal seen after %d ms (connect timeout %s): %s", millis, CONNECT_TIMEOUT,
                    chain(e.getCause())).isLessThan(REFUSAL_BOUND_MILLIS);
            return e.getCause();
        }
    }

    /**
     * Asserts that the cause chain of {@code failure} holds a {@code type} whose message contains one of the texts: the
     * station's own view of why it was refused.
     */
    static void assertCause(Throwable failure, Class<? extends Throwable> type, String... anyOfTexts) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (String text : anyOfTexts) {
                if (type.isInstance(t) && t.getMessage() != null && t.getMessage().contains(text)) {
                    return;
                }
            }
        }
        throw new AssertionError("expected a " + type.getSimpleName() + " with one of "
                + java.util.Arrays.toString(anyOfTexts) + " in the cause chain: " + chain(failure));
    }

    private static String chain(Throwable failure) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            s.append(s.length() == 0 ? "" : " <- ").append(t);
        }
        return s.toString();
    }

    /** The next event of a side, waiting up to 10 s: events are delivered on their own executor. */
    static SecurityEvent next(BlockingQueue<SecurityEvent> events) throws InterruptedException {
        SecurityEvent e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("a security event").isNotNull();
        return e;
    }

    /** Nothing crossed: no session opened on the CSMS, no CALL handled. */
    void nothingExchanged() {
        assertThat(sessionsOpened.get()).as("sessions opened").isZero();
        assertThat(callsReceived.get()).as("calls handled").isZero();
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }
}
