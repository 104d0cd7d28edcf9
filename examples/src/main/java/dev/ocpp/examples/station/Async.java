package dev.ocpp.examples.station;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The pause between the steps of a charging session. */
final class Async {

    private Async() {
    }

    /** Completes after {@code d}; fails at once if the scheduler was shut down, so that a stopping run ends. */
    static CompletableFuture<Void> delay(ScheduledExecutorService scheduler, Duration d) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        try {
            scheduler.schedule(() -> f.complete(null), d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            f.completeExceptionally(stopped);
        }
        return f;
    }
}
