package dev.ocpp.core.spi;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How a client transport connects. Immutable; build with {@link #builder(URI)}.
 *
 * <p>Defaults: no subprotocols, no credentials, connect timeout 10 s, ping every 30 s, pong timeout 10 s,
 * incoming messages up to 1 MiB, at most 10 000 outgoing messages waiting.
 */
public final class ClientTransportConfig {

    private final URI uri;
    private final List<String> subprotocols;
    private final BasicCredentials credentials;
    private final Map<String, String> headers;
    private final Duration connectTimeout;
    private final Duration pingInterval;
    private final Duration pongTimeout;
    private final int maxMessageSize;
    private final int maxQueuedSends;
    private final SSLContext sslContext;
    private final boolean perMessageDeflate;

    private ClientTransportConfig(Builder b) {
        this.uri = b.uri;
        this.subprotocols = List.copyOf(b.subprotocols);
        this.credentials = b.credentials;
        this.headers = Map.copyOf(b.headers);
        this.connectTimeout = b.connectTimeout;
        this.pingInterval = b.pingInterval;
        this.pongTimeout = b.pongTimeout;
        this.maxMessageSize = b.maxMessageSize;
        this.maxQueuedSends = b.maxQueuedSends;
        this.sslContext = b.sslContext;
        this.perMessageDeflate = b.perMessageDeflate;
    }

    /** A builder for a connection to {@code uri}: the full URL, identity included as the last segment. */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    public URI uri() {
        return uri;
    }

    /** The subprotocols to offer, most preferred first. */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** Basic credentials to send, or {@code null}. */
    public BasicCredentials credentials() {
        return credentials;
    }

    /** Extra request headers. */
    public Map<String, String> headers() {
        return headers;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How often the client pings; {@link Duration#ZERO} turns pings off. */
    public Duration pingInterval() {
        return pingInterval;
    }

    public Duration pongTimeout() {
        return pongTimeout;
    }

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

    /** The TLS context for {@code wss://}, or {@code null} for the platform default. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /**
     * Whether the client offers the permessage-deflate extension (RFC 7692) in its upgrade request; off by default
     * (compression costs a station CPU and memory per connection, and OCPP 2.0.1 Part 4 §3.3 only recommends it to the
     * station). The server decides; without its consent messages go uncompressed. Transports that cannot compress
     * ignore it.
     */
    public boolean perMessageDeflate() {
        return perMessageDeflate;
    }

    /** Builds a {@link ClientTransportConfig}. */
    public static final class Builder {
        private final URI uri;
        private List<String> subprotocols = List.of();
        private BasicCredentials credentials;
        private Map<String, String> headers = Map.of();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration pongTimeout = Duration.ofSeconds(10);
        private int maxQueuedSends = ServerTransportConfig.DEFAULT_MAX_QUEUED_SENDS;
        private int maxMessageSize = ServerTransportConfig.DEFAULT_MAX_MESSAGE_SIZE;
        private SSLContext sslContext;
        private boolean perMessageDeflate = false;

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        public Builder subprotocols(List<String> subprotocols) {
            this.subprotocols = List.copyOf(subprotocols);
            return this;
        }

        public Builder credentials(BasicCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder headers(Map<String, String> headers) {
            this.headers = Map.copyOf(headers);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
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

        /** See {@link ClientTransportConfig#perMessageDeflate()}. */
        public Builder perMessageDeflate(boolean enabled) {
            this.perMessageDeflate = enabled;
            return this;
        }

        public ClientTransportConfig build() {
            return new ClientTransportConfig(this);
        }
    }
}
