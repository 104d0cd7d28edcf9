package dev.ocpp.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.internal.AuthThrottler;
import dev.ocpp.core.internal.HandshakePolicy;
import dev.ocpp.core.internal.RpcSession;
import dev.ocpp.core.internal.SharedResources;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.core.spi.support.LogSafe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSMS (central system) side: accepts station connections over any {@link TransportServerFactory} and runs
 * an OCPP-J session on each. Thread-safe.
 *
 * <pre>{@code
 * OcppServer server = OcppServer.builder(new TyrusServerTransport())
 *     .transport(t -> t.host("127.0.0.1").port(9000).path("/ocpp"))
 *     .serve(OcppVersion.OCPP16, handlers16)
 *     .serve(OcppVersion.OCPP201, handlers201)
 *     .build();
 * server.start();
 * server.call("CP001", "Reset", payload).thenAccept(...);
 * }</pre>
 *
 * <p>Upgrade requests are decided as OCPP-J 1.6 §3 and OCPP 2.0.1 Part 4 §3 say: the identity is the last path
 * segment (404 if missing, if it breaks the version's {@link IdentityRules}, or if the {@link IdentityFilter}
 * refuses it; 401 for the last with {@link Builder#uniformAuthenticationFailure(boolean)}); the subprotocol is the
 * first the client offers that the server serves; if there is none the connection is opened without a subprotocol
 * and closed at once (1002) with a reason naming what is served; credentials go to the {@link Authenticator} (401
 * on refusal), whose failures the {@link AuthThrottle} counts to lock guessing addresses and identities out for a
 * while (401 without asking the authenticator). A second connection with the same identity replaces the first,
 * which is closed.
 *
 * <p><b>Sessions outlive connections.</b> A station that reconnects with the same version gets the session it had
 * (the same {@link OcppSession} object, with its attributes); one that comes back with another version gets a new
 * session and the old one ends. The session of a station that is gone is kept for
 * {@link Builder#sessionRetention(Duration)} (default one hour) and then ended. Calls to a station that is not
 * connected fail at once with {@link NotConnectedException}, unless they ask to wait
 * ({@link CallOptions#connectionWait()}).
 */
public final class OcppServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OcppServer.class);

    private final TransportServerFactory transport;
    private final ServerTransportConfig transportConfig;
    private final Map<OcppVersion, Handlers> protocols;
    private final SessionConfig sessionConfig;
    private final HandshakePolicy policy;
    private final Map<String, RpcSession> sessions = new ConcurrentHashMap<>();
    /** Calls waiting for a station that has no session yet, by identity. */
    private final Map<String, List<Runnable>> awaiting = new ConcurrentHashMap<>();
    private final Duration retention;
    private final int maxRetainedSessions;
    private final SessionOwner owner = new SessionOwner();
    private volatile boolean stopping;
    private final Object lifecycle = new Object();
    /** This server's share of the default pools, from start to close; null when not running. */
    private final AtomicReference<SharedResources.Owner> pools = new AtomicReference<>();
    /** Guarded by {@link #lifecycle}. */
    private TransportServer server;

    private OcppServer(Builder b) {
        this.transport = b.transport;
        this.protocols = new LinkedHashMap<>(b.protocols);
        this.transportConfig = b.transportConfig.subprotocols(
                protocols.keySet().stream().map(OcppVersion::subprotocol).collect(Collectors.toList())).build();
        this.sessionConfig = b.sessionConfig;
        this.retention = b.retention;
        this.maxRetainedSessions = b.maxRetainedSessions;
        this.policy = new HandshakePolicy(transportConfig.path(), List.copyOf(protocols.keySet()),
                b.identityFilter, b.authenticator, b.identityRules,
                new AuthThrottler(b.authThrottle, b.throttleListeners), b.uniformAuthenticationFailure);
    }

    /** The default of {@link Builder#maxRetainedSessions}. */
    public static final int DEFAULT_MAX_RETAINED_SESSIONS = 10_000;

    /** A builder for a server on {@code transport}. */
    public static Builder builder(TransportServerFactory transport) {
        return new Builder(transport);
    }

    /**
     * Binds and starts listening. Returns once the server accepts connections.
     *
     * @throws UncheckedIOException if the address cannot be bound
     * @throws IllegalStateException if already started
     */
    public OcppServer start() {
        synchronized (lifecycle) {
            if (server != null) {
                throw new IllegalStateException("already started");
            }
            // Before the transport: the first connection may need the handler pool at once.
            SharedResources.Owner owner = SharedResources.own(sessionConfig.executor(), sessionConfig.scheduler());
            try {
                server = transport.start(transportConfig, new Connections());
            } catch (IOException e) {
                owner.close();
                throw new UncheckedIOException("Could not listen on " + transportConfig.host() + ":"
                        + transportConfig.port(), e);
            } catch (RuntimeException | Error e) {
                owner.close();
                throw e;
            }
            pools.set(owner);
        }
        LOG.info("OCPP server listening on {} (path {}, protocols {})", localAddress(), transportConfig.path(),
                protocols.keySet());
        return this;
    }

    /** The bound address, with the actual port. */
    public InetSocketAddress localAddress() {
        synchronized (lifecycle) {
            if (server == null) {
                throw new IllegalStateException("not started");
            }
            return server.localAddress();
        }
    }

    /** The bound port. */
    public int port() {
        return localAddress().getPort();
    }

    /** The transport settings in force (path, limits, ping). */
    public ServerTransportConfig transportConfig() {
        return transportConfig;
    }

    /**
     * The session of a station: connected now, or gone for less than the retention time (then
     * {@link OcppSession#isOpen()} is false, and it is the same object the station gets back when it reconnects).
     */
    public Optional<OcppSession> session(String identity) {
        return Optional.ofNullable(sessions.get(identity));
    }

    /** A snapshot of the sessions that have a connection open now. */
    public Collection<OcppSession> sessions() {
        List<OcppSession> open = new ArrayList<>();
        for (RpcSession s : sessions.values()) {
            if (s.isOpen()) {
                open.add(s);
            }
        }
        return open;
    }

    /**
     * Sends a CALL to a station, with the outcomes described on {@link OcppSession}; a station that is not connected
     * yields {@link NotConnectedException} at once.
     */
    public CompletableFuture<ObjectNode> call(String identity, String action, ObjectNode payload) {
        return call(identity, action, payload, CallOptions.defaults());
    }

    /**
     * Sends a CALL to a station with its own settings. With a {@link CallOptions#connectionWait()}, a station that
     * is not connected (or has never been) is waited for that long; then the call fails with
     * {@link NotConnectedException}.
     */
    public CompletableFuture<ObjectNode> call(String identity, String action, ObjectNode payload,
                                              CallOptions options) {
        Objects.requireNonNull(options, "options");
        RpcSession s = sessions.get(identity);
        if (s != null) {
            return s.call(action, payload, options);
        }
        Duration wait = options.connectionWait() != null ? options.connectionWait()
                : sessionConfig.connectionWait(action);
        if (wait.isZero() || stopping) {
            return CompletableFuture.failedFuture(new NotConnectedException("Station " + identity
                    + " is not connected"));
        }
        return awaitSession(identity, wait).thenCompose(session -> session.call(action, payload, options));
    }

    /**
     * Completes with the session of {@code identity} at once if the server has one (connected or retained), or once
     * the station connects; fails with {@link NotConnectedException} if it has not connected within {@code wait}.
     */
    public CompletableFuture<OcppSession> session(String identity, Duration wait) {
        Objects.requireNonNull(identity, "identity");
        RpcSession s = sessions.get(identity);
        if (s != null) {
            return CompletableFuture.completedFuture(s);
        }
        if (wait.isZero() || stopping) {
            return CompletableFuture.failedFuture(new NotConnectedException("Station " + identity
                    + " is not connected"));
        }
        return awaitSession(identity, wait).thenApply(r -> r);
    }

    /** Completes with the session of {@code identity} once it connects, or fails after {@code wait}. */
    private CompletableFuture<RpcSession> awaitSession(String identity, Duration wait) {
        CompletableFuture<RpcSession> found = new CompletableFuture<>();
        Runnable check = () -> {
            RpcSession s = sessions.get(identity);
            if (s != null) {
                found.complete(s);
            }
        };
        awaiting.computeIfAbsent(identity, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(check);
        TimeoutScheduler.Cancellable timer = sessionConfig.scheduler().schedule(() ->
                found.completeExceptionally(new NotConnectedException("Station " + identity
                        + " did not connect within " + wait)), wait);
        found.whenComplete((r, e) -> {
            timer.cancel();
            awaiting.computeIfPresent(identity, (k, list) -> {
                list.remove(check);
                return list.isEmpty() ? null : list;
            });
        });
        // It may have connected between the first look and the registration.
        check.run();
        return found;
    }

    /**
     * Stops listening and closes every session (1001, going away). Idempotent. Then lets go of the library's default
     * pools (see {@link SessionConfig}): when no other server or client session uses them, their threads are stopped
     * before this returns. Executors passed in through {@link SessionConfig} are left alone.
     */
    @Override
    public void close() {
        TransportServer s;
        synchronized (lifecycle) {
            s = server;
        }
        if (s == null) {
            return;
        }
        stopping = true;
        for (RpcSession session : new ArrayList<>(sessions.values())) {
            session.close(1001, "Server shutting down");
        }
        s.close();
        // Last: closing the sessions and the transport queued work (failed calls, disconnection events) that the
        // pools still run while they stop.
        SharedResources.Owner owner = pools.getAndSet(null);
        if (owner != null) {
            owner.close();
        }
    }

    /** Keeps the sessions of stations that are gone for the retention time, then ends them. */
    private final class SessionOwner implements RpcSession.Owner {
        /**
         * The one pending end of each retained session: a station that connects and drops again and again replaces
         * its timer instead of piling up one per drop for the whole retention time.
         */
        private final Map<RpcSession, TimeoutScheduler.Cancellable> endings = new ConcurrentHashMap<>();
        /**
         * The retained sessions, longest gone first, so that the oldest is ended when more than
         * {@code maxRetainedSessions} wait: every identity that connects once would otherwise be kept for the whole
         * retention time, and a peer that connects under a million made-up identities would fill the heap (issue 15).
         * Guarded by itself.
         */
        private final java.util.LinkedHashSet<RpcSession> retained = new java.util.LinkedHashSet<>();

        private void cancelEnding(RpcSession session) {
            synchronized (retained) {
                retained.remove(session);
            }
            TimeoutScheduler.Cancellable t = endings.remove(session);
            if (t != null) {
                t.cancel();
            }
        }

        /** Ends the sessions gone longest while more than the bound are retained; never under a lock. */
        private void endBeyondBound() {
            while (true) {
                RpcSession oldest;
                synchronized (retained) {
                    if (retained.size() <= maxRetainedSessions) {
                        return;
                    }
                    java.util.Iterator<RpcSession> it = retained.iterator();
                    oldest = it.next();
                    it.remove();
                }
                TimeoutScheduler.Cancellable t = endings.remove(oldest);
                if (t != null) {
                    t.cancel();
                }
                if (!oldest.isOpen()) {
                    LOG.debug("{} gone, and more than {} sessions are retained; ending its session",
                            LogSafe.escape(oldest.identity()), maxRetainedSessions);
                    oldest.close(1000, "Station gone; too many sessions retained");
                }
            }
        }

        @Override
        public void connectionOpened(RpcSession session) {
            cancelEnding(session);
            List<Runnable> waiting = awaiting.get(session.identity());
            if (waiting != null) {
                // Calls waiting for this station go out now, from the handler executor: never on the I/O thread,
                // which would otherwise run their interceptors.
                Runnable release = () -> waiting.forEach(Runnable::run);
                try {
                    sessionConfig.executor().execute(release);
                } catch (java.util.concurrent.RejectedExecutionException saturated) {
                    java.util.concurrent.ForkJoinPool.commonPool().execute(release);
                }
            }
        }

        @Override
        public void connectionClosed(RpcSession session, int code, String reason,
                                     dev.ocpp.core.ConnectionEvent.ClosedBy by) {
            if (stopping) {
                session.close(code, reason);
                return;
            }
            long since = session.disconnectedAtNanos();
            TimeoutScheduler.Cancellable ending = sessionConfig.scheduler().schedule(() -> {
                // Only if it has stayed away since; a later disconnect arms its own check.
                if (!session.isOpen() && session.disconnectedAtNanos() == since) {
                    LOG.debug("{} gone for {}; ending its session", LogSafe.escape(session.identity()), retention);
                    session.close(1000, "Station gone for " + retention);
                }
            }, retention);
            TimeoutScheduler.Cancellable previous = endings.put(session, ending);
            if (previous != null) {
                previous.cancel();
            }
            synchronized (retained) {
                // Re-inserted at the end: the order is by the latest disconnect.
                retained.remove(session);
                retained.add(session);
            }
            endBeyondBound();
        }

        @Override
        public void sessionEnded(RpcSession session) {
            cancelEnding(session);
            sessions.remove(session.identity(), session);
        }
    }

    /** Connects the transport's callbacks to the sessions. */
    private final class Connections implements ServerConnectionHandler {

        @Override
        public HandshakeDecision onHandshake(HandshakeRequest request) {
            HandshakeDecision decision = policy.decide(request);
            if (!decision.accepted()) {
                LOG.info("Refused upgrade {} from {}: {} {}", LogSafe.escape(request.rawPath(), 256),
                        request.remoteAddress(), decision.status(), LogSafe.escape(decision.reason(), 256));
            }
            return decision;
        }

        @Override
        public TransportListener onConnected(TransportConnection connection) {
            String subprotocol = connection.info().subprotocol();
            Optional<OcppVersion> version = OcppVersion.fromSubprotocol(subprotocol)
                    .filter(protocols::containsKey);
            if (version.isEmpty()) {
                return new TransportListener() {
                    @Override
                    public void onOpen(TransportConnection c) {
                        String served = protocols.keySet().stream().map(OcppVersion::subprotocol)
                                .collect(Collectors.joining(", "));
                        LOG.info("Closing {}: no common subprotocol (served: {})", LogSafe.escape(c.info().identity()),
                                served);
                        c.close(1002, "No supported OCPP subprotocol; this server serves " + served);
                    }
                };
            }
            String identity = connection.info().identity();
            OcppVersion v = version.get();
            RpcSession[] replaced = new RpcSession[1];
            RpcSession session = sessions.compute(identity, (k, existing) -> {
                if (existing != null && !existing.isClosed() && existing.version() == v) {
                    return existing;
                }
                replaced[0] = existing;
                return new RpcSession(identity, v, protocols.get(v), sessionConfig, owner);
            });
            if (replaced[0] != null) {
                LOG.info("{} came back speaking {}; ending its {} session", LogSafe.escape(identity), v,
                        replaced[0].version());
                replaced[0].close(1000, "Replaced by a new session");
            } else if (session.isOpen()) {
                LOG.info("{} reconnected; closing its previous connection", LogSafe.escape(identity));
            }
            return session.newLink(connection, v);
        }
    }

    /** Builds an {@link OcppServer}. */
    public static final class Builder {
        private final TransportServerFactory transport;
        private final ServerTransportConfig.Builder transportConfig = ServerTransportConfig.builder();
        private final Map<OcppVersion, Handlers> protocols = new LinkedHashMap<>();
        private SessionConfig sessionConfig = SessionConfig.defaults();
        private IdentityFilter identityFilter = IdentityFilter.acceptAll();
        private Authenticator authenticator = Authenticator.none();
        private IdentityRules identityRules = IdentityRules.defaults();
        private AuthThrottle authThrottle = AuthThrottle.defaults();
        private final List<AuthThrottle.Listener> throttleListeners = new ArrayList<>();
        private boolean uniformAuthenticationFailure;
        private Duration retention = Duration.ofHours(1);
        private int maxRetainedSessions = DEFAULT_MAX_RETAINED_SESSIONS;

        private Builder(TransportServerFactory transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
        }

        /**
         * Adjusts the transport settings (host, port, path, ping, message size, TLS, connection limits such as
         * {@code t -> t.connectionLimits(ConnectionLimits.builder().maxConnectionsPerAddress(5000).build())}).
         */
        public Builder transport(java.util.function.Consumer<ServerTransportConfig.Builder> settings) {
            settings.accept(transportConfig);
            return this;
        }

        public Builder host(String host) {
            transportConfig.host(host);
            return this;
        }

        public Builder port(int port) {
            transportConfig.port(port);
            return this;
        }

        public Builder path(String path) {
            transportConfig.path(path);
            return this;
        }

        public Builder pingInterval(Duration interval) {
            transportConfig.pingInterval(interval);
            return this;
        }

        /**
         * The caps on connections and pending handshakes and the handshake timeout the transport enforces; a
         * shortcut for {@code transport(t -> t.connectionLimits(limits))}. See
         * {@link dev.ocpp.core.spi.ConnectionLimits}.
         */
        public Builder connectionLimits(dev.ocpp.core.spi.ConnectionLimits limits) {
            transportConfig.connectionLimits(limits);
            return this;
        }

        /** Serves {@code version} with these handlers. Call once per version. */
        public Builder serve(OcppVersion version, Handlers handlers) {
            protocols.put(Objects.requireNonNull(version), Objects.requireNonNull(handlers));
            return this;
        }

        public Builder sessionConfig(SessionConfig config) {
            this.sessionConfig = Objects.requireNonNull(config);
            return this;
        }

        public Builder identityFilter(IdentityFilter filter) {
            this.identityFilter = Objects.requireNonNull(filter);
            return this;
        }

        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator);
            return this;
        }

        /**
         * Which station identities are let through at all, by OCPP version (default {@link IdentityRules#defaults()}:
         * OCPP 2.0.1 Part 4 §3.1.1 for 2.0.1 and later, a documented safe set for 1.6, never a control character).
         * A breach is answered with 404 before the identity filter and the authenticator run.
         */
        public Builder identityRules(IdentityRules rules) {
            this.identityRules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /**
         * How failed authentications are throttled per identity and per address (default
         * {@link AuthThrottle#defaults()}: on; {@link AuthThrottle#disabled()} turns it off).
         */
        public Builder authThrottle(AuthThrottle throttle) {
            this.authThrottle = Objects.requireNonNull(throttle, "throttle");
            return this;
        }

        /** Adds a listener for the {@link #authThrottle(AuthThrottle) throttle}'s decisions; on a transport thread. */
        public Builder authThrottleListener(AuthThrottle.Listener listener) {
            throttleListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Whether an identity the {@link IdentityFilter} refuses is answered with 401, like a failed authentication,
         * instead of 404 (default false: 404).
         *
         * <p>The trade-off: 404 is what OCPP-J 1.6 §3.2 and OCPP 2.0.1 Part 4 §3.2 ask for, and it tells a
         * misconfigured station (or its installer) that the CSMS does not know its identity, which a 401 would
         * disguise as a password problem. But it also lets anyone find out which identities exist, one request each,
         * without knowing a password; with {@code true} an unknown identity and a wrong password look the same from
         * outside. Identities that break the {@link IdentityRules} are answered with 404 either way: they cannot
         * exist, so the answer reveals nothing.
         */
        public Builder uniformAuthenticationFailure(boolean uniform) {
            this.uniformAuthenticationFailure = uniform;
            return this;
        }

        /**
         * How long the session of a station that has gone is kept for its return (default one hour); after that it
         * ends and a reconnect starts a new one.
         */
        public Builder sessionRetention(Duration retention) {
            if (retention.isNegative()) {
                throw new IllegalArgumentException("negative retention");
            }
            this.retention = retention;
            return this;
        }

        /**
         * How many sessions of stations that have gone are kept for their return at most (default
         * {@value OcppServer#DEFAULT_MAX_RETAINED_SESSIONS}); beyond it the one gone longest ends at once, as if its
         * {@linkplain #sessionRetention retention time} had passed. The bound keeps a peer that connects under ever
         * new identities from growing the server's memory for the whole retention time.
         *
         * @param max at least 0; 0 ends every session as soon as its station goes
         */
        public Builder maxRetainedSessions(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("negative maxRetainedSessions");
            }
            this.maxRetainedSessions = max;
            return this;
        }

        public OcppServer build() {
            if (protocols.isEmpty()) {
                throw new IllegalStateException("serve at least one OCPP version");
            }
            return new OcppServer(this);
        }
    }
}
