package dev.ocpp.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.AsyncCallHandler;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.CallQueueFullException;
import dev.ocpp.core.CallTimeoutException;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.FrameListener;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.IncomingCall;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppProtocolException;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.frame.DecodeResult;
import dev.ocpp.core.frame.Dialect;
import dev.ocpp.core.frame.Frame;
import dev.ocpp.core.frame.FrameCodec;
import dev.ocpp.core.frame.MessageType;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPC engine of one connection: correlation of outgoing CALLs, dispatch of incoming ones, and the
 * framing rules of the negotiated version. See {@code ocpp-core/docs/threading.md} for which thread runs what.
 *
 * <p>Invariants, all guarded by {@link #lock}:
 * <ul>
 *   <li>{@code outstanding} is the only CALL of ours on the wire; {@code queue} holds those waiting behind it;
 *       {@code outstanding == null} implies {@code queue} is empty, except for cancelled entries;</li>
 *   <li>once {@code closed}, nothing is queued or sent and every pending call has failed;</li>
 *   <li>{@code incomingInProgress} holds the ids of the peer's CALLs that are being handled.</li>
 * </ul>
 * Frames are written outside the lock; the transport keeps the order of {@code sendText} calls.
 */
public final class RpcSession implements OcppSession, TransportListener {

    private static final Logger LOG = LoggerFactory.getLogger(RpcSession.class);

    private final TransportConnection connection;
    private final ConnectionInfo info;
    private final OcppVersion version;
    private final Dialect dialect;
    private final FrameCodec codec;
    private final Handlers handlers;
    private final SessionConfig config;
    private final Executor executor;
    private final OcppEventListener listener;
    private final FrameListener frames;
    private final Consumer<RpcSession> onClosed;
    private final CompletableFuture<CloseReason> closeFuture = new CompletableFuture<>();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private PendingCall outstanding;
    /** Guarded by {@link #lock}. */
    private final ArrayDeque<PendingCall> queue = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private final Set<String> incomingInProgress = new HashSet<>();
    /** Guarded by {@link #lock}. */
    private boolean closed;

    public RpcSession(TransportConnection connection, OcppVersion version, Handlers handlers, SessionConfig config,
                      Consumer<RpcSession> onClosed) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.info = connection.info();
        this.version = Objects.requireNonNull(version, "version");
        this.dialect = Dialect.of(version);
        this.codec = new FrameCodec(dialect, config.mapper());
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.config = config;
        this.executor = config.executor();
        this.listener = config.listener();
        this.frames = config.frameListener();
        this.onClosed = onClosed == null ? s -> { } : onClosed;
    }

    // ---------------------------------------------------------------- OcppSession

    @Override
    public SessionConfig config() {
        return config;
    }

    @Override
    public String identity() {
        return info.identity();
    }

    @Override
    public OcppVersion version() {
        return version;
    }

    @Override
    public ConnectionInfo connectionInfo() {
        return info;
    }

    @Override
    public CompletableFuture<ObjectNode> call(String action, ObjectNode payload) {
        return call(action, payload, config.callTimeout());
    }

    @Override
    public CompletableFuture<ObjectNode> call(String action, ObjectNode payload, Duration timeout) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(payload, "payload");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        PendingCall pc = new PendingCall(new Frame.Call(config.idGenerator().nextId(), action, payload), timeout);
        notifyListener(() -> listener.callStarted(this, pc.call));
        boolean sendNow = false;
        RuntimeException refusal = null;
        synchronized (lock) {
            if (closed) {
                refusal = new ConnectionClosedException("Connection to " + identity() + " is closed");
            } else if (outstanding == null) {
                outstanding = pc;
                sendNow = true;
            } else if (queue.size() >= config.maxQueuedCalls()) {
                refusal = new CallQueueFullException("Call queue of " + identity() + " is full ("
                        + config.maxQueuedCalls() + " waiting)");
            } else {
                queue.add(pc);
            }
        }
        if (refusal != null) {
            fail(pc, refusal);
            return pc.future;
        }
        pc.future.whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                onCancelled(pc);
            }
        });
        if (sendNow) {
            transmit(pc);
        }
        return pc.future;
    }

    @Override
    public CompletableFuture<Void> send(String action, ObjectNode payload) {
        if (!dialect.supports(MessageType.SEND)) {
            throw new UnsupportedOperationException("SEND needs OCPP 2.1; this session speaks " + version);
        }
        Frame.Send frame = new Frame.Send(config.idGenerator().nextId(), action, payload);
        return write(frame).toCompletableFuture();
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return !closed && connection.isOpen();
        }
    }

    @Override
    public CompletableFuture<CloseReason> closeFuture() {
        return closeFuture;
    }

    @Override
    public void close(int code, String reason) {
        connection.close(code, reason);
    }

    // ---------------------------------------------------------------- TransportListener

    @Override
    public void onOpen(TransportConnection c) {
        notifyListener(() -> listener.sessionOpened(this));
    }

    @Override
    public void onText(TransportConnection c, String text) {
        notifyFrames(FrameListener.Direction.IN, text);
        DecodeResult result = codec.decode(text);
        if (result instanceof DecodeResult.Valid v) {
            onFrame(v.frame());
        } else if (result instanceof DecodeResult.Reply r) {
            LOG.debug("{}: answering malformed message with {}: {}", identity(), r.reply().errorCode(), r.reason());
            write(r.reply());
            notifyListener(() -> listener.malformedMessage(this, text, r.reason(), true));
        } else if (result instanceof DecodeResult.Drop d) {
            LOG.debug("{}: dropping message: {}", identity(), d.reason());
            onUnreadableReply(d);
            notifyListener(() -> listener.malformedMessage(this, text, d.reason(), false));
        }
    }

    @Override
    public void onClosed(TransportConnection c, int code, String reason) {
        shutDown(code, reason, null);
    }

    @Override
    public void onFailure(TransportConnection c, Throwable cause) {
        LOG.debug("{}: connection failed", identity(), cause);
        shutDown(1006, String.valueOf(cause.getMessage()), cause);
    }

    // ---------------------------------------------------------------- outgoing calls

    /** Puts the (now outstanding) call on the wire and arms its timeout. Called without the lock. */
    private void transmit(PendingCall pc) {
        write(pc.call).whenComplete((v, e) -> {
            if (e != null) {
                onSendFailed(pc, e);
            }
        });
        // Armed after the write so that a timeout can never let the next CALL overtake this one.
        pc.armTimer(config.scheduler().schedule(() -> onTimeout(pc), pc.timeout));
    }

    private void onCancelled(PendingCall pc) {
        synchronized (lock) {
            queue.remove(pc);
        }
        pc.settle();
    }

    private void onTimeout(PendingCall pc) {
        abandonOutstanding(pc, new CallTimeoutException(pc.call.action(), pc.call.messageId(), pc.timeout));
    }

    private void onSendFailed(PendingCall pc, Throwable cause) {
        abandonOutstanding(pc, new ConnectionClosedException("Could not send " + pc.call.action() + " to "
                + identity(), cause));
    }

    /** Fails {@code pc} if it is still the outstanding call, and sends the next queued one. */
    private void abandonOutstanding(PendingCall pc, Throwable cause) {
        PendingCall next;
        synchronized (lock) {
            if (outstanding != pc) {
                return;
            }
            outstanding = null;
            next = advance();
        }
        fail(pc, cause);
        if (next != null) {
            transmit(next);
        }
    }

    /** Takes the next live call off the queue and makes it outstanding. Caller holds the lock. */
    private PendingCall advance() {
        PendingCall next;
        while ((next = queue.poll()) != null) {
            if (!next.isSettled()) {
                outstanding = next;
                return next;
            }
        }
        return null;
    }

    /** Takes the outstanding call if {@code messageId} is its id, and moves the queue on. */
    private PendingCall[] takeOutstanding(String messageId) {
        synchronized (lock) {
            if (outstanding == null || !outstanding.call.messageId().equals(messageId)) {
                return null;
            }
            PendingCall answered = outstanding;
            outstanding = null;
            return new PendingCall[] {answered, advance()};
        }
    }

    private void onResponse(Frame response) {
        PendingCall[] taken = takeOutstanding(response.messageId());
        if (taken == null) {
            LOG.debug("{}: dropping {} with unknown id {}", identity(), response.type(), response.messageId());
            notifyListener(() -> listener.unmatchedResponse(this, response));
            return;
        }
        PendingCall pc = taken[0];
        if (response instanceof Frame.CallResult result) {
            succeed(pc, result);
        } else if (response instanceof Frame.CallError error) {
            fail(pc, CallErrorException.received(error));
        }
        if (taken[1] != null) {
            transmit(taken[1]);
        }
    }

    /** A broken reply that still names its id fails that call at once rather than letting it time out. */
    private void onUnreadableReply(DecodeResult.Drop drop) {
        if (drop.messageId() == null
                || (drop.type() != MessageType.CALL_RESULT && drop.type() != MessageType.CALL_ERROR)) {
            return;
        }
        PendingCall[] taken = takeOutstanding(drop.messageId());
        if (taken == null) {
            return;
        }
        fail(taken[0], new OcppProtocolException("Malformed answer to " + taken[0].call.action() + ": "
                + drop.reason()));
        if (drop.type() == MessageType.CALL_RESULT && dialect.supports(MessageType.CALL_RESULT_ERROR)) {
            write(new Frame.CallResultError(drop.messageId(), dialect.errorCode(ErrorCode.FORMAT_VIOLATION),
                    dialect.fitDescription(drop.reason()), config.mapper().createObjectNode()));
        }
        if (taken[1] != null) {
            transmit(taken[1]);
        }
    }

    private void succeed(PendingCall pc, Frame.CallResult result) {
        if (!pc.settle()) {
            return;
        }
        Duration elapsed = pc.elapsed();
        notifyListener(() -> listener.callEnded(this, pc.call, result, elapsed));
        completeAsync(() -> pc.future.complete(result.payload()));
    }

    private void fail(PendingCall pc, Throwable cause) {
        if (!pc.settle()) {
            return;
        }
        Duration elapsed = pc.elapsed();
        notifyListener(() -> listener.callFailed(this, pc.call, cause, elapsed));
        completeAsync(() -> pc.future.completeExceptionally(cause));
    }

    /** Completes futures off the calling thread, which may be a transport I/O thread. */
    private void completeAsync(Runnable completion) {
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException e) {
            // The configured executor is saturated or shut down; an outcome must still be delivered.
            ForkJoinPool.commonPool().execute(completion);
        }
    }

    // ---------------------------------------------------------------- incoming frames

    private void onFrame(Frame frame) {
        switch (frame.type()) {
            case CALL:
                onCall((Frame.Call) frame);
                break;
            case CALL_RESULT:
            case CALL_ERROR:
                onResponse(frame);
                break;
            case CALL_RESULT_ERROR:
                Frame.CallResultError e = (Frame.CallResultError) frame;
                LOG.warn("{}: peer could not process our CALLRESULT {}: {} {}", identity(), e.messageId(),
                        e.errorCode(), e.errorDescription());
                notifyListener(() -> listener.unmatchedResponse(this, e));
                break;
            case SEND:
                onSend((Frame.Send) frame);
                break;
            default:
                throw new AssertionError(frame.type());
        }
    }

    private void onCall(Frame.Call call) {
        long start = System.nanoTime();
        Optional<AsyncCallHandler> handler = handlers.handler(call.action());
        if (handler.isEmpty()) {
            boolean known = handlers.catalog().isKnown(call.action());
            answer(call, dialect.callError(call.messageId(),
                    known ? ErrorCode.NOT_SUPPORTED : ErrorCode.NOT_IMPLEMENTED,
                    (known ? "Action is not supported: " : "Unknown action: ") + call.action(), null), start, false);
            return;
        }
        String refusal = null;
        synchronized (lock) {
            if (closed) {
                return;
            } else if (incomingInProgress.contains(call.messageId())) {
                refusal = "A CALL with this message id is already being handled";
            } else if (incomingInProgress.size() >= config.maxIncomingCallsInProgress()) {
                refusal = "Too many CALLs in progress on this connection";
            } else {
                incomingInProgress.add(call.messageId());
            }
        }
        if (refusal != null) {
            answer(call, dialect.callError(call.messageId(), ErrorCode.RPC_FRAMEWORK_ERROR, refusal, null), start,
                    false);
            return;
        }
        AsyncCallHandler h = handler.get();
        try {
            executor.execute(() -> runHandler(h, call, start));
        } catch (RejectedExecutionException e) {
            answer(call, dialect.callError(call.messageId(), ErrorCode.INTERNAL_ERROR,
                    "Receiver is too busy to handle " + call.action(), null), start, true);
        }
    }

    private void runHandler(AsyncCallHandler handler, Frame.Call call, long start) {
        CompletionStage<ObjectNode> stage;
        try {
            stage = handler.handle(new IncomingCall(this, call.messageId(), call.action(), call.payload()));
        } catch (Throwable t) {
            answer(call, errorFor(call, t), start, true);
            return;
        }
        if (stage == null) {
            answer(call, errorFor(call, null), start, true);
            return;
        }
        stage.whenComplete((payload, error) -> {
            if (error != null) {
                answer(call, errorFor(call, error), start, true);
            } else if (payload == null) {
                answer(call, errorFor(call, null), start, true);
            } else {
                answer(call, new Frame.CallResult(call.messageId(), payload), start, true);
            }
        });
    }

    /** The CALLERROR for a failed handler; only a {@link CallErrorException} chooses its own code and text. */
    private Frame.CallError errorFor(Frame.Call call, Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CallErrorException ce) {
            return dialect.callError(call.messageId(), ce.code(), ce.description(), ce.details());
        }
        if (t == null) {
            LOG.warn("{}: handler for {} returned no payload", identity(), call.action());
        } else {
            LOG.warn("{}: handler for {} failed", identity(), call.action(), t);
        }
        return dialect.callError(call.messageId(), ErrorCode.INTERNAL_ERROR,
                "Internal error while handling " + call.action(), null);
    }

    private void answer(Frame.Call call, Frame answer, long start, boolean tracked) {
        if (tracked) {
            synchronized (lock) {
                incomingInProgress.remove(call.messageId());
            }
        }
        write(answer);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        notifyListener(() -> listener.incomingCallAnswered(this, call, answer, elapsed));
    }

    /** SEND (2.1) runs its handler, if any, and never answers. */
    private void onSend(Frame.Send send) {
        handlers.handler(send.action()).ifPresent(h -> {
            try {
                executor.execute(() -> {
                    try {
                        h.handle(new IncomingCall(this, send.messageId(), send.action(), send.payload()));
                    } catch (Throwable t) {
                        LOG.warn("{}: handler for SEND {} failed", identity(), send.action(), t);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.warn("{}: dropped SEND {}: executor is saturated", identity(), send.action());
            }
        });
    }

    // ---------------------------------------------------------------- writing and closing

    private CompletionStage<Void> write(Frame frame) {
        String text = codec.encode(frame);
        notifyFrames(FrameListener.Direction.OUT, text);
        CompletionStage<Void> sent = connection.sendText(text);
        sent.whenComplete((v, e) -> {
            if (e != null) {
                LOG.debug("{}: could not send {} {}", identity(), frame.type(), frame.messageId(), e);
            }
        });
        return sent;
    }

    private void shutDown(int code, String reason, Throwable cause) {
        List<PendingCall> failed = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (outstanding != null) {
                failed.add(outstanding);
                outstanding = null;
            }
            failed.addAll(queue);
            queue.clear();
            incomingInProgress.clear();
        }
        String text = "Connection to " + identity() + " closed (" + code + (reason.isEmpty() ? "" : " " + reason) + ")";
        for (PendingCall pc : failed) {
            fail(pc, cause == null ? new ConnectionClosedException(text) : new ConnectionClosedException(text, cause));
        }
        notifyListener(() -> listener.sessionClosed(this, code, reason));
        try {
            onClosed.accept(this);
        } finally {
            closeFuture.complete(new CloseReason(code, reason));
        }
    }

    private void notifyListener(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: event listener threw", identity(), e);
        }
    }

    private void notifyFrames(FrameListener.Direction direction, String text) {
        try {
            frames.onFrame(this, direction, text);
        } catch (RuntimeException e) {
            LOG.warn("{}: frame listener threw", identity(), e);
        }
    }

    @Override
    public String toString() {
        return "OcppSession[" + identity() + ", " + version + "]";
    }
}
