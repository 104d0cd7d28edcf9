package dev.ocpp.core.internal.concurrent;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread pool shared by several owners and stopped by the last of them: the pool is created on the first
 * {@link #acquire()} and shut down when the last {@link Lease} is released; the next {@code acquire} creates a fresh
 * one. This replaces pools held in static fields, which outlive everything that used them (a servlet container
 * redeploying the application would keep their threads, and through them the old class loader).
 *
 * <p>Stopping is orderly first ({@code shutdown}: tasks the owners queued while closing, such as the failure of
 * their pending calls, still run), then forced ({@code shutdownNow}) once {@link #STOP_WAIT} has passed. The releasing
 * thread waits for the threads to end, so that they are gone when an owner's {@code close} returns, except when it
 * is itself a thread of a pool of this class: waiting there could wait for itself.
 *
 * <p>Threads are daemons: an application that never closes what it opened must not be kept from exiting.
 *
 * @param <T> the kind of executor
 */
public final class SharedPool<T extends ExecutorService> {

    private static final Logger LOG = LoggerFactory.getLogger(SharedPool.class);

    /** How long a release waits for queued tasks before interrupting them, and again for the threads to end. */
    public static final Duration STOP_WAIT = Duration.ofSeconds(2);

    /** Marks the threads of every shared pool, so that a release on one of them never waits. */
    private static final ThreadLocal<Boolean> POOL_THREAD = new ThreadLocal<>();

    private final String prefix;
    private final Function<ThreadFactory, T> create;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private T pool;
    /** Guarded by {@link #lock}. */
    private int owners;

    /**
     * @param prefix the name of the pool's threads, followed by a number
     * @param create makes the executor on the given thread factory (daemon threads named {@code prefix + n})
     */
    public SharedPool(String prefix, Function<ThreadFactory, T> create) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.create = Objects.requireNonNull(create, "create");
    }

    /** Takes a share of the pool, creating it if there is none; release the lease when done with it. */
    public Lease<T> acquire() {
        synchronized (lock) {
            if (pool == null) {
                pool = create.apply(daemonThreads(prefix));
            }
            owners++;
            return new Lease<>(this, pool);
        }
    }

    /**
     * The running pool, or {@code null} if nobody holds a lease. For work that has no owner of its own: it runs on
     * the pool if one is running, and otherwise takes a lease for its own duration.
     */
    public T current() {
        synchronized (lock) {
            return pool;
        }
    }

    /** How many leases are held; for tests and diagnostics. */
    public int owners() {
        synchronized (lock) {
            return owners;
        }
    }

    /** Whether the calling thread is a thread of some shared pool. */
    public static boolean onPoolThread() {
        return POOL_THREAD.get() != null;
    }

    private void release(boolean wait) {
        T stopping;
        synchronized (lock) {
            if (--owners > 0) {
                return;
            }
            stopping = pool;
            pool = null;
        }
        stop(stopping, wait && !onPoolThread());
    }

    private void stop(T executor, boolean wait) {
        executor.shutdown();
        if (!wait) {
            // Its threads end by themselves once the queued tasks are done; nobody waits for them here.
            return;
        }
        try {
            if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("Pool {} still busy after {}; interrupting its tasks", prefix, STOP_WAIT);
                executor.shutdownNow();
                if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("Threads of pool {} did not end after being interrupted", prefix);
                }
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(() -> {
                POOL_THREAD.set(Boolean.TRUE);
                r.run();
            }, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * One owner's share of a {@link SharedPool}. Releasing it more than once releases it once.
     *
     * @param <T> the kind of executor
     */
    public static final class Lease<T extends ExecutorService> implements AutoCloseable {
        private final SharedPool<T> owner;
        private final T pool;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(SharedPool<T> owner, T pool) {
            this.owner = owner;
            this.pool = pool;
        }

        /** The pool; valid until this lease is released. */
        public T get() {
            return pool;
        }

        /**
         * Releases this share; if it was the last, stops the pool and waits (bounded by twice
         * {@link SharedPool#STOP_WAIT}) for its threads to end, unless called on a pool thread.
         */
        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                owner.release(true);
            }
        }

        /** Releases this share like {@link #close()} but never waits for the threads: for I/O and event threads. */
        public void closeWithoutWaiting() {
            if (released.compareAndSet(false, true)) {
                owner.release(false);
            }
        }
    }
}
