package dev.ocpp.transport.tyrus.internal.client;

import dev.ocpp.core.internal.concurrent.SharedPool;
import dev.ocpp.transport.jakarta.internal.SharedThreads;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Grizzly transport (one selector thread, a few worker threads) behind all client connections of its owner,
 * a {@code TyrusClients}. Tyrus' own client container starts a transport with its own threads for every single
 * connection; here the transport is started by the first connection and stopped once no connection has used it for
 * {@link #IDLE_STOP_MILLIS}, so an idle client holds no threads and a reconnecting station does not start and stop
 * thread pools on every attempt. {@link #close()} stops it at once: the owning client transport was closed.
 *
 * <p>While the transport runs this holds a lease of the shared timer, which keeps the idle stop.
 */
public final class ClientSockets {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSockets.class);

    /** How long the transport outlives its last connection. */
    static final long IDLE_STOP_MILLIS = 5000;

    /**
     * Workers run TLS, Tyrus' frame parsing and the listener events of every connection; those are short, so a
     * couple of threads serve many connections.
     */
    private static final int WORKERS = Math.min(4, Math.max(2, Runtime.getRuntime().availableProcessors()));

    private TCPNIOTransport transport;
    /** Held exactly while {@link #transport} is set. */
    private SharedPool.Lease<ScheduledThreadPoolExecutor> timer;
    private int users;
    /** Changes on every acquire and release, so that a stop scheduled before the transport was used again does nothing. */
    private long generation;
    private boolean closed;

    public ClientSockets() {
    }

    /**
     * The running transport, started if needed; each call must be paired with one {@link #release()}.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    synchronized TCPNIOTransport acquire() throws IOException {
        if (closed) {
            throw new IllegalStateException("The client transport is closed");
        }
        if (transport == null) {
            TCPNIOTransport t = TCPNIOTransportBuilder.newInstance()
                    .setSelectorRunnersCount(1)
                    .setSelectorThreadPoolConfig(pool("ocpp-ws-client-selector", 1))
                    .setWorkerThreadPoolConfig(pool("ocpp-ws-client", WORKERS))
                    // Listener events and Tyrus' handshake processing run on workers, never on the selector.
                    .setIOStrategy(WorkerThreadIOStrategy.getInstance())
                    .setTcpNoDelay(true)
                    .build();
            t.start();
            transport = t;
            timer = SharedThreads.timer();
        }
        users++;
        generation++;
        return transport;
    }

    /** A connection (or a failed attempt) no longer needs the transport. */
    synchronized void release() {
        if (--users > 0 || transport == null) {
            return;
        }
        long idle = ++generation;
        // The lease is held while the transport runs, so the timer cannot have been stopped.
        timer.get().schedule(() -> stopIfStillIdle(idle), IDLE_STOP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Runs on the shared timer: only hands the stop to a connector thread, since stopping Grizzly may block. */
    private void stopIfStillIdle(long idle) {
        TCPNIOTransport stopping;
        SharedPool.Lease<ScheduledThreadPoolExecutor> timerLease;
        synchronized (this) {
            if (users > 0 || idle != generation || transport == null) {
                return;
            }
            stopping = transport;
            transport = null;
            timerLease = timer;
            timer = null;
        }
        SharedPool.Lease<ThreadPoolExecutor> connector = SharedThreads.connector();
        try {
            connector.get().execute(() -> {
                try {
                    stop(stopping);
                } finally {
                    connector.closeWithoutWaiting();
                }
            });
        } catch (RejectedExecutionException e) {
            connector.closeWithoutWaiting();
            stop(stopping);
        }
        // On the timer's own thread: it must not wait for itself.
        timerLease.closeWithoutWaiting();
    }

    /**
     * Stops the transport now, whatever still uses it (its connections were aborted before), and refuses further
     * {@link #acquire()}s. Blocks while Grizzly stops. Idempotent.
     */
    public void close() {
        TCPNIOTransport stopping;
        SharedPool.Lease<ScheduledThreadPoolExecutor> timerLease;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = transport;
            transport = null;
            timerLease = timer;
            timer = null;
        }
        if (stopping != null) {
            stop(stopping);
        }
        if (timerLease != null) {
            timerLease.close();
        }
    }

    private static void stop(TCPNIOTransport t) {
        try {
            t.shutdownNow();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Stopping the WebSocket client transport failed", e);
        }
    }

    private static ThreadPoolConfig pool(String name, int threads) {
        return ThreadPoolConfig.defaultConfig().copy()
                .setPoolName(name)
                .setCorePoolSize(threads)
                .setMaxPoolSize(threads)
                .setDaemon(true);
    }
}
