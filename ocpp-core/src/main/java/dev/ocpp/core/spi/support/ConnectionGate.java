package dev.ocpp.core.spi.support;

import dev.ocpp.core.spi.ConnectionLimits;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounting behind {@link ConnectionLimits}, for a server transport to consult at accept: a building block, so
 * that every transport enforces the limits alike. One gate per listening server. Thread-safe.
 *
 * <p>How a transport uses it:
 * <ol>
 *   <li>when a socket is accepted, before reading anything from it, {@link #admit} with the peer's address and a
 *       way to close the socket. A {@code null} answer means refused: the transport closes the socket at once,
 *       with no TLS handshake and no HTTP answer, so that a refusal costs next to nothing;</li>
 *   <li>when the upgrade has been answered with {@code 101}, {@link Ticket#upgraded()};</li>
 *   <li>when the socket is closed, for whatever reason, {@link Ticket#closed()}.</li>
 * </ol>
 * The handshake timeout ({@link ConnectionLimits#handshakeTimeout()}) is the transport's to run, on a timer it
 * already has.
 *
 * <p>Remote addresses are counted per IPv4 address and, for IPv6, per /64 prefix: a single IPv6 subscriber is
 * usually given a whole /64 and could otherwise take a fresh address for each socket. A {@code null} address (a
 * transport that cannot tell) is counted as one address of its own.
 *
 * <p>Each operation takes one short lock, does constant work (a hash map lookup and a linked list update) and never
 * waits for anything else, so it is safe on a transport's I/O thread. Per-address entries are removed as soon as
 * their address has no connection left, so memory is bounded by the connections held, not by the addresses ever
 * seen. Refusals are logged at most once a minute, as a summary, so that a flood cannot flood the log too.
 */
public final class ConnectionGate {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    /** How often at most a summary of refusals is logged. */
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final Object UNKNOWN_ADDRESS = new Object() {
        @Override
        public String toString() {
            return "unknown address";
        }
    };

    private final ConnectionLimits limits;
    private final LongSupplier nanoClock;
    private final Consumer<String> warnings;

    // Everything below is guarded by this gate's monitor.
    private final Map<Object, Counts> addresses = new HashMap<>();
    private int connections;
    private int pending;
    /** The pending tickets, oldest first, linked through the tickets themselves so that removal is O(1). */
    private Ticket oldest;
    private Ticket newest;
    private long refused;
    private long evicted;
    private long refusedSinceWarn;
    private long evictedSinceWarn;
    private String lastRefusal;
    private long lastWarnNanos;

    /** A gate enforcing {@code limits}, for one server. */
    public ConnectionGate(ConnectionLimits limits) {
        this(limits, System::nanoTime, LOG::warn);
    }

    /** For tests: the clock that paces the refusal summaries, and where they go. */
    ConnectionGate(ConnectionLimits limits, LongSupplier nanoClock, Consumer<String> warnings) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.nanoClock = nanoClock;
        this.warnings = warnings;
        this.lastWarnNanos = nanoClock.getAsLong() - WARN_INTERVAL_NANOS;
    }

    /** The limits this gate enforces. */
    public ConnectionLimits limits() {
        return limits;
    }

    /**
     * Asks to admit a freshly accepted socket from {@code address}.
     *
     * <p>Refused ({@code null}) when the server holds {@link ConnectionLimits#maxConnections()} connections, when
     * {@code address} holds {@link ConnectionLimits#maxConnectionsPerAddress()}, or when it has
     * {@link ConnectionLimits#maxPendingHandshakesPerAddress()} handshakes pending. Otherwise admitted as pending; if
     * that makes more than {@link ConnectionLimits#maxPendingHandshakes()} pending, the oldest pending connection is
     * closed through the {@code closePending} it was admitted with (called on this thread, after the gate's lock is
     * released, and no longer counted as pending from then on: its {@link Ticket#closed()} still follows).
     *
     * @param address      the peer's address, or {@code null} if the transport cannot tell
     * @param closePending closes this socket if the gate has to make room for a newer handshake; must not block and
     *                     may be called from any thread
     * @return the ticket of the admitted connection, or {@code null} if it is refused and must be closed
     */
    public Ticket admit(InetAddress address, Runnable closePending) {
        Objects.requireNonNull(closePending, "closePending");
        Object key = key(address);
        Ticket victim = null;
        Ticket ticket;
        String refusal;
        synchronized (this) {
            Counts counts = addresses.get(key);
            refusal = refusal(counts);
            if (refusal == null) {
                if (pending >= limits.maxPendingHandshakes() && oldest != null) {
                    victim = oldest;
                    unlinkPending(victim);
                    victim.state = Ticket.EVICTED;
                    evicted++;
                    evictedSinceWarn++;
                }
                if (counts == null) {
                    counts = new Counts();
                    addresses.put(key, counts);
                }
                ticket = new Ticket(key, counts, closePending);
                counts.connections++;
                connections++;
                linkPending(ticket);
            } else {
                ticket = null;
                refused++;
                refusedSinceWarn++;
                lastRefusal = refusal + " (" + LogSafe.escape(describe(key)) + ")";
            }
        }
        if (victim != null) {
            try {
                victim.closePending.run();
            } catch (RuntimeException e) {
                LOG.warn("Closing the oldest pending handshake failed", e);
            }
        }
        if (ticket == null || victim != null) {
            maybeWarn();
        }
        return ticket;
    }

    /** Why a new socket is refused, or null if it may come in. Called with the lock held. */
    private String refusal(Counts counts) {
        if (connections >= limits.maxConnections()) {
            return "server at maxConnections " + limits.maxConnections();
        }
        if (counts == null) {
            return null;
        }
        if (counts.connections >= limits.maxConnectionsPerAddress()) {
            return "address at maxConnectionsPerAddress " + limits.maxConnectionsPerAddress();
        }
        if (counts.pending >= limits.maxPendingHandshakesPerAddress()) {
            return "address at maxPendingHandshakesPerAddress " + limits.maxPendingHandshakesPerAddress();
        }
        return null;
    }

    /** One WARN a minute at most, summing up what happened since the last one. */
    private void maybeWarn() {
        long refusedNow;
        long evictedNow;
        String latest;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (now - lastWarnNanos < WARN_INTERVAL_NANOS) {
                return;
            }
            lastWarnNanos = now;
            refusedNow = refusedSinceWarn;
            evictedNow = evictedSinceWarn;
            latest = lastRefusal;
            refusedSinceWarn = 0;
            evictedSinceWarn = 0;
        }
        warnings.accept("Connection limits: " + refusedNow + " connection(s) refused, " + evictedNow
                + " pending handshake(s) closed to make room since the last report (at most one a minute); latest"
                + " refusal: " + (latest == null ? "none" : latest));
    }

    /** How many sockets were refused since the gate was made. */
    public synchronized long refusedCount() {
        return refused;
    }

    /** How many pending handshakes were closed to make room for newer ones since the gate was made. */
    public synchronized long evictedCount() {
        return evicted;
    }

    /** The connections admitted and not closed yet, pending or upgraded. */
    public synchronized int connectionCount() {
        return connections;
    }

    /** The connections admitted and neither upgraded, closed nor evicted yet. */
    public synchronized int pendingCount() {
        return pending;
    }

    /** How many remote addresses (IPv6: /64 prefixes) the gate holds counts for: those with a connection. */
    public synchronized int trackedAddressCount() {
        return addresses.size();
    }

    private void linkPending(Ticket t) {
        t.prev = newest;
        t.next = null;
        if (newest == null) {
            oldest = t;
        } else {
            newest.next = t;
        }
        newest = t;
        pending++;
        t.counts.pending++;
    }

    private void unlinkPending(Ticket t) {
        if (t.prev == null) {
            oldest = t.next;
        } else {
            t.prev.next = t.next;
        }
        if (t.next == null) {
            newest = t.prev;
        } else {
            t.next.prev = t.prev;
        }
        t.prev = null;
        t.next = null;
        pending--;
        t.counts.pending--;
    }

    private static Object key(InetAddress address) {
        if (address == null) {
            return UNKNOWN_ADDRESS;
        }
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            long prefix = 0;
            for (int i = 0; i < 8; i++) {
                prefix = (prefix << 8) | (b[i] & 0xff);
            }
            return new Ipv6Prefix(prefix);
        }
        return address;
    }

    private static String describe(Object key) {
        if (key instanceof InetAddress a) {
            return a.getHostAddress();
        }
        return key.toString();
    }

    /** An IPv6 /64 prefix, the unit IPv6 addresses are counted in. */
    private record Ipv6Prefix(long bits) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            for (int i = 3; i >= 0; i--) {
                s.append(Long.toHexString((bits >>> (16 * i)) & 0xffff)).append(':');
            }
            return s.append(":/64").toString();
        }
    }

    /** What one address holds. Guarded by the gate. */
    private static final class Counts {
        int connections;
        int pending;
    }

    /**
     * One admitted connection. Its methods may be called from any thread, more than once, and in any order: only the
     * first {@link #closed()} counts, and {@link #upgraded()} after it (or after the gate closed the connection to
     * make room) changes nothing.
     */
    public final class Ticket {
        static final int PENDING = 0;
        static final int OPEN = 1;
        static final int EVICTED = 2;
        static final int CLOSED = 3;

        private final Object key;
        private final Counts counts;
        private final Runnable closePending;
        // Guarded by the gate.
        private int state = PENDING;
        private Ticket prev;
        private Ticket next;

        private Ticket(Object key, Counts counts, Runnable closePending) {
            this.key = key;
            this.counts = counts;
            this.closePending = closePending;
        }

        /** The upgrade was answered with {@code 101}: the connection no longer counts as a pending handshake. */
        public void upgraded() {
            synchronized (ConnectionGate.this) {
                if (state == PENDING) {
                    unlinkPending(this);
                    state = OPEN;
                }
            }
        }

        /** The socket is closed: releases its place. Idempotent. */
        public void closed() {
            synchronized (ConnectionGate.this) {
                if (state == CLOSED) {
                    return;
                }
                if (state == PENDING) {
                    unlinkPending(this);
                }
                state = CLOSED;
                connections--;
                if (--counts.connections == 0) {
                    addresses.remove(key);
                }
            }
        }

        /** Whether the connection still counts as a pending handshake. */
        public boolean isPending() {
            synchronized (ConnectionGate.this) {
                return state == PENDING;
            }
        }
    }
}
