package dev.ocpp.core.spi;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;

/**
 * How a server transport listens. Immutable; build with {@link #builder()}.
 *
 * <p>Connections are served at {@code ws://host:port<path>/<identity>} (or {@code wss://} with an
 * {@link #sslContext()}). Defaults: host 127.0.0.1, port 0 (any free port), path {@code /ocpp}, ping every 30 s,
 * pong timeout 10 s, incoming messages up to 1 MiB, at most 10 000 outgoing messages waiting per connection,
 * {@link ConnectionLimits#defaults()} for connections and handshakes.
 */
public final class ServerTransportConfig {

    /** The default limit on one incoming message: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;

    /** The default limit on messages waiting to be written on one connection. */
    public static final int DEFAULT_MAX_QUEUED_SENDS = 10_000;

    private final String host;
    private final int port;
    private final String path;
    private final List<String> subprotocols;
    private final Duration pingInterval;
    private final Duration pongTimeout;
    private final int maxMessageSize;
    private final int maxQueuedSends;
    private final SSLContext sslContext;
    private final boolean perMessageDeflate;
    private final boolean needClientAuth;
    private final BiConsumer<InetSocketAddress, Throwable> preUpgradeFailureListener;
    private final ConnectionLimits connectionLimits;

    private ServerTransportConfig(Builder b) {
        this.connectionLimits = b.connectionLimits;
        this.preUpgradeFailureListener = b.preUpgradeFailureListener;
        this.host = b.host;
        this.port = b.port;
        this.path = b.path;
        this.subprotocols = List.copyOf(b.subprotocols);
        this.pingInterval = b.pingInterval;
        this.pongTimeout = b.pongTimeout;
        this.maxMessageSize = b.maxMessageSize;
        this.maxQueuedSends = b.maxQueuedSends;
        this.sslContext = b.sslContext;
        this.perMessageDeflate = b.perMessageDeflate;
        this.needClientAuth = b.needClientAuth;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address to bind: a host name or literal; only a wildcard address listens on all interfaces. */
    public String host() {
        return host;
    }

    /** The port to bind; 0 picks a free one (see {@link TransportServer#localAddress()}). */
    public int port() {
        return port;
    }

    /** The path prefix in front of the identity, starting with {@code /} and without a trailing slash. */
    public String path() {
        return path;
    }

    /** The subprotocols the server serves, for stacks that must declare them up front. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** How often the server pings each connection; {@link Duration#ZERO} turns pings off. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** How long after a ping without any pong the connection is considered dead and dropped. */
    public Duration pongTimeout() {
        return pongTimeout;
    }

    /** The largest incoming message in bytes; a larger one closes the connection with 1009. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * How many outgoing messages may wait for the network on one connection. A peer that stops reading while we
     * still have things to say would otherwise make the queue grow without end; past the limit the send fails and
     * the connection is closed with 1008.
     */
    public int maxQueuedSends() {
        return maxQueuedSends;
    }

    /** The TLS context for {@code wss://}, or {@code null} for plain {@code ws://}. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** Whether TLS clients must present a certificate (security profile 3). */
    public boolean needClientAuth() {
        return needClientAuth;
    }

    /**
     * Called when a connection fails before its WebSocket upgrade, with the peer's address (or {@code null}) and
     * the cause, for example a TLS handshake the server refused or plain HTTP on a TLS port. Runs on a transport
     * thread: it must be quick and must not block. Transports report what they can see; a no-op by default.
     */
    public BiConsumer<InetSocketAddress, Throwable> preUpgradeFailureListener() {
        return preUpgradeFailureListener;
    }

    /**
     * Whether the server accepts the permessage-deflate extension (RFC 7692) when a client offers it; on by default,
     * since a CSMS supporting OCPP 2.0.1 shall support it (OCPP 2.0.1 Part 4 §3.3). Clients that do not offer it are
     * served uncompressed either way. Transports that cannot compress ignore it.
     */
    public boolean perMessageDeflate() {
        return perMessageDeflate;
    }

    /**
     * The caps on connections and pending handshakes, per server and per remote address, and the handshake timeout;
     * see {@link ConnectionLimits}. {@link ConnectionLimits#defaults()} unless set.
     */
    public ConnectionLimits connectionLimits() {
        return connectionLimits;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.connectionLimits = connectionLimits;
        b.preUpgradeFailureListener = preUpgradeFailureListener;
        b.host = host;
        b.port = port;
        b.path = path;
        b.subprotocols = subprotocols;
        b.pingInterval = pingInterval;
        b.pongTimeout = pongTimeout;
        b.maxMessageSize = maxMessageSize;
        b.maxQueuedSends = maxQueuedSends;
        b.sslContext = sslContext;
        b.perMessageDeflate = perMessageDeflate;
        b.needClientAuth = needClientAuth;
        return b;
    }

    /** Builds a {@link ServerTransportConfig}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String path = "/ocpp";
        private List<String> subprotocols = List.of();
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration pongTimeout = Duration.ofSeconds(10);
        private int maxQueuedSends = DEFAULT_MAX_QUEUED_SENDS;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private SSLContext sslContext;
        private boolean perMessageDeflate = true;
        private boolean needClientAuth;
        private BiConsumer<InetSocketAddress, Throwable> preUpgradeFailureListener = (remote, cause) -> { };
        private ConnectionLimits connectionLimits = ConnectionLimits.defaults();

        private Builder() {
        }

        /** See {@link ServerTransportConfig#connectionLimits()}. */
        public Builder connectionLimits(ConnectionLimits limits) {
            this.connectionLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** See {@link ServerTransportConfig#preUpgradeFailureListener()}. */
        public Builder preUpgradeFailureListener(BiConsumer<InetSocketAddress, Throwable> listener) {
            this.preUpgradeFailureListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            this.port = port;
            return this;
        }

        /** The path prefix; normalized to start with one {@code /} and end without one ({@code ""} for root). */
        public Builder path(String path) {
            String p = Objects.requireNonNull(path, "path").trim();
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            if (!p.isEmpty() && !p.startsWith("/")) {
                p = "/" + p;
            }
            this.path = p;
            return this;
        }

        public Builder subprotocols(List<String> subprotocols) {
            this.subprotocols = List.copyOf(subprotocols);
            return this;
        }

        public Builder pingInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("negative ping interval");
            }
            this.pingInterval = interval;
            return this;
        }

        public Builder pongTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("pong timeout must be positive");
            }
            this.pongTimeout = timeout;
            return this;
        }

        public Builder maxMessageSize(int bytes) {
            if (bytes < 64) {
                throw new IllegalArgumentException("max message size too small: " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        public Builder maxQueuedSends(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("must allow at least one queued send");
            }
            this.maxQueuedSends = max;
            return this;
        }

        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** See {@link ServerTransportConfig#perMessageDeflate()}. */
        public Builder perMessageDeflate(boolean enabled) {
            this.perMessageDeflate = enabled;
            return this;
        }

        public Builder needClientAuth(boolean need) {
            this.needClientAuth = need;
            return this;
        }

        public ServerTransportConfig build() {
            return new ServerTransportConfig(this);
        }
    }
}
