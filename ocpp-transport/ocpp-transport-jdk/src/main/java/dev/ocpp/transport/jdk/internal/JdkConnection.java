package dev.ocpp.transport.jdk.internal;

import dev.ocpp.core.internal.concurrent.SerialExecutor;
import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.StationIdentities;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.support.BoundedOutbox;
import dev.ocpp.core.spi.support.CloseFrames;
import dev.ocpp.core.spi.support.LogSafe;
import dev.ocpp.core.spi.support.Utf8;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@link WebSocket} of {@code java.net.http} as a {@link TransportConnection}.
 *
 * <p>What it adds to the JDK's WebSocket, and why:
 * <ul>
 *   <li><b>Event order.</b> The JDK calls its {@link WebSocket.Listener} one method at a time, but our own events come
 *       from other threads too (ping deadlines, close timeouts, {@link #abort()} from the application). All of them
 *       reach the {@link TransportListener} through one {@link SerialExecutor}: one at a time, in order, nothing after
 *       {@code onClosed}.</li>
 *   <li><b>Flow control.</b> The JDK delivers a message only when one was requested ({@link WebSocket#request}), and
 *       counts every part of a text, every ping and pong, and the close as one. One is requested at a time, after the
 *       previous one was handled: a whole text once the listener's {@code onText} returned, so a slow listener slows
 *       the reading rather than filling memory.</li>
 *   <li><b>Message size.</b> The JDK has no limit and hands long texts over in parts: the parts are collected here
 *       and a message over {@code maxMessageSize} UTF-8 bytes reports {@code onFailure} and closes with 1009
 *       (RFC 6455 §7.4.1) before it is complete.</li>
 *   <li><b>Ordered, bounded sends.</b> The JDK refuses a text while another is being sent, so texts wait in a
 *       {@link BoundedOutbox} (one in flight, at most {@code maxQueuedSends} waiting; past that the send fails and the
 *       connection closes with 1008), and a close waits behind the texts queued before it.</li>
 *   <li><b>Liveness.</b> With a ping interval, a ping goes out every interval on the transport's timer; a ping with no
 *       pong within the pong timeout reports {@code onFailure} with a {@link TimeoutException} and drops the
 *       connection ({@code onClosed} 1006). The JDK answers the server's pings itself.</li>
 * </ul>
 */
public final class JdkConnection implements TransportConnection {

    private static final Logger LOG = LoggerFactory.getLogger(JdkConnection.class);

    /**
     * How long a close may wait behind a text that never finishes sending, and then for the server's close frame,
     * before the connection is dropped.
     */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private enum State { CONNECTING, OPEN, CLOSING, CLOSED }

    private final ClientTransportConfig config;
    private final TransportListener listener;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<TransportConnection> opened;
    private final String identity;
    private final SerialExecutor events = new SerialExecutor();
    private final AtomicReference<State> state = new AtomicReference<>(State.CONNECTING);
    private final BoundedOutbox outbox;
    private final AtomicLong pongs = new AtomicLong();
    private final SocketListener socketListener = new SocketListener();
    private volatile WebSocket socket;
    private volatile ConnectionInfo info;
    private volatile Runnable onFinished = () -> { };
    private volatile ScheduledFuture<?> pinger;
    private volatile long lastPongNanos = System.nanoTime();
    /** Set when our close frame is handed to the JDK; the code and reason are the ones the close was asked with. */
    private volatile boolean closeSent;
    private volatile int sentCode;
    private volatile String sentReason = "";
    private volatile boolean closeReceived;

    // ---- confined to the JDK's listener calls, which never overlap
    private StringBuilder fragments;
    /** After an oversize or binary message: the rest of the input is read (to see the close) and ignored. */
    private boolean refusing;

    // ---- confined to events
    private boolean started;
    private boolean finished;

    JdkConnection(ClientTransportConfig config, TransportListener listener, ScheduledExecutorService timer,
                  CompletableFuture<TransportConnection> opened) {
        this.config = config;
        this.listener = listener;
        this.timer = timer;
        this.opened = opened;
        this.identity = StationIdentities.lastSegment(config.uri().getRawPath()).orElse("");
        this.outbox = new BoundedOutbox(config.maxQueuedSends(), new SocketChannel(), this::notOpen);
    }

    /** Runs {@code action} once, after {@code onClosed} was delivered. */
    void whenFinished(Runnable action) {
        this.onFinished = Objects.requireNonNull(action);
    }

    /** What the JDK's WebSocket reports to. */
    WebSocket.Listener socketListener() {
        return socketListener;
    }

    /** The connect failed or timed out: fails the stage unless the connection opened first. */
    void openFailed(Throwable cause) {
        if (state.compareAndSet(State.CONNECTING, State.CLOSED)) {
            opened.completeExceptionally(cause);
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
            return CompletableFuture.failedFuture(new IOException("Send queue of " + identity + " is full ("
                    + config.maxQueuedSends() + " messages); closing the connection"));
        });
    }

    @Override
    public void close(int code, String reason) {
        if (!state.compareAndSet(State.OPEN, State.CLOSING)) {
            return;
        }
        stopPinging();
        outbox.close(code, reason);
        // A text stuck in flight (the server does not read) must not hold the close back for ever.
        JdkClients.schedule(timer, () -> {
            if (state.get() == State.CLOSING && !closeSent) {
                outbox.closeNow(code, reason);
            }
        }, CLOSE_TIMEOUT);
    }

    @Override
    public void abort() {
        drop("Connection aborted", null);
    }

    @Override
    public boolean isOpen() {
        return state.get() == State.OPEN;
    }

    /**
     * Pongs received so far; for diagnostics and tests.
     *
     * @return the count since the connection opened
     */
    public long pongsReceived() {
        return pongs.get();
    }

    @Override
    public String toString() {
        return "JdkConnection[" + identity + ", " + state.get() + "]";
    }

    // ------------------------------------------------------------------ the JDK's events

    /** The JDK's listener. It never runs two of these at once, so the fields it alone touches need no lock. */
    private final class SocketListener implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket ws) {
            socket = ws;
            if (!state.compareAndSet(State.CONNECTING, State.OPEN)) {
                ws.abort(); // timed out, or the transport was closed, while the upgrade was under way
                return;
            }
            String subprotocol = ws.getSubprotocol();
            info = new ConnectionInfo(identity, subprotocol == null || subprotocol.isEmpty() ? null : subprotocol,
                    config.uri(), null, null, List.of(), Optional.ofNullable(config.credentials()));
            lastPongNanos = System.nanoTime();
            events.execute(() -> {
                if (finished) {
                    // Aborted (the transport closed) between the upgrade and now: the listener hears nothing.
                    opened.completeExceptionally(new IOException("Connection " + identity + " closed while opening"));
                    return;
                }
                started = true;
                safely("onOpen", () -> listener.onOpen(JdkConnection.this));
                opened.complete(JdkConnection.this);
                startPinging();
                ws.request(1); // nothing is read before the listener knows the connection
            });
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (refusing || state.get() == State.CLOSED) {
                fragments = null;
                ws.request(1);
                return null;
            }
            String whole = null;
            if (fragments == null && last) {
                if (Utf8.exceeds(data, config.maxMessageSize())) {
                    refuse(tooBig(), 1009, "Message larger than " + config.maxMessageSize() + " bytes");
                } else {
                    whole = data.toString();
                }
            } else {
                if (fragments == null) {
                    fragments = new StringBuilder();
                }
                fragments.append(data);
                // The whole so far, not part by part: Utf8 counts exactly only where the limit is in doubt, and a
                // character split across two parts must count as one.
                if (Utf8.exceeds(fragments, config.maxMessageSize())) {
                    fragments = null;
                    refuse(tooBig(), 1009, "Message larger than " + config.maxMessageSize() + " bytes");
                } else if (last) {
                    whole = fragments.toString();
                    fragments = null;
                }
            }
            if (whole == null) {
                ws.request(1); // a part, or a refused message: read on
                return null;
            }
            String text = whole;
            events.execute(() -> {
                if (!finished) {
                    safely("onText", () -> listener.onText(JdkConnection.this, text));
                }
                ws.request(1); // the next message only once the listener has taken this one
            });
            return null; // the text was copied: the JDK may reuse its buffer at once
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            if (!refusing) {
                // OCPP-J carries text only (OCPP-J 1.6 §4.1.1); RFC 6455 §7.4.1 has a code
                // for data an endpoint cannot accept.
                refuse(new IOException("Binary message received; OCPP-J messages are text"), 1003,
                        "Binary messages are not supported");
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            // The JDK has already queued the pong (RFC 6455 §5.5.2); it only needs to keep reading.
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            lastPongNanos = System.nanoTime();
            pongs.incrementAndGet();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeReceived = true;
            stopPinging();
            State previous = state.getAndSet(State.CLOSED);
            outbox.terminate();
            if (previous == State.CLOSED) {
                return null; // dropped already; onClosed was delivered then
            }
            String why = reason == null ? "" : reason;
            if (closeSent) {
                // The answer to our close: the handshake is complete and the code is the one we closed with.
                deliverClosed(sentCode, sentReason);
                return null;
            }
            // The server started the close. Returning lets the JDK echo its code (RFC 6455 §5.5.1) and end the
            // connection; nothing more reaches the listener after this, so both events go now.
            events.execute(() -> {
                if (started && !finished) {
                    safely("onClosing", () -> listener.onClosing(JdkConnection.this, statusCode, why));
                }
            });
            deliverClosed(statusCode, why);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            // The JDK has closed the connection and calls nothing after this: report it, and 1006 (RFC 6455 §7.1.5).
            drop("Connection failed: " + error, error);
        }
    }

    // ------------------------------------------------------------------ outgoing

    /** The JDK WebSocket's two writes, as the outbox asks for them. */
    private final class SocketChannel implements BoundedOutbox.Channel {

        @Override
        public void write(String text, BoundedOutbox.WriteCompletion done) {
            socket.sendText(text, true).whenComplete((ws, failure) -> {
                if (failure == null) {
                    done.succeeded();
                } else {
                    done.failed(new IOException("Send failed", failure));
                }
            });
        }

        @Override
        public void close(int code, String reason) {
            sentCode = code;
            sentReason = reason;
            closeSent = true;
            if (closeReceived || state.get() == State.CLOSED) {
                return; // the server closed first and the JDK has answered it, or the connection is gone
            }
            WebSocket ws = socket;
            ws.sendClose(wireCode(code), CloseFrames.truncateReason(reason)).whenComplete((w, failure) -> {
                if (failure != null && !closeReceived) {
                    drop("Close failed", failure);
                }
            });
            // The server answers a close frame with its own (RFC 6455 §5.5.1); one that does not is dropped, and the
            // close is reported with the code it was asked with, as if answered.
            JdkClients.schedule(timer, () -> {
                if (!closeReceived && state.getAndSet(State.CLOSED) != State.CLOSED) {
                    outbox.terminate();
                    ws.abort();
                    deliverClosed(sentCode, sentReason);
                }
            }, CLOSE_TIMEOUT);
        }
    }

    /**
     * The code a close goes on the wire with. {@code java.net.http} refuses to send 1002, 1003, 1007, 1009 and 1010
     * from a client (and 1012-1014, which servers send): those become 1008, the code RFC 6455 §7.4.1 gives for a
     * policy violation "when there is no other more suitable status code", and 1000 for the server-only ones. Codes
     * no endpoint may send become 1000 ({@link CloseFrames#sendableCode}).
     */
    static int wireCode(int code) {
        int sendable = CloseFrames.sendableCode(code);
        switch (sendable) {
            case 1002, 1003, 1007, 1009, 1010:
                return 1008;
            case 1012, 1013, 1014:
                return CloseFrames.NORMAL_CLOSURE;
            default:
                return sendable;
        }
    }

    /** Reports {@code failure} and closes with {@code code}; the rest of the input is ignored. */
    private void refuse(Throwable failure, int code, String reason) {
        refusing = true;
        if (state.get() != State.OPEN) {
            return;
        }
        events.execute(() -> deliverFailure(failure));
        close(code, reason);
    }

    // ------------------------------------------------------------------ liveness

    private void startPinging() {
        Duration every = config.pingInterval();
        if (every.isZero() || every.isNegative() || state.get() != State.OPEN) {
            return;
        }
        long nanos = every.toNanos();
        try {
            pinger = timer.scheduleAtFixedRate(this::ping, nanos, nanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // the transport is closing; so is this connection
        }
        if (state.get() != State.OPEN) {
            stopPinging(); // closed while the pinger was being scheduled
        }
    }

    private void ping() {
        WebSocket ws = socket;
        if (state.get() != State.OPEN || ws == null) {
            stopPinging();
            return;
        }
        long sentAt = System.nanoTime();
        // The JDK refuses a ping while the previous one is still unwritten (a server that does not read): that one's
        // deadline will drop the connection, so the refusal needs no handling of its own.
        ws.sendPing(ByteBuffer.wrap(Long.toString(sentAt).getBytes(StandardCharsets.US_ASCII)))
                .whenComplete((w, failure) -> {
                    if (failure != null) {
                        LOG.debug("{}: ping not sent", LogSafe.escape(identity), failure);
                    }
                });
        Duration pongTimeout = config.pongTimeout();
        JdkClients.schedule(timer, () -> {
            if (state.get() == State.OPEN && lastPongNanos - sentAt < 0) {
                long ms = pongTimeout.toMillis();
                drop("No pong within " + ms + " ms", new TimeoutException("No pong within " + ms
                        + " ms of a ping: the server is unreachable"));
            }
        }, pongTimeout);
    }

    private void stopPinging() {
        ScheduledFuture<?> p = pinger;
        if (p != null) {
            p.cancel(false);
        }
    }

    // ------------------------------------------------------------------ the end

    /**
     * Ends the connection without waiting for the server: {@code onFailure} (if a cause), {@code onClosed} 1006, then
     * the socket. Before the upgrade is done it fails the connect instead.
     */
    private void drop(String reason, Throwable cause) {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        stopPinging();
        outbox.terminate();
        WebSocket ws = socket;
        if (previous == State.CONNECTING) {
            opened.completeExceptionally(new IOException("Connection " + identity + " aborted while opening", cause));
            if (ws != null) {
                ws.abort();
            }
            return;
        }
        if (cause != null) {
            events.execute(() -> deliverFailure(cause));
        }
        deliverClosed(1006, reason); // RFC 6455 §7.1.5: closed without a close frame
        if (ws != null) {
            ws.abort();
        }
    }

    private void deliverFailure(Throwable cause) {
        if (started && !finished) {
            safely("onFailure", () -> listener.onFailure(this, cause));
        }
    }

    private void deliverClosed(int code, String reason) {
        events.execute(() -> {
            if (finished) {
                return;
            }
            finished = true;
            try {
                if (started) {
                    safely("onClosed", () -> listener.onClosed(this, code, reason));
                }
            } finally {
                onFinished.run();
            }
        });
    }

    private void safely(String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: listener {} failed", LogSafe.escape(identity), event, e);
        }
    }

    private IOException tooBig() {
        return new IOException("Incoming message larger than " + config.maxMessageSize() + " bytes");
    }

    private IOException notOpen() {
        State s = state.get();
        return new IOException("Connection " + identity + " is "
                + (s == State.CLOSED ? "closed" : s == State.CONNECTING ? "not open yet" : "closing"));
    }
}
