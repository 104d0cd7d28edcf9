package dev.ocpp.core.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How many TCP connections a server transport holds at once, and how long one may take to become a WebSocket.
 * Immutable; build with {@link #builder()}, or take {@link #defaults()}.
 *
 * <p>Why these limits exist: a server that accepts every socket and waits for its upgrade request can be locked by
 * one host that opens thousands of sockets and says nothing. Each silent socket holds a file descriptor and some
 * memory until the handshake timeout, and a timeout alone does not help: the attacker reconnects. The limits below
 * let a server refuse such sockets cheaply (closed at accept, before any TLS or HTTP work) while real stations,
 * which have at most one handshake in flight each, keep getting in.
 *
 * <p>A connection is <em>pending</em> from the moment it is accepted until the server has answered its WebSocket
 * upgrade (RFC 6455 §4.2.2: a {@code 101}, or an HTTP refusal after which the connection closes); then it is
 * <em>open</em> until closed. Both count against the connection caps; only pending ones count against the pending
 * caps. A socket refused at one of the caps is just closed, without an HTTP answer. When the total pending cap is
 * reached, the oldest pending handshake is closed to make room instead of refusing the newcomer: the oldest is the one
 * most likely to be a silent socket, and a flood from many addresses then cannot freeze out the next real station.
 *
 * <p>Where a transport has no access to the sockets (an endpoint deployed into a foreign servlet container), the
 * container's own connection limits apply instead and these are not used.
 */
public final class ConnectionLimits {

    /** Default of {@link #maxConnections()}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Default of {@link #maxConnectionsPerAddress()}. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1_000;
    /** Default of {@link #maxPendingHandshakes()}. */
    public static final int DEFAULT_MAX_PENDING_HANDSHAKES = 1_000;
    /** Default of {@link #maxPendingHandshakesPerAddress()}. */
    public static final int DEFAULT_MAX_PENDING_HANDSHAKES_PER_ADDRESS = 16;
    /** Default of {@link #handshakeTimeout()}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private static final ConnectionLimits DEFAULTS = builder().build();

    private final int maxConnections;
    private final int maxConnectionsPerAddress;
    private final int maxPendingHandshakes;
    private final int maxPendingHandshakesPerAddress;
    private final Duration handshakeTimeout;

    private ConnectionLimits(Builder b) {
        this.maxConnections = b.maxConnections;
        this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
        this.maxPendingHandshakes = b.maxPendingHandshakes;
        this.maxPendingHandshakesPerAddress = b.maxPendingHandshakesPerAddress;
        this.handshakeTimeout = b.handshakeTimeout;
    }

    /** The defaults: 10 000 connections, 1 000 per address, 1 000 pending handshakes, 16 per address, 10 s. */
    public static ConnectionLimits defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxConnections = maxConnections;
        b.maxConnectionsPerAddress = maxConnectionsPerAddress;
        b.maxPendingHandshakes = maxPendingHandshakes;
        b.maxPendingHandshakesPerAddress = maxPendingHandshakesPerAddress;
        b.handshakeTimeout = handshakeTimeout;
        return b;
    }

    /**
     * The most TCP connections one server holds at once, pending or upgraded; past it new sockets are closed at
     * accept. Default 10 000: well above what one CSMS node usually serves, and well below the file descriptor limits
     * servers are usually given, so that the process keeps descriptors for its database, logs and outgoing calls.
     */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * The most TCP connections from one remote IP address, pending or upgraded. Default 1 000. Stations behind one NAT
     * or mobile-network (APN) gateway all reach the server from the gateway's address: a server with more stations
     * behind one gateway than this must raise it.
     */
    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    /**
     * The most connections accepted but not yet upgraded, over all addresses. At the cap, a new connection closes the
     * oldest pending one and takes its place. Default 1 000: many stations reconnecting at once after an outage (each
     * handshake takes a round trip or two, a few more with TLS) fit, while silent sockets cannot pile up without end.
     */
    public int maxPendingHandshakes() {
        return maxPendingHandshakes;
    }

    /**
     * The most connections from one remote IP address accepted but not yet upgraded; past it, new sockets from that
     * address are closed at accept. Default 16: a real station has at most one handshake in flight, so this leaves
     * room for a few stations behind one gateway reconnecting at the same moment while one host cannot hold more.
     */
    public int maxPendingHandshakesPerAddress() {
        return maxPendingHandshakesPerAddress;
    }

    /**
     * How long a connection may take from accept until the server answers its upgrade request, the TLS handshake
     * included; a connection still pending then is closed. Default 10 s: a station's handshake takes a few round
     * trips, even over a slow mobile link, and a shorter hold makes each silent socket cost less.
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionLimits l && l.maxConnections == maxConnections
                && l.maxConnectionsPerAddress == maxConnectionsPerAddress
                && l.maxPendingHandshakes == maxPendingHandshakes
                && l.maxPendingHandshakesPerAddress == maxPendingHandshakesPerAddress
                && l.handshakeTimeout.equals(handshakeTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConnections, maxConnectionsPerAddress, maxPendingHandshakes,
                maxPendingHandshakesPerAddress, handshakeTimeout);
    }

    @Override
    public String toString() {
        return "ConnectionLimits[maxConnections=" + maxConnections + ", maxConnectionsPerAddress="
                + maxConnectionsPerAddress + ", maxPendingHandshakes=" + maxPendingHandshakes
                + ", maxPendingHandshakesPerAddress=" + maxPendingHandshakesPerAddress + ", handshakeTimeout="
                + handshakeTimeout + "]";
    }

    /** Builds {@link ConnectionLimits}; every setter refuses values that would make the server unusable. */
    public static final class Builder {
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private int maxPendingHandshakes = DEFAULT_MAX_PENDING_HANDSHAKES;
        private int maxPendingHandshakesPerAddress = DEFAULT_MAX_PENDING_HANDSHAKES_PER_ADDRESS;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

        private Builder() {
        }

        /** See {@link ConnectionLimits#maxConnections()}; at least 1. */
        public Builder maxConnections(int max) {
            this.maxConnections = atLeastOne(max, "maxConnections");
            return this;
        }

        /** See {@link ConnectionLimits#maxConnectionsPerAddress()}; at least 1. */
        public Builder maxConnectionsPerAddress(int max) {
            this.maxConnectionsPerAddress = atLeastOne(max, "maxConnectionsPerAddress");
            return this;
        }

        /** See {@link ConnectionLimits#maxPendingHandshakes()}; at least 1. */
        public Builder maxPendingHandshakes(int max) {
            this.maxPendingHandshakes = atLeastOne(max, "maxPendingHandshakes");
            return this;
        }

        /** See {@link ConnectionLimits#maxPendingHandshakesPerAddress()}; at least 1. */
        public Builder maxPendingHandshakesPerAddress(int max) {
            this.maxPendingHandshakesPerAddress = atLeastOne(max, "maxPendingHandshakesPerAddress");
            return this;
        }

        /** See {@link ConnectionLimits#handshakeTimeout()}; positive, at least one millisecond. */
        public Builder handshakeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("handshakeTimeout must be at least 1 ms: " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        public ConnectionLimits build() {
            return new ConnectionLimits(this);
        }

        private static int atLeastOne(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + value);
            }
            return value;
        }
    }
}
