package dev.ocpp.transport.jakarta.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads this module owns, shared by every connection in the process: daemon threads, created on first use
 * and ended after {@value #IDLE_SECONDS} s without work, so that nothing of the library lingers once every connection
 * is closed (a redeployed web application, a test that checks for leaks).
 */
public final class SharedThreads {

    static final int IDLE_SECONDS = 10;

    private SharedThreads() {
    }

    /**
     * One timer thread for pings, pong deadlines and connect timeouts of all connections. Its tasks only queue
     * non-blocking work, so one thread is enough however many connections there are.
     */
    public static ScheduledExecutorService timer() {
        return Holder.TIMER;
    }

    /**
     * Runs the blocking {@code WebSocketContainer.connectToServer} calls, which the Jakarta API offers in no other
     * form, so that {@code connect} returns at once. Threads are created on demand and expire when idle.
     */
    public static ExecutorService connector() {
        return Holder.CONNECTOR;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static final class Holder {
        static final ScheduledExecutorService TIMER = createTimer();
        static final ExecutorService CONNECTOR = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemons("ocpp-ws-connect-"));

        private static ScheduledExecutorService createTimer() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemons("ocpp-ws-timer-"));
            // Cancelled pings of closed connections must not pile up until their due time.
            t.setRemoveOnCancelPolicy(true);
            // The thread ends only when no task is pending; scheduling a task starts a new one.
            t.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
            t.allowCoreThreadTimeOut(true);
            return t;
        }
    }
}
