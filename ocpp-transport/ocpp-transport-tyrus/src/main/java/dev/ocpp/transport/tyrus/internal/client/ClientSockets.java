package dev.ocpp.transport.tyrus.internal.client;

import dev.ocpp.transport.jakarta.internal.SharedThreads;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
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
 * thread pools on every attempt.
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
    private int users;
    /** Changes on every acquire and release, so that a stop scheduled before the transport was used again does nothing. */
    private long generation;

    public ClientSockets() {
    }

    /** The running transport, started if needed; each call must be paired with one {@link #release()}. */
    synchronized TCPNIOTransport acquire() throws IOException {
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
        }
        users++;
        generation++;
        return transport;
    }

    /** A connection (or a failed attempt) no longer needs the transport. */
    synchronized void release() {
        if (--users > 0) {
            return;
        }
        long idle = ++generation;
        try {
            SharedThreads.timer().schedule(() -> stopIfStillIdle(idle), IDLE_STOP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            stopIfStillIdle(idle);
        }
    }

    /** Runs on the shared timer: only hands the stop to a connector thread, since stopping Grizzly may block. */
    private void stopIfStillIdle(long idle) {
        TCPNIOTransport stopping;
        synchronized (this) {
            if (users > 0 || idle != generation || transport == null) {
                return;
            }
            stopping = transport;
            transport = null;
        }
        try {
            SharedThreads.connector().execute(() -> stop(stopping));
        } catch (RejectedExecutionException e) {
            stop(stopping);
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
