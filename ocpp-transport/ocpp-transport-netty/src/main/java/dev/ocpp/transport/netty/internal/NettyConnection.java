package dev.ocpp.transport.netty.internal;

import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.support.CloseFrames;
import dev.ocpp.core.spi.support.LogSafe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One upgraded WebSocket channel as a {@link TransportConnection}, for both server and client: the last handler of
 * the channel's pipeline, behind Netty's frame codec.
 *
 * <p>Threading: everything that touches the listener or the close handshake runs on the channel's event loop, the one
 * thread Netty gives a channel; calls from other threads ({@link #sendText}, {@link #close}, {@link #abort}) are
 * handed to it as tasks. That alone keeps the listener contract: events one at a time, in order, nothing after
 * {@code onClosed}; and since tasks run in the order they were submitted, a close asked for after some texts is
 * written after them (RFC 6455 §5.5.1 forbids data after the close frame, so texts submitted after it fail instead).
 *
 * <p>Limits: an incoming message over {@code maxMessageSize} bytes (a single frame, checked by the frame decoder from
 * its header; a fragmented one, summed here as the fragments arrive; a compressed one, bounded while it is inflated)
 * reports {@code onFailure} and closes with 1009 (RFC 6455 §7.4.1). More than {@code maxQueuedSends} texts not yet
 * handed to the network closes with 1008: a peer that does not read must not make our memory grow.
 */
public final class NettyConnection extends ChannelInboundHandlerAdapter implements TransportConnection {

    private static final Logger LOG = LoggerFactory.getLogger(NettyConnection.class);

    /** How long a close may wait for the peer's close frame (or behind a send that never finishes) before the socket is closed. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private static final TransportListener NO_LISTENER = new TransportListener() {
    };

    private enum State { OPEN, CLOSING, CLOSED }

    private final Channel channel;
    private final ConnectionInfo info;
    /** The pending forced close after a close frame; event loop only. */
    private io.netty.util.concurrent.ScheduledFuture<?> forcedClose;
    private final int maxMessageSize;
    private final int maxQueuedSends;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    /** Texts handed to Netty whose write has not completed: the send-queue bound counts these. */
    private final AtomicInteger unwritten = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong pongs = new java.util.concurrent.atomic.AtomicLong();
    private volatile Runnable onFinished = () -> { };

    // ---- confined to the event loop
    private TransportListener listener = NO_LISTENER;
    private boolean started;
    private boolean closeSent;
    private boolean closeReceived;
    /** Whether our close frame went out before the peer's arrived: then our code is the one reported. */
    private boolean weInitiated;
    private int sentCode;
    private String sentReason = "";
    private int receivedCode;
    private String receivedReason = "";
    private boolean aborted;
    private boolean finished;
    private CompositeByteBuf fragments;
    private ScheduledFuture<?> pinger;
    private long lastPongNanos;

    /**
     * @param channel         the upgraded channel; this handler must be added to its pipeline
     * @param info            what the handshake established
     * @param maxMessageSize  the largest incoming message in bytes
     * @param maxQueuedSends  how many texts may wait for the network
     */
    public NettyConnection(Channel channel, ConnectionInfo info, int maxMessageSize, int maxQueuedSends) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.info = Objects.requireNonNull(info, "info");
        this.maxMessageSize = maxMessageSize;
        this.maxQueuedSends = maxQueuedSends;
    }

    /** Runs {@code action} on the event loop right after {@code onClosed} was delivered. */
    public void whenFinished(Runnable action) {
        this.onFinished = Objects.requireNonNull(action);
    }

    /**
     * Starts delivering events to {@code listener} with {@code onOpen}, and starts pinging if {@code pingInterval} is
     * positive. Must be called on the event loop, once, after this handler was added to the pipeline.
     */
    public void start(TransportListener listener, Duration pingInterval, Duration pongTimeout) {
        assert channel.eventLoop().inEventLoop();
        this.listener = Objects.requireNonNull(listener, "listener");
        this.started = true;
        this.lastPongNanos = System.nanoTime();
        safely("onOpen", () -> listener.onOpen(this));
        if (!channel.isActive() && !finished) {
            finish(); // the peer went away before the listener was ready to hear of it
            return;
        }
        if (state.get() == State.OPEN && !pingInterval.isZero() && !pingInterval.isNegative()) {
            long every = pingInterval.toNanos();
            long deadline = pongTimeout.toNanos();
            pinger = channel.eventLoop().scheduleAtFixedRate(() -> ping(deadline), every, every, TimeUnit.NANOSECONDS);
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
        if (unwritten.incrementAndGet() > maxQueuedSends) {
            unwritten.decrementAndGet();
            close(1008, "Send queue overflow: peer is not reading");
            return CompletableFuture.failedFuture(new IOException("Send queue of " + info.identity()
                    + " is full (" + maxQueuedSends + " messages); closing the connection"));
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        if (channel.eventLoop().inEventLoop()) {
            write(text, sent);
        } else {
            try {
                channel.eventLoop().execute(() -> write(text, sent));
            } catch (RuntimeException e) { // the event loop is shut down
                unwritten.decrementAndGet();
                sent.completeExceptionally(new IOException("Connection " + info.identity() + " is closed", e));
            }
        }
        return sent;
    }

    @Override
    public void close(int code, String reason) {
        if (!state.compareAndSet(State.OPEN, State.CLOSING)) {
            return;
        }
        onLoop(() -> sendClose(code, reason == null ? "" : reason));
    }

    @Override
    public void abort() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        onLoop(() -> {
            aborted = true;
            channel.close();
            if (!channel.isActive() && !channel.isRegistered()) {
                finish();
            }
        });
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
        return "NettyConnection[" + info.identity() + ", " + state.get() + "]";
    }

    // ------------------------------------------------------------------ channel events

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (frame.rsv() != 0 && !(frame instanceof CloseWebSocketFrame || frame instanceof PingWebSocketFrame
                    || frame instanceof PongWebSocketFrame)) {
                // A negotiated extension's decoder (permessage-deflate) clears the bits it owns; any left are not
                // ours to accept: RSV1 on a continuation frame (RFC 7692 §6.1), or with no extension at all
                // (RFC 6455 §5.2).
                refuse(new IOException("Frame with reserved bits " + frame.rsv() + " set"), 1002, "Protocol error");
                return;
            }
            if (frame instanceof TextWebSocketFrame text) {
                text(text);
            } else if (frame instanceof ContinuationWebSocketFrame more) {
                continuation(more);
            } else if (frame instanceof PingWebSocketFrame ping) {
                // Pongs are not counted by the send-queue bound: a peer that pings without reading must not pile them
                // up. Answered only while the socket takes writes; RFC 6455 §5.5.3 lets an endpoint skip pongs to
                // all but the latest ping, and a peer that reads again gets the next one answered.
                if (!closeSent && channel.isWritable()) {
                    channel.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                }
            } else if (frame instanceof PongWebSocketFrame) {
                lastPongNanos = System.nanoTime();
                pongs.incrementAndGet();
            } else if (frame instanceof CloseWebSocketFrame close) {
                closeReceived(close);
            } else if (frame instanceof BinaryWebSocketFrame) {
                // OCPP-J carries text only (OCPP-J 1.6 §4.1.1); RFC 6455 §7.4.1 has a code for data one cannot take.
                refuse(new IOException("Binary message received; OCPP-J messages are text"), 1003,
                        "Binary messages are not supported");
            }
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state.set(State.CLOSED);
        finish();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (finished) {
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException corrupt) {
            // The frame decoder has written a close frame with its status and is closing the socket: report why.
            WebSocketCloseStatus status = corrupt.closeStatus();
            int code = status == null ? 1002 : status.code();
            Throwable reported = code == 1009 ? tooBig(cause) : cause;
            deliverFailure(reported);
            markClosedBy(code, code == 1009 ? "Message larger than " + maxMessageSize + " bytes" : "Protocol error");
            ctx.close();
            return;
        }
        if (isDecompressionLimit(cause)) {
            // The inflater stopped at the message limit: the same 1009 as for an uncompressed oversize message.
            refuse(tooBig(cause), 1009, "Message larger than " + maxMessageSize + " bytes");
            return;
        }
        deliverFailure(cause);
        if (state.get() == State.OPEN && !(cause instanceof IOException)) {
            refuse(null, 1011, "Unexpected condition");
        } else {
            ctx.close(); // an I/O error: the socket is of no more use; onClosed 1006 follows
        }
    }

    // ------------------------------------------------------------------ incoming

    private void text(TextWebSocketFrame frame) {
        if (fragments != null) {
            // RFC 6455 §5.4: a new data frame before the last fragment ended is a protocol error.
            refuse(new IOException("Text frame inside a fragmented message"), 1002, "Protocol error");
            return;
        }
        if (frame.isFinalFragment()) {
            ByteBuf content = frame.content();
            if (content.readableBytes() > maxMessageSize) {
                refuse(tooBig(null), 1009, "Message larger than " + maxMessageSize + " bytes");
                return;
            }
            deliverText(content.toString(StandardCharsets.UTF_8));
            return;
        }
        fragments = channel.alloc().compositeBuffer(Integer.MAX_VALUE);
        append(frame.content());
    }

    private void continuation(ContinuationWebSocketFrame frame) {
        if (fragments == null) {
            refuse(new IOException("Continuation frame without a message to continue"), 1002, "Protocol error");
            return;
        }
        if (!append(frame.content())) {
            return;
        }
        if (frame.isFinalFragment()) {
            String text = fragments.toString(StandardCharsets.UTF_8);
            releaseFragments();
            deliverText(text);
        }
    }

    /** Adds one fragment; false (and the connection refused with 1009) when the message grows past the limit. */
    private boolean append(ByteBuf content) {
        if ((long) fragments.readableBytes() + content.readableBytes() > maxMessageSize) {
            releaseFragments();
            refuse(tooBig(null), 1009, "Message larger than " + maxMessageSize + " bytes");
            return false;
        }
        fragments.addComponent(true, content.retain());
        return true;
    }

    private void deliverText(String text) {
        if (finished || closeReceived || aborted) {
            return;
        }
        safely("onText", () -> listener.onText(this, text));
    }

    private void closeReceived(CloseWebSocketFrame frame) {
        if (closeReceived) {
            return;
        }
        closeReceived = true;
        int code = frame.statusCode();
        receivedCode = code < 0 ? 1005 : code; // RFC 6455 §7.1.5: no status code in the frame
        String reason = frame.reasonText();
        receivedReason = reason == null ? "" : reason;
        stopPinging();
        if (closeSent) {
            // The answer to our close: the handshake is complete (RFC 6455 §7.1.1: the server closes TCP first,
            // a client may too once both frames are exchanged).
            channel.close();
            return;
        }
        state.compareAndSet(State.OPEN, State.CLOSING);
        if (started && !aborted) {
            safely("onClosing", () -> listener.onClosing(this, receivedCode, receivedReason));
        }
        // Echo the status code (RFC 6455 §5.5.1), then end the connection once it is written.
        closeSent = true;
        int echo = receivedCode == 1005 ? CloseFrames.NORMAL_CLOSURE : CloseFrames.sendableCode(receivedCode);
        channel.writeAndFlush(new CloseWebSocketFrame(echo, "")).addListener(ChannelFutureListener.CLOSE);
        scheduleForcedClose();
    }

    // ------------------------------------------------------------------ outgoing

    private void write(String text, CompletableFuture<Void> sent) {
        if (closeSent || !channel.isActive()) {
            unwritten.decrementAndGet();
            sent.completeExceptionally(notOpen());
            return;
        }
        ByteBuf utf8 = ByteBufUtil.writeUtf8(channel.alloc(), text);
        channel.writeAndFlush(new TextWebSocketFrame(utf8)).addListener(f -> {
            unwritten.decrementAndGet();
            if (f.isSuccess()) {
                sent.complete(null);
            } else {
                sent.completeExceptionally(new IOException("Send failed", f.cause()));
            }
        });
    }

    private void sendClose(int code, String reason) {
        if (closeSent || finished) {
            return;
        }
        stopPinging();
        closeSent = true;
        weInitiated = !closeReceived;
        sentCode = code;
        sentReason = reason;
        if (!channel.isActive()) {
            return;
        }
        channel.writeAndFlush(new CloseWebSocketFrame(CloseFrames.sendableCode(code),
                CloseFrames.truncateReason(reason)));
        scheduleForcedClose();
    }

    /** The close frame was written or the peer's awaited: the socket ends at the latest after the close timeout. */
    private void scheduleForcedClose() {
        forcedClose = channel.eventLoop().schedule(() -> {
            if (channel.isActive()) {
                channel.close();
            }
        }, CLOSE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Reports {@code failure} (if any) and closes with {@code code}, once. */
    private void refuse(Throwable failure, int code, String reason) {
        if (failure != null) {
            deliverFailure(failure);
        }
        state.compareAndSet(State.OPEN, State.CLOSING);
        sendClose(code, reason);
    }

    /** The frame decoder closed the connection with {@code code}: report that code as ours. */
    private void markClosedBy(int code, String reason) {
        state.compareAndSet(State.OPEN, State.CLOSING);
        if (!closeSent) {
            closeSent = true;
            weInitiated = !closeReceived;
            sentCode = code;
            sentReason = reason;
        }
    }

    // ------------------------------------------------------------------ liveness

    private void ping(long pongTimeoutNanos) {
        if (state.get() != State.OPEN || closeSent) {
            stopPinging();
            return;
        }
        long sentAt = System.nanoTime();
        channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(
                Long.toString(sentAt).getBytes(StandardCharsets.US_ASCII))));
        channel.eventLoop().schedule(() -> {
            if (state.get() == State.OPEN && !finished && lastPongNanos - sentAt < 0) {
                long ms = TimeUnit.NANOSECONDS.toMillis(pongTimeoutNanos);
                deliverFailure(new TimeoutException("No pong within " + ms + " ms of a ping: the peer is unreachable"));
                state.set(State.CLOSED);
                aborted = true;
                channel.close();
            }
        }, pongTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void stopPinging() {
        if (pinger != null) {
            pinger.cancel(false);
            pinger = null;
        }
    }

    // ------------------------------------------------------------------ the end

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        state.set(State.CLOSED);
        stopPinging();
        if (forcedClose != null) {
            // Cancelled rather than left to run: the pending task would hold this connection and its channel for
            // the whole close timeout, and a peer that opens and drops connections fast would pile them up (issue 15).
            forcedClose.cancel(false);
            forcedClose = null;
        }
        releaseFragments();
        int code;
        String reason;
        if (aborted || (!closeSent && !closeReceived)) {
            code = 1006; // RFC 6455 §7.1.5: closed without a close frame
            reason = aborted ? "Connection aborted" : "Connection lost";
        } else if (weInitiated || !closeReceived) {
            code = sentCode;
            reason = sentReason;
        } else {
            code = receivedCode;
            reason = receivedReason;
        }
        if (started) {
            safely("onClosed", () -> listener.onClosed(this, code, reason));
        }
        onFinished.run();
    }

    private void deliverFailure(Throwable cause) {
        if (!finished && started) {
            safely("onFailure", () -> listener.onFailure(this, cause));
        }
    }

    private void releaseFragments() {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }

    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            try {
                channel.eventLoop().execute(task);
            } catch (RuntimeException e) {
                LOG.debug("{}: event loop gone; the connection ends with it", LogSafe.escape(info.identity()), e);
            }
        }
    }

    private void safely(String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: listener {} failed", LogSafe.escape(info.identity()), event, e);
        }
    }

    private IOException tooBig(Throwable cause) {
        return new IOException("Incoming message larger than " + maxMessageSize + " bytes", cause);
    }

    private static boolean isDecompressionLimit(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TooLongFrameException) {
                return true;
            }
            // Netty's inflater reports its allocation limit only in the message of a DecoderException.
            if (t instanceof DecoderException && t.getMessage() != null && t.getMessage().contains("maximum size")) {
                return true;
            }
        }
        return false;
    }

    private IOException notOpen() {
        return new IOException("Connection " + info.identity() + " is " + (state.get() == State.CLOSED ? "closed"
                : "closing"));
    }
}
