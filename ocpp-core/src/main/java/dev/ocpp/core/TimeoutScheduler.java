package dev.ocpp.core;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs call timeouts. A seam so that tests can drive time by hand; the default wraps a
 * {@link ScheduledExecutorService}. Tasks must be short: they run on the scheduler's thread.
 */
@FunctionalInterface
public interface TimeoutScheduler {

    /** Runs {@code task} after {@code delay}; the returned handle cancels it. */
    Cancellable schedule(Runnable task, Duration delay);

    /** A scheduled task that can be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /** A scheduler on {@code executor}, which the caller owns and shuts down. */
    static TimeoutScheduler of(ScheduledExecutorService executor) {
        return (task, delay) -> {
            var future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }
}
