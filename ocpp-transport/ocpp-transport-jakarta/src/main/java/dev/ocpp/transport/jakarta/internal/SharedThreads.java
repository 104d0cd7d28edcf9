package dev.ocpp.transport.jakarta.internal;

import dev.ocpp.core.internal.concurrent.SharedPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The few threads this module uses, shared by every connection in the process and owned by whoever uses them: each
 * open connection holds a lease of the timer until its {@code onClosed} was delivered, each client connect attempt
 * one of the timer and the connector until it is settled, a standalone server one of the timer from start to close.
 * A pool stops when its last lease is released, so nothing of the library lingers once every connection is closed (a
 * redeployed web application, a test that checks for leaks). Idle threads also end after {@value #IDLE_SECONDS} s.
 */
public final class SharedThreads {

    static final int IDLE_SECONDS = 60;

    private static final SharedPool<ScheduledThreadPoolExecutor> TIMER = new SharedPool<>("ocpp-ws-timer-", f -> {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, f);
        // Cancelled pings of closed connections must not pile up until their due time.
        t.setRemoveOnCancelPolicy(true);
        // Once the last owner let go, pending pings and deadlines concern connections that are gone.
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        t.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        t.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        t.allowCoreThreadTimeOut(true);
        return t;
    });

    private static final SharedPool<ThreadPoolExecutor> CONNECTOR = new SharedPool<>("ocpp-ws-connect-",
            f -> new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), f));

    private SharedThreads() {
    }

    /**
     * A lease of the one timer thread for pings, pong deadlines and connect timeouts of all connections. Its tasks
     * only queue non-blocking work, so one thread is enough however many connections there are.
     */
    public static SharedPool.Lease<ScheduledThreadPoolExecutor> timer() {
        return TIMER.acquire();
    }

    /**
     * A lease of the threads that run the blocking {@code WebSocketContainer.connectToServer} calls, which the
     * Jakarta API offers in no other form, so that {@code connect} returns at once. Threads are created on demand.
     */
    public static SharedPool.Lease<ThreadPoolExecutor> connector() {
        return CONNECTOR.acquire();
    }

    /** How many leases the timer and the connector pool have: for tests. */
    public static int[] owners() {
        return new int[] {TIMER.owners(), CONNECTOR.owners()};
    }
}
