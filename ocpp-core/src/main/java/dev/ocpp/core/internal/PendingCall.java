package dev.ocpp.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.TimeoutScheduler;
import dev.ocpp.core.frame.Frame;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** One outgoing CALL from queueing to its outcome. */
final class PendingCall {

    final Frame.Call call;
    final Duration timeout;
    final long queuedAtNanos;
    final CompletableFuture<ObjectNode> future = new CompletableFuture<>();

    /** Set once, by whichever outcome (answer, timeout, send failure, close) comes first. */
    private final AtomicBoolean settled = new AtomicBoolean();

    /** Written by the thread that sent the CALL; read by whichever thread completes it. */
    private volatile TimeoutScheduler.Cancellable timer;

    PendingCall(Frame.Call call, Duration timeout) {
        this.call = call;
        this.timeout = timeout;
        this.queuedAtNanos = System.nanoTime();
    }

    void armTimer(TimeoutScheduler.Cancellable t) {
        timer = t;
        // The answer may have come in before the timer was armed; then nobody else will cancel it.
        if (settled.get()) {
            t.cancel();
        }
    }

    /** Claims the outcome; true for the first caller only. Disarms the timer. */
    boolean settle() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        disarmTimer();
        return true;
    }

    boolean isSettled() {
        return settled.get();
    }

    private void disarmTimer() {
        TimeoutScheduler.Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - queuedAtNanos);
    }
}
