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
    /** How long the call may wait in the queue while the session has no connection. */
    final Duration connectionWait;
    final long queuedAtNanos;
    final CompletableFuture<ObjectNode> future = new CompletableFuture<>();

    /**
     * The connection it was sent on, once outstanding. Written under the session's lock; read under it, or without
     * it by the thread that wrote it (to put the call on the wire).
     */
    RpcSession.Link link;

    /** Set once, by whichever outcome (answer, timeout, send failure, close) comes first. */
    private final AtomicBoolean settled = new AtomicBoolean();

    /** Written by the thread that sent the CALL; read by whichever thread completes it. */
    private volatile TimeoutScheduler.Cancellable timer;
    /** The wait for a connection, armed while the session is disconnected. */
    private volatile TimeoutScheduler.Cancellable waitTimer;

    PendingCall(Frame.Call call, Duration timeout, Duration connectionWait) {
        this.call = call;
        this.timeout = timeout;
        this.connectionWait = connectionWait;
        this.queuedAtNanos = System.nanoTime();
    }

    void armTimer(TimeoutScheduler.Cancellable t) {
        timer = t;
        // The answer may have come in before the timer was armed; then nobody else will cancel it.
        if (settled.get()) {
            t.cancel();
        }
    }

    void armWait(TimeoutScheduler.Cancellable t) {
        waitTimer = t;
        if (settled.get()) {
            t.cancel();
        }
    }

    /** A connection came: the call no longer waits for one. */
    void disarmWait() {
        TimeoutScheduler.Cancellable t = waitTimer;
        if (t != null) {
            waitTimer = null;
            t.cancel();
        }
    }

    /** Claims the outcome; true for the first caller only. Disarms the timers. */
    boolean settle() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        TimeoutScheduler.Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
        disarmWait();
        return true;
    }

    boolean isSettled() {
        return settled.get();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - queuedAtNanos);
    }
}
