package dev.ocpp.core;

import dev.ocpp.core.internal.RpcSession;
import dev.ocpp.core.internal.SharedResources;
import dev.ocpp.core.internal.concurrent.Futures;
import dev.ocpp.core.internal.concurrent.SerialExecutor;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.StationIdentities;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The charging-station side: keeps an OCPP-J session with a CSMS over any {@link TransportClientFactory}, across
 * as many WebSocket connections as it takes.
 *
 * <pre>{@code
 * OcppClient client = OcppClient.builder(new TyrusClientTransport())
 *     .endpoint(URI.create("ws://127.0.0.1:9000/ocpp"))
 *     .identity("CP001")
 *     .offer(OcppVersion.OCPP201, handlers201)
 *     .build();
 * OcppSession session = client.start();   // or client.connect().join() to wait for the first connection
 * }</pre>
 *
 * <p>The connection URL is the endpoint plus the percent-encoded identity (OCPP-J 1.6 §3.1.1, OCPP 2.0.1 Part 4
 * §3.1.1). Versions are offered in the order they were added, most preferred first; the server's choice decides.
 *
 * <p><b>Reconnects.</b> A session started here reconnects by itself after a lost connection, a failed connect, a
 * missed pong or a refused handshake, until it is closed, waiting between attempts as {@link RetryBackOff} says
 * (OCPP 2.0.1 Part 4 §5.3; the same rule for 1.6). The back-off can be changed at run time
 * ({@link #retryBackOff(RetryBackOff)}), for instance from a SetVariables or ChangeConfiguration handler. Every
 * step is reported as a {@link ConnectionEvent}. Calls made while disconnected wait for the connection as
 * {@link SessionConfig#connectionWait(String)} says (by default up to the call timeout).
 *
 * <p>The client is a factory: each {@link #start()} or {@link #connect()} creates another session with its own
 * connection. Its settings are fixed at {@link Builder#build()}, except the back-off and the connection profile
 * ({@link #switchProfile}).
 *
 * <p><b>Lifecycle.</b> Each session holds a share of the library's default pools (see {@link SessionConfig}) from
 * its start until it is closed ({@link OcppSession#close()}); close every session started here. The
 * {@link TransportClientFactory} passed to {@link #builder} belongs to the caller, since one factory may serve many
 * clients and stations: this client never closes it. Close it after the sessions, once no connection is needed:
 * that also stops its threads.
 */
public final class OcppClient {

    private static final Logger LOG = LoggerFactory.getLogger(OcppClient.class);

    private final TransportClientFactory transport;
    private final String identity;
    private final Map<OcppVersion, Handlers> protocols;
    private final SessionConfig sessionConfig;
    private final List<Consumer<Throwable>> connectFailureListeners;
    private final List<Consumer<ConnectionEvent>> connectionListeners;
    private final boolean reconnect;
    private final DoubleSupplier random;
    private volatile RetryBackOff backOff;
    /** Settings every connection profile shares. */
    private final Duration pingInterval;
    private final Duration pongTimeout;
    private final Duration connectTimeout;
    private final int maxMessageSize;
    /** Where connection attempts go now. */
    private volatile Active active;
    /** Guards {@link #trial}, and {@link #active} while a trial changes it. */
    private final Object profileLock = new Object();
    /** Guarded by {@link #profileLock}: a profile being tried since {@link #switchProfile}, or null. */
    private Trial trial;
    /** The profile of the connection that opened last, or null before one did. */
    private volatile ConnectionProfile connected;

    /** A connection profile and the transport settings made of it. */
    private record Active(ConnectionProfile profile, ClientTransportConfig config) {
    }

    /** A profile on trial: attempts on it so far, and the profile to go back to if they all fail. */
    private static final class Trial {
        final Active next;
        final Active previous;
        final int attempts;
        final CompletableFuture<ConnectionProfile> outcome = new CompletableFuture<>();
        int failures;
        /** Whether an attempt with {@link #next} has started: the first one does not wait for the back-off. */
        boolean attempted;

        Trial(Active next, Active previous, int attempts) {
            this.next = next;
            this.previous = previous;
            this.attempts = attempts;
        }
    }

    private OcppClient(Builder b) {
        this.connectFailureListeners = List.copyOf(b.connectFailureListeners);
        this.connectionListeners = List.copyOf(b.connectionListeners);
        this.transport = b.transport;
        this.identity = b.identity;
        this.protocols = new LinkedHashMap<>(b.protocols);
        this.sessionConfig = b.sessionConfig.hasConnectionWait() ? b.sessionConfig
                : b.sessionConfig.toBuilder().connectionWait(b.sessionConfig.callTimeout()).build();
        this.reconnect = b.reconnect;
        this.random = b.random;
        this.backOff = b.backOff;
        this.pingInterval = b.pingInterval;
        this.pongTimeout = b.pongTimeout;
        this.connectTimeout = b.connectTimeout;
        this.maxMessageSize = b.maxMessageSize;
        ConnectionProfile initial = ConnectionProfile.of(b.endpoint)
                .withPassword(b.password != null ? b.password : b.credentials != null ? b.credentials.password() : null)
                .withSslContext(b.sslContext);
        // Credentials given whole keep their user name; a profile's password goes with the identity (A00.FR.204).
        this.active = new Active(initial, transportConfig(initial, b.password == null ? b.credentials : null));
    }

    /** The transport settings of a connection with {@code profile}; {@code credentials} null for the profile's own. */
    private ClientTransportConfig transportConfig(ConnectionProfile profile, BasicCredentials credentials) {
        String base = profile.endpoint().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        ClientTransportConfig.Builder t = ClientTransportConfig.builder(
                        URI.create(base + "/" + StationIdentities.encode(identity)))
                .subprotocols(protocols.keySet().stream().map(OcppVersion::subprotocol).collect(Collectors.toList()))
                .credentials(credentials != null ? credentials
                        : profile.password().map(p -> new BasicCredentials(identity, p)).orElse(null))
                .pingInterval(pingInterval)
                .connectTimeout(connectTimeout)
                .maxMessageSize(maxMessageSize);
        if (pongTimeout != null) {
            t.pongTimeout(pongTimeout);
        }
        profile.sslContext().ifPresent(t::sslContext);
        return t.build();
    }

    /**
     * A builder for a client on {@code transport}. The transport stays the caller's: close it once no session of
     * any client using it needs a connection.
     */
    public static Builder builder(TransportClientFactory transport) {
        return new Builder(transport);
    }

    /** The full connection URL of the profile in force, identity included. */
    public URI uri() {
        return active.config().uri();
    }

    /** The connection profile in force: the one the next connection attempt uses. */
    public ConnectionProfile connectionProfile() {
        return active.profile();
    }

    /**
     * The profile of the connection that opened last (of any session of this client): while connected, the one in
     * use; empty before the first connection. While a profile from {@link #switchProfile} is on trial this is still the
     * one before, until a connection with the new one opens: it is what a station reports as its security profile.
     * Set before the new connection's first frame is read, so a handler of that connection already sees it.
     */
    public Optional<ConnectionProfile> connectedProfile() {
        return Optional.ofNullable(connected);
    }

    /**
     * Moves this client to another connection profile, to change the security profile (OCPP 1.6 security white paper
     * A05: ChangeConfiguration of {@code SecurityProfile}; OCPP 2.0.1 A05 / B10: the network connection profile that
     * {@code NetworkConfigurationPriority} puts first): every connection attempt from now on uses {@code next}. It
     * does not drop an open connection: the caller does that once the CSMS has the answer that accepted the change
     * ({@link OcppSession#disconnect(int, String)}, or the reboot of a 2.0.1 Reset), and the session then reconnects
     * with {@code next} at once, without the back-off's wait (the back-off is for lost connections; it applies again
     * if that attempt fails).
     *
     * <p>The future completes with {@code next} when a connection with it opens; from then on it is the only profile
     * this client knows, so a lower one is never used again (1.6 A05.FR.09, 2.0.1 A05.FR.06). If {@code attempts}
     * attempts with it fail in a row first, the client falls back to the profile it had before (1.6 A05.FR.08,
     * 2.0.1 B10.FR.07: the last one that worked) and the future fails with a {@link ConnectionClosedException}
     * carrying the last attempt's cause. A later switch while this one is still on trial fails this one's future and
     * keeps the same profile to fall back to. A session that ends before either also ends the trial: the future fails
     * and the client is back on the profile before.
     *
     * @param attempts how many failed attempts with {@code next} make the client fall back
     *                 (2.0.1 {@code NetworkProfileConnectionAttempts}); at least 1
     */
    public CompletableFuture<ConnectionProfile> switchProfile(ConnectionProfile next, int attempts) {
        Objects.requireNonNull(next, "next");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        Active nextActive = new Active(next, transportConfig(next, null));
        Trial superseded;
        Trial t;
        synchronized (profileLock) {
            superseded = trial;
            Active previous = superseded != null ? superseded.previous : active;
            t = new Trial(nextActive, previous, attempts);
            trial = t;
            active = nextActive;
        }
        if (superseded != null) {
            superseded.outcome.completeExceptionally(new IllegalStateException(
                    "superseded by a switch to " + next + " before it connected"));
        }
        LOG.info("Station {} switches to {} ({} attempt(s) before falling back)", identity, next, attempts);
        return t.outcome.copy();
    }

    /** The profile of the attempt starting now, which counts as the trial's first when one is pending. */
    private Active profileForAttempt() {
        synchronized (profileLock) {
            if (trial != null && trial.next == active) {
                trial.attempted = true;
            }
            return active;
        }
    }

    /** Whether a profile is on trial and no attempt with it has started yet. */
    private boolean untriedProfile() {
        synchronized (profileLock) {
            return trial != null && !trial.attempted;
        }
    }

    /**
     * A session ended while a profile was on trial: the trial ends unproven (its future fails), and the client goes
     * back to the profile that worked, as after failed attempts.
     */
    private void profileAbandoned() {
        Trial abandoned;
        synchronized (profileLock) {
            abandoned = trial;
            if (abandoned == null) {
                return;
            }
            trial = null;
            active = abandoned.previous;
        }
        ConnectionClosedException failure = new ConnectionClosedException("The session of " + identity
                + " ended before it connected with " + abandoned.next.profile());
        sessionConfig.executor().execute(() -> abandoned.outcome.completeExceptionally(failure));
    }

    /** A connection with {@code used} opened: a profile on trial is kept for good. */
    private void profileConnected(Active used) {
        Trial done;
        synchronized (profileLock) {
            connected = used.profile();
            done = trial;
            if (done == null || done.next != used) {
                return;
            }
            trial = null;
        }
        LOG.info("Station {} connected with {}", identity, used.profile());
        // Not on the transport's thread, which never runs the caller's stages.
        sessionConfig.executor().execute(() -> done.outcome.complete(used.profile()));
    }

    /** An attempt with {@code used} failed: after the trial's attempts, back to the profile before it. */
    private void profileFailed(Active used, Throwable cause) {
        Trial gaveUp;
        synchronized (profileLock) {
            gaveUp = trial;
            if (gaveUp == null || gaveUp.next != used || ++gaveUp.failures < gaveUp.attempts) {
                return;
            }
            trial = null;
            active = gaveUp.previous;
        }
        LOG.warn("Station {} could not connect with {} in {} attempt(s); back to {}", identity,
                used.profile(), gaveUp.attempts, gaveUp.previous.profile());
        ConnectionClosedException failure = new ConnectionClosedException("Could not connect with "
                + used.profile() + " in " + gaveUp.attempts + " attempt(s); back to " + gaveUp.previous.profile()
                + ": " + cause.getMessage(), cause);
        sessionConfig.executor().execute(() -> gaveUp.outcome.completeExceptionally(failure));
    }

    /** The back-off in force. */
    public RetryBackOff retryBackOff() {
        return backOff;
    }

    /**
     * Changes the back-off from the next wait on, for every session of this client (OCPP 2.0.1 Part 4 §5.3: the
     * OCPPCommCtrlr variables are ReadWrite).
     */
    public void retryBackOff(RetryBackOff newBackOff) {
        this.backOff = Objects.requireNonNull(newBackOff, "newBackOff");
    }

    /**
     * The client that started {@code session}, if a client did (a CSMS's sessions have none). Lets a handler, which
     * sees only its session, change the client's run-time settings, e.g. the back-off from a SetVariables handler.
     */
    public static Optional<OcppClient> of(OcppSession session) {
        if (session instanceof RpcSession r && r.owner() instanceof Connector c) {
            return Optional.of(c.client());
        }
        return Optional.empty();
    }

    /** Whether sessions of this client reconnect after a lost connection. */
    public boolean reconnects() {
        return reconnect;
    }

    /**
     * Starts a session and returns it at once; it connects in the background and, if this client
     * {@link Builder#reconnect(boolean) reconnects}, keeps reconnecting until it is closed. Watch it with
     * {@link Builder#onConnectionEvent}.
     */
    public OcppSession start() {
        return new Connector(null).session;
    }

    /**
     * Starts a session and completes with it once its first connection is open, or exceptionally, ending the session,
     * if that first attempt fails:
     * <ul>
     *   <li>{@link OcppProtocolException} if the server agreed to none of the offered subprotocols;</li>
     *   <li>{@link ConnectionClosedException} wrapping the transport's cause if the connection could not be made or
     *       the server refused the upgrade (the cause is then a
     *       {@link dev.ocpp.core.spi.HandshakeRejectedException} with the HTTP status).</li>
     * </ul>
     * After a first success the session reconnects like one from {@link #start()}.
     */
    public CompletableFuture<OcppSession> connect() {
        CompletableFuture<OcppSession> first = new CompletableFuture<>();
        new Connector(first);
        return first;
    }

    /** Connects one session again and again, as the back-off says, until it ends. */
    private final class Connector implements RpcSession.Owner {
        final RpcSession session;
        /** Completed at the first connection, or failed by the first failure; null for {@link #start()}. */
        private final CompletableFuture<OcppSession> first;
        private final SerialExecutor events;
        private final Object lock = new Object();
        /** Guarded by {@link #lock}: attempts failed since the last connection. */
        private int failures;
        /** Guarded by {@link #lock}. */
        private TimeoutScheduler.Cancellable timer;
        /** Guarded by {@link #lock}. */
        private boolean ended;
        /** Guarded by {@link #lock}: the connection being opened, to drop if the session ends meanwhile. */
        private TransportConnection opening;
        /** The session's share of the default pools, from its start to its end. */
        private final SharedResources.Owner pools;

        Connector(CompletableFuture<OcppSession> first) {
            this.first = first;
            this.pools = SharedResources.own(sessionConfig.executor(), sessionConfig.scheduler());
            this.events = new SerialExecutor(sessionConfig.executor());
            this.session = new RpcSession(identity, protocols, sessionConfig, this);
            attempt();
        }

        OcppClient client() {
            return OcppClient.this;
        }

        private void emit(ConnectionEvent event) {
            if (connectionListeners.isEmpty()) {
                return;
            }
            events.execute(() -> {
                for (Consumer<ConnectionEvent> l : connectionListeners) {
                    try {
                        l.accept(event);
                    } catch (RuntimeException e) {
                        LOG.warn("Connection event listener failed", e);
                    }
                }
            });
        }

        private void attempt() {
            int n;
            synchronized (lock) {
                timer = null;
                if (ended) {
                    return;
                }
                n = failures + 1;
            }
            // Read once: a switch of profile meanwhile applies from the next attempt on.
            Active used = profileForAttempt();
            emit(new ConnectionEvent.Connecting(session, used.config().uri(), n));
            java.util.concurrent.CompletionStage<TransportConnection> c;
            try {
                c = transport.connect(used.config(), new Opening(used));
            } catch (RuntimeException e) {
                c = CompletableFuture.failedFuture(e);
            }
            c.whenComplete((conn, e) -> {
                if (e != null) {
                    failed(used, Futures.unwrap(e));
                }
            });
        }

        /** An attempt with {@code used} failed before a session connection opened. */
        private void failed(Active used, Throwable cause) {
            profileFailed(used, cause);
            if (cause instanceof HandshakeRejectedException h) {
                emit(new ConnectionEvent.HandshakeRefused(session, h.status(), h.getMessage()));
            } else {
                emit(new ConnectionEvent.ConnectFailed(session, cause));
            }
            sessionConfig.executor().execute(() -> {
                for (Consumer<Throwable> l : connectFailureListeners) {
                    try {
                        l.accept(cause);
                    } catch (RuntimeException listenerFailure) {
                        LOG.warn("Connect failure listener failed", listenerFailure);
                    }
                }
                if (first != null && !first.isDone()) {
                    // connect() gives up on a first failure: the caller learns at once what is wrong.
                    first.completeExceptionally(cause instanceof OcppProtocolException ? cause
                            : new ConnectionClosedException("Could not connect to " + used.config().uri() + ": "
                            + cause.getMessage(), cause));
                    session.close(1000, "First connection failed");
                    return;
                }
                scheduleRetry();
            });
        }

        private void scheduleRetry() {
            // Closing the session closes its connection first: that loss must not plan (and announce) a reconnect.
            boolean closing = session.state() == OcppSession.State.CLOSED;
            synchronized (lock) {
                if (ended || closing || !reconnect || timer != null) {
                    if (!reconnect && !ended) {
                        // Nothing more will happen: end the session so that its waiting calls complete.
                        sessionConfig.executor().execute(() -> session.close(1000, "Not reconnecting"));
                    }
                    return;
                }
                double r = random.getAsDouble();
                // The back-off spreads out stations that lost their connection; a station that dropped it to move
                // to another profile connects with that profile at once, and backs off only if that fails.
                Duration delay = untriedProfile() ? Duration.ZERO
                        : backOff.delay(failures, Math.max(0, Math.min(1, r)));
                failures++;
                int attemptNo = failures;
                emit(new ConnectionEvent.ReconnectScheduled(session, delay, attemptNo));
                timer = sessionConfig.scheduler().schedule(this::attempt, delay);
            }
        }

        @Override
        public void connectionClosed(RpcSession s, int code, String reason, ConnectionEvent.ClosedBy by) {
            emit(new ConnectionEvent.Disconnected(session, code, reason, by));
            synchronized (lock) {
                if (ended) {
                    return;
                }
                failures = 0;
            }
            if (!reconnect) {
                session.close(code, reason);
                return;
            }
            scheduleRetry();
        }

        @Override
        public void sessionEnded(RpcSession s) {
            TimeoutScheduler.Cancellable t;
            TransportConnection c;
            synchronized (lock) {
                ended = true;
                t = timer;
                timer = null;
                c = opening;
                opening = null;
            }
            if (t != null) {
                t.cancel();
            }
            if (c != null) {
                c.close(1000, "Session closed");
            }
            if (first != null && !first.isDone()) {
                first.completeExceptionally(new ConnectionClosedException("The session of " + identity
                        + " was closed before it connected"));
            }
            profileAbandoned();
            // Last: what the session's end queued (failed calls, the last events) still runs while the pools stop.
            pools.close();
        }

        /** Turns one attempt's transport events into a connection of the session once the version is known. */
        private final class Opening implements TransportListener {
            /** The profile this attempt connects with. */
            private final Active used;
            /** Written on open, read by later events: all on the connection's serialized event sequence. */
            private volatile RpcSession.Link link;
            /** Set once the attempt's outcome was decided, so that the close that follows cannot decide it. */
            private volatile boolean settled;

            Opening(Active used) {
                this.used = used;
            }

            @Override
            public void onOpen(TransportConnection connection) {
                Optional<OcppVersion> version = OcppVersion.fromSubprotocol(connection.info().subprotocol())
                        .filter(protocols::containsKey);
                if (version.isEmpty()) {
                    settled = true;
                    connection.close(1002, "No agreed OCPP subprotocol");
                    failed(used, new OcppProtocolException("Server at " + used.config().uri()
                            + " agreed to none of " + used.config().subprotocols()));
                    return;
                }
                synchronized (lock) {
                    if (ended) {
                        settled = true;
                        connection.close(1000, "Session closed");
                        return;
                    }
                    failures = 0;
                }
                settled = true;
                // Before the link reads a frame: a handler of this connection sees the profile it came over.
                profileConnected(used);
                RpcSession.Link l = session.newLink(connection, version.get());
                link = l;
                l.onOpen(connection);
                emit(new ConnectionEvent.Connected(session, version.get(), used.profile().tls(),
                        connection.info()));
                if (first != null) {
                    sessionConfig.executor().execute(() -> first.complete(session));
                }
            }

            @Override
            public void onText(TransportConnection connection, String text) {
                RpcSession.Link l = link;
                if (l != null) {
                    l.onText(connection, text);
                }
            }

            @Override
            public void onClosing(TransportConnection connection, int code, String reason) {
                RpcSession.Link l = link;
                if (l != null) {
                    l.onClosing(connection, code, reason);
                }
            }

            @Override
            public void onClosed(TransportConnection connection, int code, String reason) {
                RpcSession.Link l = link;
                if (l != null) {
                    l.onClosed(connection, code, reason);
                } else if (!settled) {
                    settled = true;
                    failed(used, new ConnectionClosedException("Connection to " + used.config().uri()
                            + " closed during the handshake (" + code + " " + reason + ")"));
                }
            }

            @Override
            public void onFailure(TransportConnection connection, Throwable cause) {
                RpcSession.Link l = link;
                if (l != null) {
                    l.onFailure(connection, cause);
                }
            }
        }
    }

    /** Builds an {@link OcppClient}. */
    public static final class Builder {
        private final TransportClientFactory transport;
        private URI endpoint;
        private String identity;
        private final Map<OcppVersion, Handlers> protocols = new LinkedHashMap<>();
        private SessionConfig sessionConfig = SessionConfig.defaults();
        private BasicCredentials credentials;
        private byte[] password;
        private final List<Consumer<Throwable>> connectFailureListeners = new ArrayList<>();
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration pongTimeout;
        private boolean reconnect = true;
        private RetryBackOff backOff = RetryBackOff.defaults();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private final List<Consumer<ConnectionEvent>> connectionListeners = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxMessageSize = dev.ocpp.core.spi.ServerTransportConfig.DEFAULT_MAX_MESSAGE_SIZE;
        private javax.net.ssl.SSLContext sslContext;

        private Builder(TransportClientFactory transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
        }

        /** The CSMS endpoint URL without the identity, e.g. {@code ws://csms.example.com/ocpp}. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint);
            return this;
        }

        public Builder identity(String identity) {
            this.identity = Objects.requireNonNull(identity);
            return this;
        }

        /** Offers {@code version}, served by these handlers; earlier offers are preferred. */
        public Builder offer(OcppVersion version, Handlers handlers) {
            protocols.put(Objects.requireNonNull(version), Objects.requireNonNull(handlers));
            return this;
        }

        public Builder sessionConfig(SessionConfig config) {
            this.sessionConfig = Objects.requireNonNull(config);
            return this;
        }

        /** Basic-auth credentials for security profiles 1 and 2. */
        public Builder credentials(BasicCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /**
         * HTTP Basic credentials made of this client's identity as user name and {@code password}: OCPP requires the
         * user name to be the identity exactly as in the URL (OCPP 2.0.1 Part 2 A00.FR.204/303, 1.6 Security
         * Whitepaper A00.FR.203/302). Takes precedence over {@link #credentials(BasicCredentials)}.
         */
        public Builder password(byte[] password) {
            this.password = password == null ? null : password.clone();
            return this;
        }

        /**
         * Called with the transport's cause each time an attempt to connect fails (refused upgrade, TLS failure,
         * unreachable host), on the session executor, before {@link OcppClient#connect()}'s future fails or the next
         * attempt is scheduled. For security events.
         */
        public Builder onConnectFailure(Consumer<Throwable> listener) {
            connectFailureListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * How often the station pings the CSMS (the {@code WebSocketPingInterval} of OCPP-J 1.6 §5.3 and OCPP 2.0.1
         * Part 4 §5.2); a pong that does not come within the pong timeout drops the connection, and the session
         * reconnects. Default 30 s; {@link Duration#ZERO} leaves pinging to the server.
         */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = Objects.requireNonNull(interval);
            return this;
        }

        /** How long to wait for a pong before the connection counts as dead (the transport's default: 10 s). */
        public Builder pongTimeout(Duration timeout) {
            this.pongTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Whether sessions reconnect after a lost connection (default: yes). Without, a lost connection ends them. */
        public Builder reconnect(boolean on) {
            this.reconnect = on;
            return this;
        }

        /** The reconnect back-off; {@link RetryBackOff#defaults()} unless set. */
        public Builder retryBackOff(RetryBackOff backOff) {
            this.backOff = Objects.requireNonNull(backOff, "backOff");
            return this;
        }

        /** Where the random part of each back-off comes from (numbers in [0, 1]); for tests. */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Called with every {@link ConnectionEvent} of every session of this client, in order, on the handler
         * executor.
         */
        public Builder onConnectionEvent(Consumer<ConnectionEvent> listener) {
            connectionListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        public Builder sslContext(javax.net.ssl.SSLContext context) {
            this.sslContext = context;
            return this;
        }

        public OcppClient build() {
            if (endpoint == null || identity == null || identity.isEmpty()) {
                throw new IllegalStateException("endpoint and identity are required");
            }
            if (protocols.isEmpty()) {
                throw new IllegalStateException("offer at least one OCPP version");
            }
            if (sslContext != null && !"wss".equalsIgnoreCase(endpoint.getScheme())) {
                // A client set up for TLS never talks in the clear: no silent fall-back to a lower security profile
                // (OCPP 2.0.1 Part 2 A00.FR.005).
                throw new IllegalStateException("a TLS context is set but the endpoint " + endpoint
                        + " is not wss://");
            }
            return new OcppClient(this);
        }
    }

    /** The versions this client offers, in order. */
    public List<OcppVersion> offeredVersions() {
        return List.copyOf(protocols.keySet());
    }
}
