package dev.ocpp.transport.jakarta.internal;

import dev.ocpp.core.internal.concurrent.SerialExecutor;
import dev.ocpp.core.internal.concurrent.SharedPool;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.support.BoundedOutbox;
import dev.ocpp.core.spi.support.CloseFrames;
import dev.ocpp.core.spi.support.LogSafe;
import dev.ocpp.core.spi.support.Utf8;
import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jakarta {@link Session} as a {@link TransportConnection}, for both server and client sides.
 *
 * <p>What it adds to the session, and why:
 * <ul>
 *   <li><b>Event order.</b> Container callbacks and timer events pass through a {@link SerialExecutor}, so the
 *       listener sees {@code onOpen}, {@code onText}*, at most one {@code onClosing}, exactly one {@code onClosed},
 *       never two at once and nothing after {@code onClosed}, whatever thread they come from.</li>
 *   <li><b>Non-blocking, ordered sends.</b> Texts go through the async remote with a
 *       {@link jakarta.websocket.SendHandler}; the spec lets a container refuse a send while another is in flight,
 *       so texts wait in a {@link BoundedOutbox}, which has exactly one in flight. A close requested behind queued
 *       texts is queued as well, so it never overtakes them.</li>
 *   <li><b>Message size.</b> A container need not check a single-frame message against
 *       {@code maxTextMessageBufferSize} (Tyrus does not), so every text is measured in UTF-8 bytes here too and an
 *       oversize one closes the connection with 1009.</li>
 *   <li><b>Liveness.</b> With a ping interval, a ping goes out every interval on the shared timer; a ping with no pong
 *       within the pong timeout reports {@code onFailure} and drops the connection ({@code onClosed} 1006).</li>
 * </ul>
 */
public final class JakartaConnection implements TransportConnection {

    private static final Logger LOG = LoggerFactory.getLogger(JakartaConnection.class);

    /** How long a close may wait behind a text that never finishes sending before it is sent anyway. */
    private static final Duration CLOSE_FLUSH_LIMIT = Duration.ofSeconds(5);

    private static final TransportListener NO_LISTENER = new TransportListener() {
    };

    private enum State { OPEN, CLOSING, CLOSED }

    private final Session session;
    private final ConnectionInfo info;
    private final int maxMessageSize;
    private final int maxQueuedSends;
    /** Held from construction until {@code onClosed} was delivered: the connection is an owner of the timer. */
    private final SharedPool.Lease<? extends ScheduledExecutorService> timerLease;
    private final ScheduledExecutorService timer;
    private final SerialExecutor events = new SerialExecutor();
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private final BoundedOutbox outbox;
    private final AtomicLong pongs = new AtomicLong();
    private volatile TransportListener listener = NO_LISTENER;
    private volatile Runnable onFinished = () -> { };
    private volatile ScheduledFuture<?> pinger;
    private volatile long lastPongNanos = System.nanoTime();
    /** Confined to {@link #events}. */
    private boolean finished;

    /**
     * A connection on {@code session}; it takes a lease of the shared timer, which it releases once {@code onClosed}
     * was delivered, so every connection must be driven to its end (the container's close or error does that).
     */
    public JakartaConnection(Session session, ConnectionInfo info, int maxMessageSize, int maxQueuedSends) {
        this.session = Objects.requireNonNull(session, "session");
        this.info = Objects.requireNonNull(info, "info");
        this.maxMessageSize = maxMessageSize;
        this.maxQueuedSends = maxQueuedSends;
        this.timerLease = SharedThreads.timer();
        this.timer = timerLease.get();
        this.outbox = new BoundedOutbox(maxQueuedSends, new SessionChannel(), this::notOpen);
    }

    /** Runs {@code action} once, when {@code onClosed} has been delivered. */
    public void whenFinished(Runnable action) {
        this.onFinished = Objects.requireNonNull(action);
    }

    /**
     * Starts delivering events to {@code listener}: {@code onOpen} first, then {@code afterOpen} (may be null), then
     * incoming texts; starts pinging if {@code pingInterval} is positive. Call once, from the container's
     * {@code onOpen}.
     */
    public void start(TransportListener listener, Runnable afterOpen, Duration pingInterval, Duration pongTimeout) {
        this.listener = Objects.requireNonNull(listener, "listener");
        events.execute(() -> {
            if (!finished) {
                listener.onOpen(this);
            }
            if (afterOpen != null) {
                afterOpen.run();
            }
        });
        // Containers read no message before onOpen returns, so registering the handlers after the listener's onOpen
        // loses nothing, and that onOpen may already have closed the session.
        try {
            // Lets containers that check it stop a fragmented oversize message early (with 1009). Tyrus counts
            // characters here, never more than the UTF-8 bytes, so no message within the limit is refused.
            session.setMaxTextMessageBufferSize(maxMessageSize);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::textReceived);
            session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) p -> pongReceived());
        } catch (IllegalStateException e) {
            if (state.get() == State.OPEN) {
                throw e;
            }
            return; // closed during onOpen
        }
        if (!pingInterval.isZero() && !pingInterval.isNegative() && state.get() == State.OPEN) {
            long every = pingInterval.toNanos();
            long deadline = pongTimeout.toNanos();
            pinger = timer.scheduleAtFixedRate(() -> ping(deadline), every, every, TimeUnit.NANOSECONDS);
            if (state.get() == State.CLOSED) {
                stopPinging();
            }
        }
    }

    // ------------------------------------------------------------------ TransportConnection

    @Override
    public ConnectionInfo info() {
        return info;
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        Objects.requireNonNull(text, "text");
        if (state.get() != State.OPEN) {
            return CompletableFuture.failedFuture(notOpen());
        }
        return outbox.offer(text).orElseGet(() -> {
            close(1008, "Send queue overflow: peer is not reading");
            return CompletableFuture.failedFuture(new IOException("Send queue of " + info.identity()
                    + " is full (" + maxQueuedSends + " messages); closing the connection"));
        });
    }

    @Override
    public void close(int code, String reason) {
        if (!state.compareAndSet(State.OPEN, State.CLOSING)) {
            return;
        }
        stopPinging();
        outbox.close(code, reason);
        // A text stuck in flight (peer not reading) must not hold the close back forever.
        timer.schedule(this::closeDespitePendingSend, CLOSE_FLUSH_LIMIT.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void abort() {
        drop("Connection aborted", null);
    }

    @Override
    public boolean isOpen() {
        return state.get() == State.OPEN;
    }

    /** Pongs received so far; for diagnostics and tests. */
    public long pongsReceived() {
        return pongs.get();
    }

    @Override
    public String toString() {
        return "JakartaConnection[" + info.identity() + ", " + state.get() + "]";
    }

    // ------------------------------------------------------------------ container callbacks

    /** A whole text message arrived. */
    void textReceived(String text) {
        if (state.get() == State.CLOSED) {
            return;
        }
        if (Utf8.exceeds(text, maxMessageSize)) {
            refuseOversize();
            return;
        }
        events.execute(() -> {
            if (!finished) {
                listener.onText(this, text);
            }
        });
    }

    /**
     * An incoming message is over the limit: reports {@code onFailure} and closes with 1009 (RFC 6455 §7.4.1). Also
     * called by container runtimes that detect the oversize message below the Jakarta API, from its frame headers.
     */
    public void refuseOversize() {
        if (state.get() != State.OPEN) {
            return;
        }
        IOException tooBig = new IOException("Incoming message larger than " + maxMessageSize + " bytes");
        events.execute(() -> deliverFailure(tooBig));
        close(CloseReason.CloseCodes.TOO_BIG.getCode(), "Message larger than " + maxMessageSize + " bytes");
    }

    void pongReceived() {
        lastPongNanos = System.nanoTime();
        pongs.incrementAndGet();
    }

    /** The container reports the session closed ({@code Endpoint.onClose}). */
    public void containerClosed(CloseReason closeReason) {
        State previous = state.getAndSet(State.CLOSED);
        stopPinging();
        outbox.terminate();
        if (previous == State.CLOSED) {
            return; // dropped already; onClosed was delivered then
        }
        int code = closeReason.getCloseCode().getCode();
        String reason = closeReason.getReasonPhrase() == null ? "" : closeReason.getReasonPhrase();
        if (previous == State.OPEN) {
            if (code == CloseReason.CloseCodes.TOO_BIG.getCode()) {
                // The container refused an oversize message (it does not tell whether the peer sent the 1009).
                IOException tooBig = new IOException("Connection closed: message too big (" + reason + ")");
                events.execute(() -> deliverFailure(tooBig));
            } else if (code != CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode()) {
                // Jakarta reports the peer's close frame only once the handshake is over: both events at once.
                events.execute(() -> {
                    if (!finished) {
                        listener.onClosing(this, code, reason);
                    }
                });
            }
        }
        deliverClosed(code, reason);
    }

    /** The container reports an error ({@code Endpoint.onError}). */
    public void containerError(Throwable cause) {
        if (state.get() == State.CLOSED) {
            return;
        }
        events.execute(() -> deliverFailure(cause));
        // The contract ends every failure in onClosed; a Jakarta error need not close the session by itself.
        close(CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), "Unexpected condition");
    }

    // ------------------------------------------------------------------ internals

    /** Ends the connection without waiting for the peer: onFailure (if a cause), onClosed 1006, then the session. */
    void drop(String reason, Throwable cause) {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        stopPinging();
        outbox.terminate();
        if (cause != null) {
            events.execute(() -> deliverFailure(cause));
        }
        deliverClosed(CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode(), reason);
        // Jakarta has no abort: closing is the nearest. The container's onClose that follows is ignored (CLOSED).
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, CloseFrames.truncateReason(reason)));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: closing the dropped session failed", LogSafe.escape(info.identity()), e);
        }
    }

    private void deliverFailure(Throwable cause) {
        if (!finished) {
            listener.onFailure(this, cause);
        }
    }

    private void deliverClosed(int code, String reason) {
        events.execute(() -> {
            if (finished) {
                return;
            }
            finished = true;
            try {
                listener.onClosed(this, code, reason);
            } finally {
                try {
                    onFinished.run();
                } finally {
                    // On a container or timer thread: never wait here for the timer's thread to end.
                    timerLease.closeWithoutWaiting();
                }
            }
        });
    }

    private void ping(long pongTimeoutNanos) {
        if (state.get() != State.OPEN) {
            stopPinging();
            return;
        }
        long sentAt = System.nanoTime();
        try {
            byte[] payload = Long.toString(sentAt).getBytes(StandardCharsets.US_ASCII);
            session.getAsyncRemote().sendPing(ByteBuffer.wrap(payload));
        } catch (IOException | RuntimeException e) {
            drop("Ping failed", e);
            return;
        }
        timer.schedule(() -> {
            if (state.get() == State.OPEN && lastPongNanos - sentAt < 0) {
                long ms = TimeUnit.NANOSECONDS.toMillis(pongTimeoutNanos);
                drop("No pong within " + ms + " ms", new TimeoutException("No pong within " + ms
                        + " ms of a ping: the peer is unreachable"));
            }
        }, pongTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void stopPinging() {
        ScheduledFuture<?> p = pinger;
        if (p != null) {
            p.cancel(false);
        }
    }

    private void closeDespitePendingSend() {
        if (state.get() == State.CLOSING) {
            outbox.closeNow(1001, "Close timed out behind a pending send");
        }
    }

    private IOException notOpen() {
        return new IOException("Connection " + info.identity() + " is " + (state.get() == State.CLOSED ? "closed"
                : "closing"));
    }

    /** The session's two writes, as the outbox asks for them. */
    private final class SessionChannel implements BoundedOutbox.Channel {

        @Override
        public void write(String text, BoundedOutbox.WriteCompletion done) {
            session.getAsyncRemote().sendText(text, result -> {
                if (result.isOK()) {
                    done.succeeded();
                } else {
                    done.failed(new IOException("Send failed", result.getException()));
                }
            });
        }

        @Override
        public void close(int code, String reason) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(CloseFrames.sendableCode(code)),
                        CloseFrames.truncateReason(reason)));
            } catch (IOException | RuntimeException e) {
                drop("Close failed: " + e.getMessage(), e);
            }
        }
    }
}
