package dev.ocpp.core.internal.concurrent;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, without ever blocking a submitter. Whichever submitter finds it
 * idle starts a drain; any other only enqueues and returns. A task that throws does not stop the ones after it.
 *
 * <p>Two uses: a transport connection's events, which come from I/O threads and timers and must reach its
 * {@link dev.ocpp.core.spi.TransportListener} one at a time ({@link #SerialExecutor()}: the drain runs on the
 * submitting thread, so no I/O thread ever waits for another); and a station's connection events for the application
 * ({@link #SerialExecutor(Executor)}: the drain runs on the handler executor, never on a transport thread).
 */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor target;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    /** Drains on the thread that finds the executor idle. */
    public SerialExecutor() {
        this.target = null;
    }

    /** Drains on {@code target} (on the common pool if {@code target} refuses, so that no task is lost). */
    public SerialExecutor(Executor target) {
        this.target = java.util.Objects.requireNonNull(target, "target");
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (pending.getAndIncrement() != 0) {
            return;
        }
        if (target == null) {
            drain();
            return;
        }
        try {
            target.execute(this::drain);
        } catch (RejectedExecutionException e) {
            ForkJoinPool.commonPool().execute(this::drain);
        }
    }

    private void drain() {
        do {
            Runnable next = tasks.poll();
            try {
                next.run();
            } catch (RuntimeException e) {
                // One failing listener must not stop the events after it.
                LOG.warn("Serial task failed", e);
            }
        } while (pending.decrementAndGet() != 0);
    }
}
