package dev.ocpp.core.spi.support;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The outgoing side of one connection: texts written one at a time in the order they were queued, a bound on how
 * many may wait, and a close that is written only after every text queued before it (close after flush).
 *
 * <p>It implements what {@link dev.ocpp.core.spi.TransportConnection#sendText} and
 * {@link dev.ocpp.core.spi.TransportConnection#close} promise, for transports whose library either refuses a second
 * asynchronous write while one is in flight (Jakarta WebSocket 2.1 {@code RemoteEndpoint.Async}) or gives no bound of
 * its own; the transport supplies only the two writes, as a {@link Channel}. WebSocket forbids data after the close
 * frame (RFC 6455 §5.5.1), so once the close is written nothing else is, and texts still queued fail.
 *
 * <p>Threading: every method may be called from any thread and none blocks or waits for a write. At most one text
 * is in flight. The next write starts on the thread that settled the previous one (the transport's I/O thread, as a
 * rule) or, when none is in flight, on the thread that queued it; a write the channel completes before
 * {@link Channel#write} returns does not recurse but continues in a loop. Each text's future completes exactly once:
 * when its write succeeds or fails, or, if it is never written, when the outbox is {@link #terminate terminated}
 * or closed. Futures are completed on those same threads, so what depends on them must be quick (see
 * {@code docs/threading.md}).
 */
public final class BoundedOutbox {

    /**
     * The transport's side: the two writes the outbox cannot do itself. Neither may block.
     */
    public interface Channel {

        /**
         * Starts writing one text message. The transport reports the outcome through {@code done} exactly once, from
         * any thread, possibly before this method returns; a later report is ignored. An exception thrown here counts
         * as a failed write.
         *
         * @param text the message
         * @param done where the outcome goes
         */
        void write(String text, WriteCompletion done);

        /**
         * Writes the close frame; called at most once. The code and reason are as {@link BoundedOutbox#close} was
         * given them: the transport makes them sendable (see {@link CloseFrames}) and handles its own failure to
         * close, for instance by dropping the connection and calling {@link BoundedOutbox#terminate}.
         *
         * @param code   the close code
         * @param reason the close reason, never null
         */
        void close(int code, String reason);
    }

    /** The outcome of one {@link Channel#write}; the first call wins, later ones do nothing. */
    public interface WriteCompletion {

        /** The text was written. */
        void succeeded();

        /**
         * The text could not be written.
         *
         * @param cause why; the text's future fails with it
         */
        void failed(Throwable cause);
    }

    private final int capacity;
    private final Channel channel;
    private final Supplier<? extends Throwable> unsent;
    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    /** Texts in {@link #queue}: counted up when queued, down when {@link #pump} or {@link #failQueued} takes one. */
    private final AtomicInteger queuedTexts = new AtomicInteger();
    /** True while a write is in flight, or for good once the close was written: only one thread pumps at a time. */
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final AtomicBoolean closeWritten = new AtomicBoolean();
    private volatile boolean terminated;

    /**
     * An empty, open outbox.
     *
     * @param capacity how many texts may wait behind the one in flight, at least 1
     * @param channel  the transport's writes
     * @param unsent   the failure of a text that will never be written, because the connection is closing or closed;
     *                 called each time one is needed
     */
    public BoundedOutbox(int capacity, Channel channel, Supplier<? extends Throwable> unsent) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.channel = Objects.requireNonNull(channel, "channel");
        this.unsent = Objects.requireNonNull(unsent, "unsent");
    }

    /**
     * Queues {@code text} behind those queued before it, and starts writing it if nothing is in flight.
     *
     * <p>Empty, and nothing queued, when {@link #capacity()} texts are already waiting: what an overflow means is the
     * transport's choice (the OCPP transports close the connection with 1008, since a peer that does not read is
     * not going to). A text queued once the outbox is closed or terminated is accepted and its future fails at once
     * with the {@code unsent} failure; a transport that checks its own state first returns that failure itself.
     *
     * @param text the message
     * @return the text's future, completed when it has been written or failed; empty if the outbox is full
     */
    public Optional<CompletionStage<Void>> offer(String text) {
        Objects.requireNonNull(text, "text");
        if (queuedTexts.incrementAndGet() > capacity) {
            queuedTexts.decrementAndGet();
            return Optional.empty();
        }
        Outgoing o = new Outgoing(text, 0, null);
        queue.add(o);
        // Checked after adding: terminate() sets the flag before it drains, so either it drains this text or this
        // thread sees the flag and drains it.
        if (terminated || closeWritten.get()) {
            failQueued();
        } else {
            pump();
        }
        return Optional.of(o.sent);
    }

    /**
     * Asks for the connection to be closed once every text queued before now has been written (or has failed):
     * {@link Channel#close} is called then, and never for a second request.
     *
     * @param code   the close code
     * @param reason the close reason; null is the empty reason
     * @return true for the first request, false if a close was asked for already (this one is ignored)
     */
    public boolean close(int code, String reason) {
        if (!closeRequested.compareAndSet(false, true)) {
            return false;
        }
        queue.add(new Outgoing(null, code, reason == null ? "" : reason));
        pump();
        return true;
    }

    /**
     * Writes the close frame now, even while a text is in flight, unless it was written already; fails the texts
     * still queued. For a transport whose pending write never finishes (the peer does not read) and that will not
     * let that hold the close back for ever; it decides when, on its own timer.
     *
     * @param code   the close code
     * @param reason the close reason; null is the empty reason
     * @return true if this call wrote the close frame
     */
    public boolean closeNow(int code, String reason) {
        if (terminated || !closeWritten.compareAndSet(false, true)) {
            return false;
        }
        closeRequested.set(true);
        channel.close(code, reason == null ? "" : reason);
        failQueued();
        return true;
    }

    /**
     * The connection is gone: nothing more is written, not even a requested close, and every queued text fails with
     * the {@code unsent} failure. A text in flight completes as its channel reports it. Idempotent.
     */
    public void terminate() {
        terminated = true;
        failQueued();
    }

    /**
     * Whether a close was asked for (or written, or the outbox terminated).
     *
     * @return true if no text queued from now on will be written
     */
    public boolean isClosing() {
        return closeRequested.get() || terminated;
    }

    /**
     * How many texts wait behind the one in flight.
     *
     * @return a snapshot of the count, for diagnostics and tests
     */
    public int queued() {
        return queuedTexts.get();
    }

    /**
     * How many texts may wait behind the one in flight.
     *
     * @return the bound given to the constructor
     */
    public int capacity() {
        return capacity;
    }

    /** Starts the next queued write unless one is in flight; loops while writes complete synchronously. */
    private void pump() {
        while (writing.compareAndSet(false, true)) {
            Outgoing next = queue.poll();
            if (next == null) {
                writing.set(false);
                // A text queued between the poll and the reset found "writing" set and left it to us.
                if (queue.isEmpty()) {
                    return;
                }
                continue;
            }
            if (next.isClose()) {
                closeNow(next.code, next.reason);
                return; // stays "writing": nothing is written after the close frame
            }
            queuedTexts.decrementAndGet();
            if (!write(next)) {
                return; // the completion continues the pump
            }
        }
    }

    /** Writes one text; true if it was settled before returning (the caller keeps pumping). */
    private boolean write(Outgoing o) {
        if (terminated || closeWritten.get()) {
            o.sent.completeExceptionally(unsent.get());
            writing.set(false);
            return true;
        }
        // 0: in flight, 1: write returned first (the completion pumps), 2: settled before write returned.
        AtomicInteger phase = new AtomicInteger();
        AtomicBoolean settled = new AtomicBoolean();
        WriteCompletion done = new WriteCompletion() {
            @Override
            public void succeeded() {
                if (settled.compareAndSet(false, true)) {
                    o.sent.complete(null);
                    next();
                }
            }

            @Override
            public void failed(Throwable cause) {
                if (settled.compareAndSet(false, true)) {
                    o.sent.completeExceptionally(cause);
                    next();
                }
            }

            private void next() {
                if (!phase.compareAndSet(0, 2)) {
                    writing.set(false);
                    pump();
                }
            }
        };
        try {
            channel.write(o.text, done);
        } catch (RuntimeException e) {
            done.failed(new IOException("Send failed", e));
        }
        if (phase.compareAndSet(0, 1)) {
            return false;
        }
        writing.set(false);
        return true;
    }

    private void failQueued() {
        Outgoing o;
        while ((o = queue.poll()) != null) {
            if (!o.isClose()) {
                queuedTexts.decrementAndGet();
                o.sent.completeExceptionally(unsent.get());
            }
        }
    }

    /** A queued text, or the close request when {@code text} is null. */
    private static final class Outgoing {
        final String text;
        final int code;
        final String reason;
        final CompletableFuture<Void> sent = new CompletableFuture<>();

        Outgoing(String text, int code, String reason) {
            this.text = text;
            this.code = code;
            this.reason = reason;
        }

        boolean isClose() {
            return text == null;
        }
    }
}
