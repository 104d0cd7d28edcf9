package dev.ocpp.examples.station;

import dev.ocpp.core.CallTimeoutException;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.OcppSession;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

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

    /** The pause before a call that got no answer is sent again. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    /**
     * Makes {@code call} until it is answered. A call that times out or whose connection is lost is sent again
     * after {@link #RETRY_PAUSE} (the session reconnects by itself meanwhile), for as long as the session lives. For
     * the one message of a charging session the delivery queue does not keep, Authorize: a driver who presented a
     * card is not turned away because the CSMS was slow once. (Transaction messages need none of this: the queue
     * keeps and retries them, OCPP 1.6 §3.7, 2.0.1 E04/E13.) A CALLERROR or any other failure is passed on.
     */
    static <T> CompletableFuture<T> untilAnswered(OcppSession session, ScheduledExecutorService scheduler,
                                                  String what, Consumer<String> log,
                                                  Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(session, scheduler, what, log, call, result);
        return result;
    }

    private static <T> void attempt(OcppSession session, ScheduledExecutorService scheduler, String what,
                                    Consumer<String> log, Supplier<CompletableFuture<T>> call,
                                    CompletableFuture<T> result) {
        CompletableFuture<T> sent;
        try {
            sent = call.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        sent.whenComplete((answer, failure) -> {
            if (failure == null) {
                result.complete(answer);
                return;
            }
            Throwable cause = unwrap(failure);
            boolean unanswered = cause instanceof CallTimeoutException || cause instanceof ConnectionClosedException;
            if (!unanswered || session.closeFuture().isDone()) {
                result.completeExceptionally(cause);
                return;
            }
            if (log != null) {
                log.accept(what + " -> no answer (" + describe(cause) + "); sending it again");
            }
            delay(scheduler, RETRY_PAUSE).whenComplete((ignored, stopped) -> {
                if (stopped != null) {
                    result.completeExceptionally(cause);
                } else {
                    attempt(session, scheduler, what, log, call, result);
                }
            });
        });
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The cause of a failed future, as one readable phrase. */
    static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
