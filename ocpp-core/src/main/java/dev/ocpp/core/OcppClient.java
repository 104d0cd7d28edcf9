package dev.ocpp.core;

import dev.ocpp.core.internal.RpcSession;
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
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The charging-station side: opens an OCPP-J connection to a CSMS over any {@link TransportClientFactory}.
 * Immutable and reusable: each {@link #connect()} opens a new connection.
 *
 * <pre>{@code
 * OcppClient client = OcppClient.builder(new TyrusClientTransport())
 *     .endpoint(URI.create("ws://127.0.0.1:9000/ocpp"))
 *     .identity("CP001")
 *     .offer(OcppVersion.OCPP201, handlers201)
 *     .build();
 * OcppSession session = client.connect().join();
 * }</pre>
 *
 * <p>The connection URL is the endpoint plus the percent-encoded identity (OCPP-J 1.6 §3.1.1, OCPP 2.0.1 Part 4
 * §3.1.1). Versions are offered in the order they were added, most preferred first; the server's choice decides.
 */
public final class OcppClient {

    private static final Logger LOG = LoggerFactory.getLogger(OcppClient.class);

    private final TransportClientFactory transport;
    private final URI endpoint;
    private final String identity;
    private final Map<OcppVersion, Handlers> protocols;
    private final SessionConfig sessionConfig;
    private final ClientTransportConfig transportConfig;
    private final List<Consumer<Throwable>> connectFailureListeners;

    private OcppClient(Builder b) {
        this.connectFailureListeners = List.copyOf(b.connectFailureListeners);
        this.transport = b.transport;
        this.endpoint = b.endpoint;
        this.identity = b.identity;
        this.protocols = new LinkedHashMap<>(b.protocols);
        this.sessionConfig = b.sessionConfig;
        String base = endpoint.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        ClientTransportConfig.Builder t = ClientTransportConfig.builder(
                        URI.create(base + "/" + StationIdentities.encode(identity)))
                .subprotocols(protocols.keySet().stream().map(OcppVersion::subprotocol).collect(Collectors.toList()))
                .credentials(b.password != null ? new BasicCredentials(identity, b.password) : b.credentials)
                .pingInterval(b.pingInterval)
                .connectTimeout(b.connectTimeout)
                .maxMessageSize(b.maxMessageSize);
        if (b.sslContext != null) {
            t.sslContext(b.sslContext);
        }
        this.transportConfig = t.build();
    }

    public static Builder builder(TransportClientFactory transport) {
        return new Builder(transport);
    }

    /** The full connection URL, identity included. */
    public URI uri() {
        return transportConfig.uri();
    }

    /**
     * Opens a connection. The future completes with the open session once a version is agreed, or exceptionally
     * with:
     * <ul>
     *   <li>{@link OcppProtocolException} if the server agreed to none of the offered subprotocols;</li>
     *   <li>{@link ConnectionClosedException} wrapping the transport's cause if the connection could not be made or
     *       the server refused the upgrade (the cause is then a
     *       {@link dev.ocpp.core.spi.HandshakeRejectedException} with the HTTP status).</li>
     * </ul>
     */
    public CompletableFuture<OcppSession> connect() {
        CompletableFuture<OcppSession> result = new CompletableFuture<>();
        Opening opening = new Opening(result);
        transport.connect(transportConfig, opening).whenComplete((c, e) -> {
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                sessionConfig.executor().execute(() -> {
                    for (Consumer<Throwable> l : connectFailureListeners) {
                        try {
                            l.accept(cause);
                        } catch (RuntimeException listenerFailure) {
                            LOG.warn("Connect failure listener failed", listenerFailure);
                        }
                    }
                    result.completeExceptionally(new ConnectionClosedException(
                            "Could not connect to " + uri() + ": " + cause.getMessage(), cause));
                });
            }
        });
        return result;
    }

    /** Turns the transport's events into a session once the handshake tells the version. */
    private final class Opening implements TransportListener {
        private final CompletableFuture<OcppSession> result;
        /** Written on open, read by later events: all on the connection's serialized event sequence. */
        private volatile RpcSession session;
        /** Set when the handshake result was already decided, so that the close that follows cannot decide it. */
        private volatile boolean settled;

        Opening(CompletableFuture<OcppSession> result) {
            this.result = result;
        }

        @Override
        public void onOpen(TransportConnection connection) {
            Optional<OcppVersion> version = OcppVersion.fromSubprotocol(connection.info().subprotocol())
                    .filter(protocols::containsKey);
            if (version.isEmpty()) {
                settled = true;
                connection.close(1002, "No agreed OCPP subprotocol");
                sessionConfig.executor().execute(() -> result.completeExceptionally(new OcppProtocolException(
                        "Server at " + uri() + " agreed to none of " + transportConfig.subprotocols())));
                return;
            }
            RpcSession s = new RpcSession(connection, version.get(), protocols.get(version.get()), sessionConfig,
                    null);
            session = s;
            s.onOpen(connection);
            sessionConfig.executor().execute(() -> result.complete(s));
        }

        @Override
        public void onText(TransportConnection connection, String text) {
            RpcSession s = session;
            if (s != null) {
                s.onText(connection, text);
            }
        }

        @Override
        public void onClosing(TransportConnection connection, int code, String reason) {
            RpcSession s = session;
            if (s != null) {
                s.onClosing(connection, code, reason);
            }
        }

        @Override
        public void onClosed(TransportConnection connection, int code, String reason) {
            RpcSession s = session;
            if (s != null) {
                s.onClosed(connection, code, reason);
            } else if (!settled) {
                sessionConfig.executor().execute(() -> result.completeExceptionally(new ConnectionClosedException(
                        "Connection to " + uri() + " closed during the handshake (" + code + " " + reason + ")")));
            }
        }

        @Override
        public void onFailure(TransportConnection connection, Throwable cause) {
            RpcSession s = session;
            if (s != null) {
                s.onFailure(connection, cause);
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
        private Duration pingInterval = Duration.ZERO;
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
         * Called with the transport's cause each time {@link OcppClient#connect()} fails to connect (refused
         * upgrade, TLS failure, unreachable host), on the session executor, before the future fails. For back-off
         * decisions and security events.
         */
        public Builder onConnectFailure(Consumer<Throwable> listener) {
            connectFailureListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** WebSocket ping interval; {@link Duration#ZERO} (the default) leaves pinging to the server. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = Objects.requireNonNull(interval);
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
