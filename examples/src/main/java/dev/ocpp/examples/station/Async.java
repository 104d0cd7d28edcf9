package dev.ocpp.examples.station;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Future helpers both versions' simulators use. */
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

    /** The cause of a failed future, as one readable phrase. */
    static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
