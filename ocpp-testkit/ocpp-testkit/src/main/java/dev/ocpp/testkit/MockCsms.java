package dev.ocpp.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.Authenticator;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.TimeoutScheduler;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.testkit.internal.VersionKit;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.transport.netty.NettyClientTransport;
import dev.ocpp.transport.netty.NettyServerTransport;
import dev.ocpp.v16.Ocpp16Request;
import dev.ocpp.v16.Ocpp16Response;
import dev.ocpp.v201.Ocpp201Request;
import dev.ocpp.v201.Ocpp201Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;

/**
 * A CSMS to test a station against: it accepts the station's connection (OCPP-J 1.6 §3, OCPP 2.0.1 Part 4 §3),
 * answers every station-initiated CALL of its version with a plausible, schema-valid default (BootNotification
 * Accepted with a heartbeat interval of {@value #DEFAULT_HEARTBEAT_INTERVAL} s, Authorize Accepted, a new 1.6
 * transactionId per StartTransaction ...) unless the test says otherwise, records every exchange in its
 * {@link #journal()}, and sends CALLs of its own to the station.
 *
 * <pre>{@code
 * try (MockCsms csms = MockCsms.start(OcppVersion.OCPP16)) {
 *     csms.enqueue(AuthorizeRequest.class, new AuthorizeResponse()        // once; then Accepted again
 *             .withIdTagInfo(new IdTagInfo().withStatus(AuthorizationStatus.BLOCKED)));
 *     Ocpp16ChargePoint station = Ocpp16ChargePoint.builder(csms.stationTransport())
 *             .endpoint(csms.url()).identity("CP-1").bootNotification(boot)
 *             .on(ResetRequest.class, r -> new ResetResponse().withStatus(ResetStatus.ACCEPTED)).build();
 *     Ocpp16CentralSystemSession toCsms = station.start();                // boots; the mock accepts
 *     BootNotificationRequest sent = csms.takeCall(BootNotificationRequest.class, Duration.ofSeconds(10));
 *     ResetResponse reset = csms.call("CP-1", new ResetRequest().withType(ResetType.SOFT)).get();
 *     assertThat(csms.journal().exchanges("Reset")).hasSize(1);
 *     toCsms.session().close();                                           // before the mock
 * }
 * }</pre>
 *
 * <p><b>Transport.</b> By default the mock listens on an {@link InMemoryNetwork} of its own: no socket, and the
 * station must connect through {@link #stationTransport()}. With {@link Builder#webSocket()} it is a real
 * WebSocket server (Netty) on 127.0.0.1 at an ephemeral port; {@link #stationTransport()} then is a Netty client
 * transport the mock owns, though any WebSocket client can connect to {@link #url()}. With
 * {@link Builder#tls(SSLContext)} it listens on {@code wss://}.
 *
 * <p><b>Time.</b> With {@link Builder#clock(VirtualClock)} the virtual clock times the mock's session (call timeouts)
 * and stamps its journal and the {@code currentTime} of its answers; give the station under test the same clock as
 * its scheduler and time moves for both only on {@link VirtualClock#advance}. Without it the mock runs on real time,
 * with a timer thread of its own.
 *
 * <p>{@link #close()} stops everything the mock owns: the server and its sessions (stations connected to it are
 * disconnected), the Netty client transport of {@link #stationTransport()}, the timer thread. Thread-safe.
 */
public final class MockCsms extends Simulator<MockCsms> {

    /**
     * The heartbeat interval, in seconds, of the default BootNotification answer (OCPP 1.6 §4.2, 2.0.1 B01): five
     * minutes, a common production value, long enough that a test on real time sees no Heartbeat it did not ask
     * for, and one {@link VirtualClock#advance} away on virtual time.
     */
    public static final int DEFAULT_HEARTBEAT_INTERVAL = 300;

    /** The path stations connect under unless {@link Builder#path} says otherwise. */
    public static final String DEFAULT_PATH = "/ocpp";

    private final OcppServer server;
    private final URI url;
    private final TransportClientFactory stationTransport;
    /** The client transport the mock made for the station under test, with {@link Builder#webSocket()}; or null. */
    private final NettyClientTransport ownedClientTransport;
    /** The timer the mock made when no virtual clock was given; or null. */
    private final ScheduledExecutorService ownedTimer;
    /** Notified whenever a station connects or disconnects; {@link #awaitStation} waits on it. */
    private final Object presence = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * The identities {@link #refuse} keeps out, with how many of their connection attempts were refused since; read
     * and counted by the identity filter on transport threads.
     */
    private final Map<String, Integer> refused = new ConcurrentHashMap<>();

    private MockCsms(Builder b, Clock clock) {
        super(b.version, Role.CSMS, clock, b.journalCapacity);
        TimeoutScheduler scheduler;
        if (b.virtualClock != null) {
            scheduler = b.virtualClock;
            ownedTimer = null;
        } else {
            ownedTimer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread t = new Thread(task, "mock-csms-timer");
                t.setDaemon(true);
                return t;
            });
            scheduler = afterClose(TimeoutScheduler.of(ownedTimer));
        }
        TransportServerFactory serverTransport;
        if (b.webSocket) {
            // One I/O thread each way is plenty for the few stations of a test.
            serverTransport = new NettyServerTransport(1);
            ownedClientTransport = new NettyClientTransport(1);
            stationTransport = ownedClientTransport;
        } else {
            InMemoryNetwork network = b.network != null ? b.network : new InMemoryNetwork();
            serverTransport = network.serverTransport();
            ownedClientTransport = null;
            stationTransport = network.clientTransport();
        }
        SessionConfig.Builder config = SessionConfig.builder()
                .scheduler(scheduler)
                .frameListener(journal().frameListener())
                .listener(new Presence());
        if (b.callTimeout != null) {
            config.callTimeout(b.callTimeout);
        }
        server = OcppServer.builder(serverTransport)
                .host("127.0.0.1")
                .port(0)
                .path(b.path)
                .identityFilter((identity, request) -> !refusedNow(identity))
                .authenticator(b.password == null ? Authenticator.none() : passwordCheck(b.password))
                .transport(t -> t.sslContext(b.tls))
                .serve(b.version, plan().handlers(b.validation))
                .sessionConfig(config.build())
                .build();
        try {
            server.start();
        } catch (RuntimeException | Error e) {
            releaseOwned();
            throw e;
        }
        // The in-memory network keys its servers by host and (made-up) port, so this URL reaches it as well.
        url = URI.create((b.tls != null ? "wss" : "ws") + "://127.0.0.1:" + server.port() + b.path);
    }

    /**
     * Security profile 1's check (OCPP 1.6 security white paper §2.1, 2.0.1 Part 2 A00): HTTP Basic credentials
     * whose user name is the identity the station connects as and whose password is {@code password}; anything else
     * is refused with 401 before the upgrade. Compared in constant time, as a real CSMS would.
     */
    private static Authenticator passwordCheck(byte[] password) {
        byte[] expected = password.clone();
        return (identity, credentials, request) -> credentials
                .filter(c -> c.username().equals(identity))
                .map(c -> c.passwordMatches(expected))
                .orElse(false);
    }

    /** A builder of a mock CSMS speaking {@code version}. */
    public static Builder builder(OcppVersion version) {
        return new Builder(version);
    }

    /** A mock CSMS speaking {@code version} with every default (in memory, real time), started. */
    public static MockCsms start(OcppVersion version) {
        return builder(version).build();
    }

    // ------------------------------------------------------------------------------------------------ where

    /**
     * The URL a station connects to, without its identity ({@code ws://127.0.0.1:<port>/ocpp}); the station appends
     * its identity (OCPP-J 1.6 §3.1.1, OCPP 2.0.1 Part 4 §3.1.1). In memory the port is one the mock's
     * {@link InMemoryNetwork} made up, reachable through {@link #stationTransport()} only.
     */
    public URI url() {
        return url;
    }

    /**
     * The client transport the station under test connects with: the in-memory network's client side, or with
     * {@link Builder#webSocket()} a Netty client transport that belongs to the mock and is closed with it (so the
     * station is disconnected then, and must not outlive the mock).
     */
    public TransportClientFactory stationTransport() {
        return stationTransport;
    }

    // ------------------------------------------------------------------------------------------------ stations

    /** The identities of the stations connected now, sorted. */
    public Set<String> connectedStations() {
        Set<String> identities = new TreeSet<>();
        for (OcppSession s : server.sessions()) {
            identities.add(s.identity());
        }
        return Collections.unmodifiableSet(identities);
    }

    /**
     * Waits until station {@code identity} is connected (at once if it is).
     *
     * @throws AssertionError if it has not connected within {@code timeout}; the message names those that have
     */
    public void awaitStation(String identity, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(identity, "identity");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (presence) {
            while (!isConnected(identity)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("station " + identity + " did not connect to the mock CSMS within "
                            + timeout + "; connected: " + connectedStations());
                }
                TimeUnit.NANOSECONDS.timedWait(presence, left);
            }
        }
    }

    /**
     * Keeps station {@code identity} out: from now on its connection attempts are refused with HTTP 404 before the
     * WebSocket upgrade (OCPP-J 1.6 §3.2, OCPP 2.0.1 Part 4 §3.2: the answer to an identity the CSMS does not accept),
     * until {@link #admit}. A connection open now stays open; {@link #disconnect} ends it. With both, a test takes a
     * station offline for as long as it likes, to see what it queues meanwhile (1.6 §3.7, 2.0.1 E04).
     */
    public void refuse(String identity) {
        refused.put(Objects.requireNonNull(identity, "identity"), 0);
    }

    /**
     * Waits until a connection attempt of station {@code identity} has been refused since {@link #refuse}: then the
     * station has noticed it is offline. Returns whether one was within {@code timeout} (the station's reconnect
     * back-off is its own).
     */
    public boolean awaitRefusal(String identity, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(identity, "identity");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (presence) {
            while (refused.getOrDefault(identity, 0) == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(presence, left);
            }
            return true;
        }
    }

    /** The identity filter: counts and refuses an attempt of a refused station. On a transport thread: only notifies. */
    private boolean refusedNow(String identity) {
        if (refused.computeIfPresent(identity, (id, n) -> n + 1) == null) {
            return false;
        }
        synchronized (presence) {
            presence.notifyAll();
        }
        return true;
    }

    /** Lets station {@code identity} connect again after {@link #refuse}; its next attempt gets in. */
    public void admit(String identity) {
        refused.remove(Objects.requireNonNull(identity, "identity"));
    }

    /**
     * Closes the connection of station {@code identity} from the CSMS's side, with 1001 (going away), as a CSMS that
     * restarts does. The future completes once the connection is closed (at once if the station was not connected);
     * the station may reconnect unless {@link #refuse refused}.
     */
    public CompletableFuture<Void> disconnect(String identity) {
        Objects.requireNonNull(identity, "identity");
        return server.session(identity).map(s -> {
            s.close(1001, "the mock CSMS disconnects the station");
            return s.closeFuture().<Void>thenApply(reason -> null);
        }).orElseGet(() -> CompletableFuture.completedFuture(null));
    }

    private boolean isConnected(String identity) {
        return server.session(identity).map(OcppSession::isOpen).orElse(false);
    }

    // ------------------------------------------------------------------------------------------------ calling

    /**
     * Sends an OCPP 1.6 CALL to station {@code identity}; the future completes with the station's answer as the
     * response class, or fails as {@link OcppServer#call} describes (a CALLERROR as
     * {@link dev.ocpp.core.CallErrorException}, a station not connected as
     * {@link dev.ocpp.core.NotConnectedException}, no answer within the call timeout).
     *
     * @throws IllegalArgumentException if this mock speaks another version, or a central system does not send
     *                                  this action (1.6 §3.3)
     */
    public <R extends Ocpp16Response> CompletableFuture<R> call(String identity, Ocpp16Request<R> request) {
        return typedCall(OcppVersion.OCPP16, request, (action, payload) -> callRaw(identity, action, payload));
    }

    /**
     * Sends an OCPP 2.0.1 CALL to station {@code identity}; as {@link #call(String, Ocpp16Request)}.
     *
     * @throws IllegalArgumentException if this mock speaks another version, or a CSMS does not send this action
     */
    public <R extends Ocpp201Response> CompletableFuture<R> call(String identity, Ocpp201Request<R> request) {
        return typedCall(OcppVersion.OCPP201, request, (action, payload) -> callRaw(identity, action, payload));
    }

    /**
     * Sends a CALL of any action with any payload to station {@code identity}, as given: nothing is checked here,
     * so that a test can send what a faulty CSMS would (the schema check of outgoing CALLs of
     * {@link Builder#validation} still applies). The future completes with the CALLRESULT payload.
     */
    public CompletableFuture<ObjectNode> callRaw(String identity, String action, ObjectNode payload) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(payload, "payload");
        return server.call(identity, action, payload);
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /** The server underneath, for this package's tests. */
    OcppServer server() {
        return server;
    }

    /**
     * Stops the server and closes every session (the stations are disconnected with 1001), then what the mock owns:
     * the Netty client transport of {@link #stationTransport()} and the timer thread. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
        } finally {
            releaseOwned();
            synchronized (presence) {
                presence.notifyAll();
            }
        }
    }

    private void releaseOwned() {
        if (ownedClientTransport != null) {
            ownedClientTransport.close();
        }
        if (ownedTimer != null) {
            // The sessions are closed and their calls failed: the timeouts still waiting have nothing left to do.
            ownedTimer.shutdownNow();
            try {
                ownedTimer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * {@code scheduler}, but a task given after the timer stopped is dropped instead of failing the caller: once
     * the mock is closed its sessions have ended, and what would still be timed has nothing left to time.
     */
    private static TimeoutScheduler afterClose(TimeoutScheduler scheduler) {
        return (task, delay) -> {
            try {
                return scheduler.schedule(task, delay);
            } catch (RejectedExecutionException stopped) {
                return () -> { };
            }
        };
    }

    @Override
    public String toString() {
        return "MockCsms[" + version() + ", " + url + (closed.get() ? ", closed" : "") + "]";
    }

    /** Wakes {@link #awaitStation} when a station comes or goes. Runs on transport threads: only notifies. */
    private final class Presence implements OcppEventListener {
        @Override
        public void connected(OcppSession session) {
            changed();
        }

        @Override
        public void disconnected(OcppSession session, int code, String reason) {
            changed();
        }

        private void changed() {
            synchronized (presence) {
                presence.notifyAll();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ builder

    /** Builds and starts a {@link MockCsms}. */
    public static final class Builder {
        private final OcppVersion version;
        private boolean webSocket;
        private InMemoryNetwork network;
        private SSLContext tls;
        private VirtualClock virtualClock;
        private String path = DEFAULT_PATH;
        private Duration callTimeout;
        private ValidationOptions validation = ValidationOptions.defaults();
        private int journalCapacity = Journal.DEFAULT_CAPACITY;
        private byte[] password;

        private Builder(OcppVersion version) {
            this.version = Objects.requireNonNull(version, "version");
            VersionKit.of(version); // fails now for a version the testkit does not simulate
        }

        /** Listens on a real WebSocket (Netty) on 127.0.0.1, at an ephemeral port, instead of in memory. */
        public Builder webSocket() {
            this.webSocket = true;
            this.network = null;
            return this;
        }

        /**
         * Listens on a real WebSocket over TLS ({@code wss://}, security profiles 2 and 3: OCPP 1.6 security white
         * paper §2, OCPP 2.0.1 Part 2 A00) with the server certificate and, for client certificates (profile 3), the
         * trust and client-authentication settings of {@code context}. The station under test brings its own
         * {@link SSLContext} that trusts the server certificate; {@code ocpp-security}'s {@code TestPki} makes both.
         * Implies {@link #webSocket()}.
         */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            this.webSocket = true;
            this.network = null;
            return this;
        }

        /**
         * Admits only stations that send HTTP Basic credentials with their identity as user name and
         * {@code password} (security profile 1 over {@code ws://}, or 2 with {@link #tls}: OCPP 1.6 security white
         * paper §2.1, 2.0.1 Part 2 A00); any other upgrade request is refused with 401. Default: no check.
         */
        public Builder password(byte[] password) {
            Objects.requireNonNull(password, "password");
            if (password.length == 0) {
                throw new IllegalArgumentException("an empty password");
            }
            this.password = password.clone();
            return this;
        }

        /**
         * Listens in memory on {@code network} (the default is a network of the mock's own), so that other
         * simulators and the code under test on the same network reach it. Replaces {@link #webSocket()}.
         */
        public Builder inMemory(InMemoryNetwork network) {
            this.network = Objects.requireNonNull(network, "network");
            this.webSocket = false;
            this.tls = null;
            return this;
        }

        /**
         * Runs on {@code clock}: it schedules the mock's call timeouts and stamps its journal and the
         * {@code currentTime} of its default answers. A CALL of the mock that the station never answers then
         * times out only when the test advances the clock. Default: real time.
         */
        public Builder clock(VirtualClock clock) {
            this.virtualClock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The path stations connect under, before their identity (default {@value MockCsms#DEFAULT_PATH}). */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/") || path.endsWith("/")) {
                throw new IllegalArgumentException("a path starts with / and does not end with one: " + path);
            }
            this.path = path;
            return this;
        }

        /** How long the mock's own CALLs wait for the station's answer (default that of {@link SessionConfig}). */
        public Builder callTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the call timeout must be positive: " + timeout);
            }
            this.callTimeout = timeout;
            return this;
        }

        /**
         * How the mock checks payloads against the version's schemas (default: everything, both ways). An invalid
         * CALL of the station is answered with the version's CALLERROR (OCPP-J 1.6 §4.2.3, 2.0.1 Part 4 §4.3).
         */
        public Builder validation(ValidationOptions options) {
            this.validation = Objects.requireNonNull(options, "options");
            return this;
        }

        /** How many exchanges the journal keeps (default {@value Journal#DEFAULT_CAPACITY}). */
        public Builder journalCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be positive: " + capacity);
            }
            this.journalCapacity = capacity;
            return this;
        }

        /** Builds the mock and starts listening. */
        public MockCsms build() {
            Clock clock = virtualClock != null ? virtualClock.clock() : Clock.systemUTC();
            return new MockCsms(this, clock);
        }
    }
}
