package dev.ocpp.transport.tyrus.internal;

import dev.ocpp.core.internal.concurrent.SharedPool;
import dev.ocpp.core.spi.ConnectionLimits;
import dev.ocpp.core.spi.support.ConnectionGate;
import dev.ocpp.transport.jakarta.internal.SharedThreads;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;

/**
 * Connects Tyrus' handshake to the Grizzly connection it arrives on, which Tyrus does not expose: its request gives
 * the peer's IP at best, never the port or the TLS session.
 *
 * <p>A filter just in front of Tyrus' {@link GrizzlyServerFilter} notes the connection of each upgrade request in a
 * thread local; Tyrus handles the handshake synchronously on that thread, calling the engine and, inside it, the
 * endpoint's configurator, which reads the connection back. The engine clears it once the upgrade is decided.
 * Upgraded connections are also tracked, so that the server can wait for their close frames to be flushed on
 * shutdown, and so that connections that never upgrade can be closed after a deadline.
 *
 * <p>It also holds the server to its {@link ConnectionLimits}: a filter just after the transport filter, in front of
 * TLS and HTTP, asks the {@link ConnectionGate} about each accepted connection and closes a refused one before anything
 * is read from it; the connection's ticket is marked upgraded with the upgrade and released when Grizzly closes it.
 */
final class HandshakeConnections {

    private static final ThreadLocal<Connection<?>> CURRENT = new ThreadLocal<>();

    private final Set<Connection<?>> upgraded = ConcurrentHashMap.newKeySet();
    /** The gate's tickets of the connections admitted and not closed yet. */
    private final Map<Connection<?>, ConnectionGate.Ticket> tickets = new ConcurrentHashMap<>();
    private final ConnectionGate gate;
    private final Duration upgradeDeadline;
    /** The server's lease of the shared timer, for the upgrade deadlines; released when the server closes. */
    private final SharedPool.Lease<ScheduledThreadPoolExecutor> timer;

    /**
     * @param limits the caps to hold the server to, and its handshake timeout: how long an accepted connection may
     *               stay without being upgraded. The listener's HTTP keep-alive timeout has to be off, or it would
     *               also cut idle WebSockets; the handshake timeout takes its place for connections that never upgrade
     *               (silent sockets, refused handshakes).
     */
    HandshakeConnections(ConnectionLimits limits) {
        this.gate = new ConnectionGate(limits);
        this.upgradeDeadline = limits.handshakeTimeout();
        this.timer = SharedThreads.timer();
    }

    /** The accounting of this server's connections, for tests. */
    ConnectionGate gate() {
        return gate;
    }

    /** The server stopped: no more deadlines to keep. Waits (bounded) for the timer to stop if this was its last user. */
    void release() {
        timer.close();
    }

    /** The connection whose upgrade request this thread is handling, or null. */
    static Connection<?> current() {
        return CURRENT.get();
    }

    static void clear() {
        CURRENT.remove();
    }

    /** Called when Tyrus upgraded the connection of the current handshake. */
    // Grizzly's close listener is generic over its deprecated ICloseType; there is no other way to listen.
    @SuppressWarnings({"rawtypes", "unchecked", "deprecation"})
    void upgradedCurrent() {
        Connection<?> c = CURRENT.get();
        if (c != null && upgraded.add(c)) {
            ConnectionGate.Ticket ticket = tickets.get(c);
            if (ticket != null) {
                ticket.upgraded();
            }
            c.addCloseListener((org.glassfish.grizzly.CloseListener) (closeable, type) -> closed(c));
        }
    }

    boolean isUpgraded(Connection<?> c) {
        return upgraded.contains(c);
    }

    private void closed(Connection<?> c) {
        upgraded.remove(c);
        synchronized (this) {
            notifyAll();
        }
    }

    /** Waits up to {@code millis} for every upgraded connection to be closed; true if they all are. */
    boolean awaitAllClosed(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (this) {
            while (true) {
                upgraded.removeIf(c -> !c.isOpen());
                long left = deadline - System.nanoTime();
                if (upgraded.isEmpty() || left <= 0) {
                    return upgraded.isEmpty();
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /**
     * The add-on installing the filters; register it after Tyrus' {@code WebSocketAddOn} and after
     * {@link PreUpgradeFailures}, so that the gate comes first after the transport filter.
     */
    AddOn addOn() {
        return new AddOn() {
            @Override
            public void setup(NetworkListener networkListener, FilterChainBuilder builder) {
                int tyrus = builder.indexOfType(GrizzlyServerFilter.class);
                int index = tyrus >= 0 ? tyrus : builder.indexOfType(HttpServerFilter.class);
                if (index >= 0) {
                    builder.add(index, new NoteConnection());
                }
                builder.add(builder.indexOfType(TransportFilter.class) + 1, new Gate());
            }
        };
    }

    /**
     * Admits or refuses each accepted connection before any filter behind it (TLS, HTTP) sees it, so that a refusal
     * costs only the accept and the close; starts the handshake timeout of an admitted one.
     */
    private final class Gate extends BaseFilter {
        // Grizzly's close listener is generic over its deprecated ICloseType; there is no other way to listen.
        @SuppressWarnings({"rawtypes", "unchecked", "deprecation"})
        @Override
        public NextAction handleAccept(FilterChainContext ctx) {
            Connection<?> c = ctx.getConnection();
            InetAddress peer = c.getPeerAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
            ConnectionGate.Ticket ticket = gate.admit(peer, c::closeSilently);
            if (ticket == null) {
                c.closeSilently();
                return ctx.getStopAction();
            }
            tickets.put(c, ticket);
            ScheduledFuture<?> deadline;
            try {
                deadline = timer.get().schedule(() -> {
                    if (c.isOpen() && !upgraded.contains(c)) {
                        c.closeSilently();
                    }
                }, upgradeDeadline.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // Accepted while the server is closing and its timer already stopped: nothing will serve it.
                deadline = null;
                c.closeSilently();
            }
            ScheduledFuture<?> toCancel = deadline;
            // Called at once if the connection is already closed (the gate may have closed it to make room).
            c.addCloseListener((org.glassfish.grizzly.CloseListener) (closeable, type) -> {
                if (toCancel != null) {
                    toCancel.cancel(false); // the timer drops cancelled tasks: no memory held until they are due
                }
                ConnectionGate.Ticket t = tickets.remove(c);
                if (t != null) {
                    t.closed();
                }
            });
            return deadline == null ? ctx.getStopAction() : ctx.getInvokeAction();
        }
    }

    private final class NoteConnection extends BaseFilter {

        @Override
        public NextAction handleRead(FilterChainContext ctx) {
            Object message = ctx.getMessage();
            if (message instanceof HttpContent content) {
                HttpHeader header = content.getHttpHeader();
                Connection<?> c = ctx.getConnection();
                // Frames after the upgrade pass here too; only handshakes are of interest.
                if (header.isRequest() && "websocket".equalsIgnoreCase(header.getUpgrade()) && !upgraded.contains(c)) {
                    CURRENT.set(c);
                }
            }
            return ctx.getInvokeAction();
        }
    }
}
