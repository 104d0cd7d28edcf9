package dev.ocpp.transport.testsuite;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting with generous bounds. A bound only says when to give up on something that should happen; no test of the
 * suite asserts how long anything took, so a slow machine makes a test slower, never red.
 */
public final class Await {

    /** How long the suite waits for any one event before it calls the event missing. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    private Await() {
    }

    /** The value of {@code stage} once it completes, failing the test if it does not within {@link #WAIT}. */
    public static <T> T done(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for a condition that has no event of its own to wait on, checking it every 10 ms.
     *
     * @throws AssertionError if it does not hold within {@link #WAIT}
     */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
