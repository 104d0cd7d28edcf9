package dev.ocpp.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocpp.core.TimeoutScheduler;
import dev.ocpp.core.internal.concurrent.SharedPool;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The defaults behind {@link dev.ocpp.core.SessionConfig}: a handler pool ({@code ocpp-handler-N}) and a timeout
 * timer ({@code ocpp-timer-1}), each a {@link SharedPool} owned by whoever uses it. An {@code OcppServer} holds an
 * {@link Owner} from {@code start} to {@code close}, a client session from its start to its end; the pools stop
 * when the last owner lets go, so nothing of the library runs once everything it opened is closed (a redeployed web
 * application, a test that checks for leaks).
 *
 * <p>{@link #executor()} and {@link #scheduler()} are stable views that always reach the pool of the moment. Work
 * submitted while nobody owns the pools (a {@code RegistrationRegistry} used on its own, an event that arrives after
 * the last close) holds a lease of its own until it has run, so it runs and leaves no thread behind. Idle threads
 * also end after {@value #IDLE_SECONDS} s, so that long-lived but idle owners hold none; that is economy, not
 * cleanup: stopping is the owners' business.
 */
public final class SharedResources {

    static final int IDLE_SECONDS = 60;

    private static final SharedPool<ThreadPoolExecutor> HANDLERS =
            new SharedPool<>("ocpp-handler-", SharedResources::createExecutor);
    private static final SharedPool<ScheduledThreadPoolExecutor> TIMERS =
            new SharedPool<>("ocpp-timer-", SharedResources::createScheduler);
    /** Leases held by {@link Owner}s, not counting those of work without an owner: for tests. */
    private static final AtomicInteger HANDLER_OWNERS = new AtomicInteger();
    private static final AtomicInteger TIMER_OWNERS = new AtomicInteger();
    private static final Executor EXECUTOR = SharedResources::execute;
    private static final TimeoutScheduler SCHEDULER = SharedResources::schedule;

    private SharedResources() {
    }

    /** The default handler executor: runs on the shared pool, whoever owns it at the time. */
    public static Executor executor() {
        return EXECUTOR;
    }

    /** The default timeout scheduler: runs on the shared timer, whoever owns it at the time. */
    public static TimeoutScheduler scheduler() {
        return SCHEDULER;
    }

    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    /**
     * A share of the default pools that {@code executor} and {@code scheduler} are (none of a pool the caller
     * brought: the library never stops those). Release it when the owner closes.
     */
    public static Owner own(Executor executor, TimeoutScheduler scheduler) {
        SharedPool.Lease<ThreadPoolExecutor> handlers = null;
        SharedPool.Lease<ScheduledThreadPoolExecutor> timer = null;
        if (executor == EXECUTOR) {
            handlers = HANDLERS.acquire();
            HANDLER_OWNERS.incrementAndGet();
        }
        if (scheduler == SCHEDULER) {
            timer = TIMERS.acquire();
            TIMER_OWNERS.incrementAndGet();
        }
        return new Owner(handlers, timer);
    }

    /**
     * How many {@link Owner}s hold the handler pool and the timer: for tests. Leases taken by work without an owner
     * are not counted, so that a timeout left pending by some other code does not move the numbers.
     */
    public static int[] owners() {
        return new int[] {HANDLER_OWNERS.get(), TIMER_OWNERS.get()};
    }

    /** Payload nesting is limited well below Jackson's default: no OCPP message nests deeper than about 8. */
    public static ObjectMapper newMapper() {
        JsonFactory f = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                .build();
        return new ObjectMapper(f);
    }

    private static void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        ThreadPoolExecutor running = HANDLERS.current();
        if (running != null) {
            try {
                running.execute(task);
                return;
            } catch (RejectedExecutionException e) {
                if (!running.isShutdown()) {
                    throw e; // the queue is full: that must stay visible
                }
                // Its last owner just stopped it: run as work without an owner.
            }
        }
        SharedPool.Lease<ThreadPoolExecutor> lease = HANDLERS.acquire();
        try {
            lease.get().execute(() -> {
                try {
                    task.run();
                } finally {
                    lease.closeWithoutWaiting();
                }
            });
        } catch (RejectedExecutionException e) {
            lease.closeWithoutWaiting();
            throw e;
        }
    }

    private static TimeoutScheduler.Cancellable schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        long nanos = delay.toNanos();
        ScheduledThreadPoolExecutor running = TIMERS.current();
        if (running != null) {
            try {
                ScheduledFuture<?> f = running.schedule(task, nanos, TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            } catch (RejectedExecutionException e) {
                if (!running.isShutdown()) {
                    throw e;
                }
            }
        }
        // Without an owner the timeout holds the timer until it has run or been cancelled.
        SharedPool.Lease<ScheduledThreadPoolExecutor> lease = TIMERS.acquire();
        try {
            ScheduledFuture<?> f = lease.get().schedule(() -> {
                try {
                    task.run();
                } finally {
                    lease.closeWithoutWaiting();
                }
            }, nanos, TimeUnit.NANOSECONDS);
            return () -> {
                if (f.cancel(false)) {
                    lease.closeWithoutWaiting();
                }
            };
        } catch (RejectedExecutionException e) {
            lease.closeWithoutWaiting();
            throw e;
        }
    }

    private static ThreadPoolExecutor createExecutor(ThreadFactory threads) {
        int n = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        // Bounded so that a flood of work fails visibly instead of exhausting memory.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(100_000), threads);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ScheduledThreadPoolExecutor createScheduler(ThreadFactory threads) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads);
        // Most call timeouts are cancelled by the answer; drop them from the queue at once.
        timer.setRemoveOnCancelPolicy(true);
        // Once the last owner is closed its pending timeouts concern nothing that still exists.
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }

    /** An owner's share of the default pools; see {@link #own}. Releasing twice releases once. */
    public static final class Owner implements AutoCloseable {
        private final SharedPool.Lease<ThreadPoolExecutor> handlers;
        private final SharedPool.Lease<ScheduledThreadPoolExecutor> timer;
        private final AtomicBoolean released = new AtomicBoolean();

        private Owner(SharedPool.Lease<ThreadPoolExecutor> handlers,
                      SharedPool.Lease<ScheduledThreadPoolExecutor> timer) {
            this.handlers = handlers;
            this.timer = timer;
        }

        /** Lets go; the last owner stops the pools and waits (bounded) for their threads to end. */
        @Override
        public void close() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            // The timer first: its tasks hand work to the handler pool, never the other way round.
            if (timer != null) {
                TIMER_OWNERS.decrementAndGet();
                timer.close();
            }
            if (handlers != null) {
                HANDLER_OWNERS.decrementAndGet();
                handlers.close();
            }
        }
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = newMapper();
    }
}
