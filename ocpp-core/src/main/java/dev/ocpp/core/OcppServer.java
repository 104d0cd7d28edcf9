package dev.ocpp.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.internal.HandshakePolicy;
import dev.ocpp.core.internal.RpcSession;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.core.spi.TransportServerFactory;
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
 * segment (404 if missing or refused by the {@link IdentityFilter}); the subprotocol is the first the client offers
 * that the server serves; if there is none the connection is opened without a subprotocol and closed at once
 * (1002) with a reason naming what is served; credentials go to the {@link Authenticator} (401 on refusal). A
 * second connection with the same identity replaces the first, which is closed.
 */
public final class OcppServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OcppServer.class);

    private final TransportServerFactory transport;
    private final ServerTransportConfig transportConfig;
    private final Map<OcppVersion, Handlers> protocols;
    private final SessionConfig sessionConfig;
    private final HandshakePolicy policy;
    private final Map<String, RpcSession> sessions = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    /** Guarded by {@link #lifecycle}. */
    private TransportServer server;

    private OcppServer(Builder b) {
        this.transport = b.transport;
        this.protocols = new LinkedHashMap<>(b.protocols);
        this.transportConfig = b.transportConfig.subprotocols(
                protocols.keySet().stream().map(OcppVersion::subprotocol).collect(Collectors.toList())).build();
        this.sessionConfig = b.sessionConfig;
        this.policy = new HandshakePolicy(transportConfig.path(), List.copyOf(protocols.keySet()),
                b.identityFilter, b.authenticator);
    }

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
            try {
                server = transport.start(transportConfig, new Connections());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not listen on " + transportConfig.host() + ":"
                        + transportConfig.port(), e);
            }
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

    /** The open session of a station, if it is connected. */
    public Optional<OcppSession> session(String identity) {
        return Optional.ofNullable(sessions.get(identity));
    }

    /** A snapshot of the open sessions. */
    public Collection<OcppSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /**
     * Sends a CALL to a connected station, with the outcomes described on {@link OcppSession}; a station that is not
     * connected yields {@link ConnectionClosedException}.
     */
    public CompletableFuture<ObjectNode> call(String identity, String action, ObjectNode payload) {
        RpcSession s = sessions.get(identity);
        if (s == null) {
            return CompletableFuture.failedFuture(new ConnectionClosedException("Station " + identity
                    + " is not connected"));
        }
        return s.call(action, payload);
    }

    /** Stops listening and closes every session (1001, going away). Idempotent. */
    @Override
    public void close() {
        TransportServer s;
        synchronized (lifecycle) {
            s = server;
        }
        if (s == null) {
            return;
        }
        for (RpcSession session : new ArrayList<>(sessions.values())) {
            session.close(1001, "Server shutting down");
        }
        s.close();
    }

    /** Connects the transport's callbacks to the sessions. */
    private final class Connections implements ServerConnectionHandler {

        @Override
        public HandshakeDecision onHandshake(HandshakeRequest request) {
            HandshakeDecision decision = policy.decide(request);
            if (!decision.accepted()) {
                LOG.info("Refused upgrade {} from {}: {} {}", request.rawPath(), request.remoteAddress(),
                        decision.status(), decision.reason());
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
                        LOG.info("Closing {}: no common subprotocol (served: {})", c.info().identity(), served);
                        c.close(1002, "No supported OCPP subprotocol; this server serves " + served);
                    }
                };
            }
            String identity = connection.info().identity();
            RpcSession session = new RpcSession(connection, version.get(), protocols.get(version.get()),
                    sessionConfig, s -> sessions.remove(s.identity(), s));
            RpcSession previous = sessions.put(identity, session);
            if (previous != null) {
                LOG.info("{} reconnected; closing its previous connection", identity);
                previous.close(1000, "Replaced by a new connection");
            }
            return session;
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

        private Builder(TransportServerFactory transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
        }

        /** Adjusts the transport settings (host, port, path, ping, message size, TLS). */
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

        public OcppServer build() {
            if (protocols.isEmpty()) {
                throw new IllegalStateException("serve at least one OCPP version");
            }
            return new OcppServer(this);
        }
    }
}
