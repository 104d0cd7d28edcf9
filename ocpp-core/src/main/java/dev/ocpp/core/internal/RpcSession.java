package dev.ocpp.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.AsyncCallHandler;
import dev.ocpp.core.CallInterceptor;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.NotConnectedException;
import dev.ocpp.core.OutgoingCall;
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
import dev.ocpp.core.internal.concurrent.Futures;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.support.LogSafe;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPC engine of one peer's session: correlation of outgoing CALLs, dispatch of incoming ones, the framing rules
 * of the negotiated version, and the interceptor chains of {@link CallInterceptor}. The session outlives its
 * connections: each WebSocket is a {@link Link} that is attached when it opens and detached when it closes; the
 * {@link Owner} (a station's connector, or the server) decides what a lost connection means. See
 * {@code ocpp-core/docs/threading.md} for which thread runs what.
 *
 * <p>Invariants, all guarded by {@link #lock}:
 * <ul>
 *   <li>{@code outstanding} is the only CALL of ours on the wire, sent on the current {@code link};
 *       {@code queue} holds those waiting behind it, or waiting for a connection while {@code link} is null;</li>
 *   <li>{@code link == null} implies {@code outstanding == null};</li>
 *   <li>once {@code closed}, nothing is queued or sent and every pending call has failed;</li>
 *   <li>each link's {@code incomingInProgress} holds the ids of the peer's CALLs being handled on it.</li>
 * </ul>
 * Frames are written outside the lock; the transport keeps the order of {@code sendText} calls.
 */
public final class RpcSession implements OcppSession {

    private static final Logger LOG = LoggerFactory.getLogger(RpcSession.class);
    /** How much of a peer's error description a log line keeps: the 2.x limit, enough to read the cause. */
    private static final int MAX_LOGGED_DESCRIPTION = 255;

    /** Who decides what happens when a connection ends, and learns when the session ends. */
    public interface Owner {
        /** A connection of {@code session} opened and is its current one; called on the transport's thread. */
        default void connectionOpened(RpcSession session) {
        }

        /** A connection of {@code session} closed; called after the session has let go of it. */
        default void connectionClosed(RpcSession session, int code, String reason, ConnectionEvent.ClosedBy by) {
        }

        /** The session ended. */
        default void sessionEnded(RpcSession session) {
        }
    }

    private final String identity;
    /** The identity as it may appear in a log line: the station chose it. */
    private final String logId;
    private final Map<OcppVersion, Handlers> protocols;
    private final SessionConfig config;
    private final Executor executor;
    private final OcppEventListener listener;
    private final FrameListener frames;
    private final Owner owner;
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
    private final CompletableFuture<CloseReason> closeFuture = new CompletableFuture<>();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private Link link;
    /** Guarded by {@link #lock}. */
    private PendingCall outstanding;
    /** Guarded by {@link #lock}. */
    private final ArrayDeque<PendingCall> queue = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** Guarded by {@link #lock}. */
    private boolean everConnected;
    /**
     * Guarded by {@link #lock}: outcomes of our calls handed to the executor and not yet delivered. While any is, a
     * peer's CALL read after them waits in {@link #afterOutcomes}, so that its handler runs only once the outcomes
     * read before it are delivered: a station's handler for the TriggerMessage that follows a BootNotification's
     * answer then sees that answer taken in (by the boot gating, the station runtime, the caller's own stages).
     */
    private int outcomesInDelivery;
    /** Guarded by {@link #lock}: hand-offs of a peer's CALLs waiting for {@link #outcomesInDelivery} to reach 0. */
    private List<Runnable> afterOutcomes;

    private volatile OcppVersion version;
    private volatile ConnectionInfo info;
    /** When the last connection was lost ({@link System#nanoTime()}), for owners that retain idle sessions. */
    private volatile long disconnectedAtNanos = System.nanoTime();

    /**
     * @param identity  the station identity
     * @param protocols the handlers of every version the session may speak, most preferred first
     * @param config    the session settings
     * @param owner     decides about lost connections; may be null (a lost connection is then just lost)
     */
    public RpcSession(String identity, Map<OcppVersion, Handlers> protocols, SessionConfig config, Owner owner) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.logId = LogSafe.escape(identity);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("no protocol");
        }
        this.protocols = Map.copyOf(protocols);
        this.version = protocols.keySet().iterator().next();
        this.config = config;
        this.executor = config.executor();
        this.listener = config.listener();
        this.frames = config.frameListener();
        this.owner = owner == null ? new Owner() { } : owner;
        this.info = new ConnectionInfo(identity, null, null, null, null, List.of(), Optional.empty());
    }

    /** A session for one version only. */
    public RpcSession(String identity, OcppVersion version, Handlers handlers, SessionConfig config, Owner owner) {
        this(identity, Map.of(version, handlers), config, owner);
    }

    /**
     * The listener for a new connection speaking {@code v}; the connection becomes the session's current one when
     * its {@code onOpen} arrives (or at once, if it is open already and {@code attachNow} is called).
     */
    public Link newLink(TransportConnection connection, OcppVersion v) {
        Handlers h = protocols.get(v);
        if (h == null) {
            throw new IllegalArgumentException(identity + " does not speak " + v);
        }
        return new Link(connection, v, h);
    }

    // ---------------------------------------------------------------- OcppSession

    @Override
    public SessionConfig config() {
        return config;
    }

    @Override
    public String identity() {
        return identity;
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
    public State state() {
        synchronized (lock) {
            return closed ? State.CLOSED : link != null ? State.CONNECTED : State.DISCONNECTED;
        }
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    /** Who decides about this session's lost connections. */
    public Owner owner() {
        return owner;
    }

    /** Since when the session has had no connection, in {@link System#nanoTime()} terms; meaningless when open. */
    public long disconnectedAtNanos() {
        return disconnectedAtNanos;
    }

    @Override
    public CompletableFuture<ObjectNode> call(String action, ObjectNode payload) {
        return call(action, payload, CallOptions.defaults());
    }

    @Override
    public CompletableFuture<ObjectNode> call(String action, ObjectNode payload, Duration timeout) {
        return call(action, payload, CallOptions.defaults().withTimeout(timeout));
    }

    @Override
    public CompletableFuture<ObjectNode> call(String action, ObjectNode payload, CallOptions options) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(options, "options");
        List<CallInterceptor> chain = handlers().interceptors();
        ChainRun run = new ChainRun();
        CompletableFuture<ObjectNode> result;
        try {
            result = outgoing(chain, 0, new OutgoingCall(this, action, payload, options), run);
            if (result == null) {
                result = CompletableFuture.failedFuture(new IllegalStateException(
                        "a call interceptor returned no future for " + action));
            }
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        } finally {
            PendingCall ready = run.chainDone();
            if (ready != null) {
                transmit(ready);
            }
        }
        PendingCall pc = run.pc;
        if (pc != null && result != pc.future) {
            // Cancelling what the caller holds frees the queue slot, whatever the interceptors put in between.
            result.whenComplete((r, e) -> {
                if (e instanceof CancellationException) {
                    pc.future.cancel(false);
                }
            });
        }
        return result;
    }

    private CompletableFuture<ObjectNode> outgoing(List<CallInterceptor> chain, int index, OutgoingCall call,
                                                   ChainRun run) {
        if (index == chain.size()) {
            PendingCall pc = enqueue(call, run);
            run.pc = pc;
            return pc.future;
        }
        return chain.get(index).outgoing(call, next -> outgoing(chain, index + 1, next, run));
    }

    /**
     * One {@link #call} going through the interceptors. A CALL that may go on the wire at once waits until the chain
     * has returned, so that every interceptor has attached its stages to the outcome before the answer can come: an
     * answer read first would otherwise be delivered before the boot gating took it in, and a CALL of the peer read
     * after it (a TriggerMessage right after the BootNotification answer) would be judged by the old status. An
     * interceptor that proceeds later, from another thread, finds the chain done and the CALL goes out at once.
     */
    private static final class ChainRun {
        /** The call once queued; read by the calling thread after the chain returned. */
        PendingCall pc;
        private boolean inChain = true;
        private PendingCall transmitLater;

        /** Keeps {@code ready} for {@link #chainDone} if the chain is still running; false if it is done. */
        synchronized boolean defer(PendingCall ready) {
            if (!inChain) {
                return false;
            }
            transmitLater = ready;
            return true;
        }

        /** Ends the chain; the call to transmit now, if one was kept. */
        synchronized PendingCall chainDone() {
            inChain = false;
            PendingCall ready = transmitLater;
            transmitLater = null;
            return ready;
        }
    }

    /** The end of the outgoing chain: the CALL goes on the wire now, waits in the queue, or fails. */
    private PendingCall enqueue(OutgoingCall oc, ChainRun run) {
        CallOptions o = oc.options();
        Duration timeout = o.timeout() != null ? o.timeout() : config.callTimeout();
        Duration wait = o.connectionWait() != null ? o.connectionWait() : config.connectionWait(oc.action());
        PendingCall pc = new PendingCall(new Frame.Call(config.idGenerator().nextId(), oc.action(), oc.payload()),
                timeout, wait);
        notifyListener(() -> listener.callStarted(this, pc.call));
        boolean sendNow = false;
        boolean waiting = false;
        RuntimeException refusal = null;
        synchronized (lock) {
            // A connection the transport has closed, whose close has not reached detach() yet, takes no CALL: writing
            // on it could only fail, and as "connection closed" although nothing went out. Queued instead, the CALL is
            // settled by detach() like any other queued one: NotConnected when it may not wait, or it waits.
            boolean linkUp = link != null && link.connection.isOpen();
            if (closed) {
                refusal = new ConnectionClosedException("The session of " + identity + " is closed");
            } else if (link == null && wait.isZero()) {
                refusal = new NotConnectedException(identity + " is not connected");
            } else if (linkUp && outstanding == null) {
                outstanding = pc;
                pc.link = link;
                sendNow = true;
            } else if (queue.size() >= config.maxQueuedCalls()) {
                refusal = new CallQueueFullException("Call queue of " + identity + " is full ("
                        + config.maxQueuedCalls() + " waiting)");
            } else {
                queue.add(pc);
                waiting = link == null;
            }
        }
        if (refusal != null) {
            fail(pc, refusal);
            return pc;
        }
        pc.future.whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                onCancelled(pc);
            }
        });
        if (waiting) {
            armWait(pc);
        }
        if (sendNow && !run.defer(pc)) {
            transmit(pc);
        }
        return pc;
    }

    @Override
    public CompletableFuture<Void> send(String action, ObjectNode payload) {
        Link l = currentLink();
        Dialect d = l != null ? l.dialect : Dialect.of(version);
        if (!d.supports(MessageType.SEND)) {
            throw new UnsupportedOperationException("SEND needs OCPP 2.1; this session speaks " + version);
        }
        if (l == null) {
            return CompletableFuture.failedFuture(new NotConnectedException(identity + " is not connected"));
        }
        Frame.Send frame = new Frame.Send(config.idGenerator().nextId(), action, payload);
        return l.write(frame).toCompletableFuture();
    }

    @Override
    public boolean isOpen() {
        Link l = currentLink();
        return l != null && l.connection.isOpen();
    }

    @Override
    public CompletableFuture<CloseReason> closeFuture() {
        return closeFuture;
    }

    @Override
    public void disconnect(int code, String reason) {
        Link l = currentLink();
        if (l != null) {
            l.closedLocally = true;
            l.closeAfterWrites(code, reason);
        }
    }

    @Override
    public void close(int code, String reason) {
        Link l;
        List<PendingCall> failed = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            l = link;
            if (outstanding != null) {
                failed.add(outstanding);
                outstanding = null;
            }
            failed.addAll(queue);
            queue.clear();
        }
        if (l != null) {
            l.closedLocally = true;
            l.closeAfterWrites(code, reason);
        }
        String text = "The session of " + identity + " was closed (" + code + (reason.isEmpty() ? "" : " " + reason)
                + ")";
        for (PendingCall pc : failed) {
            fail(pc, new ConnectionClosedException(text));
        }
        notifyListener(() -> listener.sessionClosed(this, code, reason));
        try {
            owner.sessionEnded(this);
        } catch (RuntimeException e) {
            LOG.warn("{}: session owner failed", logId, e);
        } finally {
            closeFuture.complete(new CloseReason(code, reason));
        }
    }

    /** Whether the session has ended. */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private Link currentLink() {
        synchronized (lock) {
            return link;
        }
    }

    /** The handlers of the version spoken now (or last, or preferred). */
    private Handlers handlers() {
        Link l = currentLink();
        return l != null ? l.handlers : protocols.get(version);
    }

    // ---------------------------------------------------------------- connections

    /** Makes {@code l} the current connection; the previous one, if any, is closed as replaced. */
    private void attach(Link l) {
        Link old;
        PendingCall orphan = null;
        PendingCall next = null;
        List<PendingCall> waited;
        boolean first;
        boolean attached;
        synchronized (lock) {
            attached = !closed && !l.ended;
            if (!attached) {
                old = null;
                waited = List.of();
                first = false;
            } else {
                old = link;
                link = l;
                version = l.version;
                info = l.connection.info();
                if (outstanding != null) {
                    // Sent on the old connection: its answer can never come on this one.
                    orphan = outstanding;
                    outstanding = null;
                }
                waited = new ArrayList<>(queue);
                next = advance();
                first = !everConnected;
                everConnected = true;
            }
        }
        if (!attached) {
            // The session ended before this connection opened.
            l.closedLocally = true;
            l.connection.close(1000, "Session closed");
            return;
        }
        if (old != null) {
            old.closedLocally = true;
            old.connection.close(1000, "Replaced by a new connection");
        }
        waited.forEach(PendingCall::disarmWait);
        if (orphan != null) {
            fail(orphan, new ConnectionClosedException("The connection " + orphan.call.action() + " was sent on"
                    + " was replaced before the answer"));
        }
        if (first) {
            notifyListener(() -> listener.sessionOpened(this));
        }
        notifyListener(() -> listener.connected(this));
        if (next != null) {
            transmit(next);
        }
        try {
            owner.connectionOpened(this);
        } catch (RuntimeException e) {
            LOG.warn("{}: session owner failed", logId, e);
        }
    }

    /** {@code l} closed: let go of it, fail the call that was on the wire, and let the owner decide the rest. */
    private void detach(Link l, int code, String reason, Throwable cause) {
        PendingCall lost = null;
        List<PendingCall> failNow = new ArrayList<>();
        List<PendingCall> waitNow = new ArrayList<>();
        boolean wasCurrent;
        synchronized (lock) {
            if (l.ended) {
                return;
            }
            l.ended = true;
            l.incomingInProgress.clear();
            wasCurrent = link == l;
            if (wasCurrent) {
                link = null;
                disconnectedAtNanos = System.nanoTime();
                if (outstanding != null && outstanding.link == l) {
                    lost = outstanding;
                    outstanding = null;
                }
                for (var it = queue.iterator(); it.hasNext(); ) {
                    PendingCall pc = it.next();
                    if (pc.isSettled()) {
                        it.remove();
                    } else if (pc.connectionWait.isZero()) {
                        it.remove();
                        failNow.add(pc);
                    } else {
                        waitNow.add(pc);
                    }
                }
            }
        }
        if (!wasCurrent) {
            return;
        }
        String text = "Connection to " + identity + " closed (" + code + (reason.isEmpty() ? "" : " " + reason) + ")";
        if (lost != null) {
            fail(lost, cause == null ? new ConnectionClosedException(text) : new ConnectionClosedException(text, cause));
        }
        for (PendingCall pc : failNow) {
            fail(pc, new NotConnectedException(text + "; " + pc.call.action() + " was not sent"));
        }
        waitNow.forEach(this::armWait);
        notifyListener(() -> listener.disconnected(this, code, reason));
        ConnectionEvent.ClosedBy by = l.closedLocally ? ConnectionEvent.ClosedBy.LOCAL
                : code == 1006 || cause != null ? ConnectionEvent.ClosedBy.NETWORK : ConnectionEvent.ClosedBy.REMOTE;
        try {
            owner.connectionClosed(this, code, reason, by);
        } catch (RuntimeException e) {
            LOG.warn("{}: session owner failed", logId, e);
        }
    }

    private void armWait(PendingCall pc) {
        pc.armWait(config.scheduler().schedule(() -> onWaitExpired(pc), pc.connectionWait));
    }

    private void onWaitExpired(PendingCall pc) {
        boolean removed;
        synchronized (lock) {
            removed = link == null && queue.remove(pc);
        }
        if (removed) {
            fail(pc, new NotConnectedException("No connection to " + identity + " within "
                    + pc.connectionWait + "; " + pc.call.action() + " was not sent"));
        }
    }

    // ---------------------------------------------------------------- outgoing calls

    /**
     * Puts the (now outstanding) call on the wire and arms its timeout. Called without the lock, by the thread that
     * just made {@code pc} outstanding and set its link under the lock, so reading the link needs no lock again.
     */
    private void transmit(PendingCall pc) {
        pc.link.write(pc.call).whenComplete((v, e) -> {
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
                + identity, cause));
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

    /**
     * Takes the next live call off the queue and makes it outstanding on the current link, if there is one.
     * Caller holds the lock.
     */
    private PendingCall advance() {
        // A closed connection whose close is still on its way to detach() keeps the queue for detach() to settle.
        if (link == null || closed || !link.connection.isOpen()) {
            return null;
        }
        PendingCall next;
        while ((next = queue.poll()) != null) {
            if (!next.isSettled()) {
                outstanding = next;
                next.link = link;
                return next;
            }
        }
        return null;
    }

    /** Takes the outstanding call if it was sent on {@code l} with {@code messageId}, and moves the queue on. */
    private PendingCall[] takeOutstanding(Link l, String messageId) {
        synchronized (lock) {
            if (outstanding == null || outstanding.link != l || !outstanding.call.messageId().equals(messageId)) {
                return null;
            }
            PendingCall answered = outstanding;
            outstanding = null;
            return new PendingCall[] {answered, advance()};
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

    /**
     * Completes futures off the calling thread, which may be a transport I/O thread. Counted while under way, so that
     * a peer's CALL read after this outcome is handed to its handler only once the outcome is delivered.
     */
    private void completeAsync(Runnable completion) {
        synchronized (lock) {
            outcomesInDelivery++;
        }

        Runnable counted = () -> {
            try {
                completion.run();
            } finally {
                outcomeDelivered();
            }
        };
        try {
            executor.execute(counted);
        } catch (RejectedExecutionException e) {
            // The configured executor is saturated or shut down; an outcome must still be delivered.
            ForkJoinPool.commonPool().execute(counted);
        }
    }

    private void outcomeDelivered() {
        List<Runnable> ready = null;
        synchronized (lock) {
            if (--outcomesInDelivery == 0 && afterOutcomes != null) {
                ready = afterOutcomes;
                afterOutcomes = null;
            }
        }
        if (ready != null) {
            ready.forEach(Runnable::run);
        }
    }

    private void notifyListener(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: event listener threw", logId, e);
        }
    }

    @Override
    public String toString() {
        return "OcppSession[" + identity + ", " + version + "]";
    }

    /**
     * One WebSocket of this session: its frames, in the version agreed on it, and its close. Events from a
     * connection that has been replaced still answer the peer's CALLs on that connection but match no call of ours.
     */
    public final class Link implements TransportListener {
        final TransportConnection connection;
        final OcppVersion version;
        final Dialect dialect;
        final FrameCodec codec;
        final Handlers handlers;
        /** Guarded by the session's lock. */
        final Set<String> incomingInProgress = new HashSet<>();
        /** Held while a frame is announced to the frame listener and handed to the transport; see {@link #write}. */
        private final Object writeLock = new Object();
        /** Guarded by the session's lock. */
        boolean ended;
        /** Whether this side closed it (for {@link ConnectionEvent.ClosedBy}). */
        volatile boolean closedLocally;

        private Link(TransportConnection connection, OcppVersion version, Handlers handlers) {
            this.connection = Objects.requireNonNull(connection, "connection");
            this.version = version;
            this.dialect = Dialect.of(version);
            this.codec = new FrameCodec(dialect, config.mapper());
            this.handlers = handlers;
        }

        /** The session this connection belongs to. */
        public RpcSession session() {
            return RpcSession.this;
        }

        @Override
        public void onOpen(TransportConnection c) {
            attach(this);
        }

        @Override
        public void onText(TransportConnection c, String text) {
            notifyFrames(FrameListener.Direction.IN, text);
            DecodeResult result = codec.decode(text);
            if (result instanceof DecodeResult.Valid v) {
                onFrame(v.frame());
            } else if (result instanceof DecodeResult.Reply r) {
                LOG.debug("{}: answering malformed message with {}: {}", logId, r.reply().errorCode(),
                        LogSafe.escape(r.reason(), 256));
                write(r.reply());
                notifyListener(() -> listener.malformedMessage(RpcSession.this, text, r.reason(), true));
            } else if (result instanceof DecodeResult.Drop d) {
                LOG.debug("{}: dropping message: {}", logId, LogSafe.escape(d.reason(), 256));
                onUnreadableReply(d);
                notifyListener(() -> listener.malformedMessage(RpcSession.this, text, d.reason(), false));
            }
        }

        @Override
        public void onClosed(TransportConnection c, int code, String reason) {
            detach(this, code, reason, null);
        }

        @Override
        public void onFailure(TransportConnection c, Throwable cause) {
            LOG.debug("{}: connection failed", logId, cause);
            detach(this, 1006, String.valueOf(cause.getMessage()), cause);
        }

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
                    LOG.warn("{}: peer could not process our CALLRESULT {}: {} {}", logId,
                            LogSafe.escape(e.messageId()), LogSafe.escape(e.errorCode()),
                            LogSafe.escape(e.errorDescription(), MAX_LOGGED_DESCRIPTION));
                    notifyListener(() -> listener.unmatchedResponse(RpcSession.this, e));
                    break;
                case SEND:
                    onSend((Frame.Send) frame);
                    break;
                default:
                    throw new AssertionError(frame.type());
            }
        }

        private void onResponse(Frame response) {
            PendingCall[] taken = takeOutstanding(this, response.messageId());
            if (taken == null) {
                LOG.debug("{}: dropping {} with unknown id {}", logId, response.type(),
                        LogSafe.escape(response.messageId()));
                notifyListener(() -> listener.unmatchedResponse(RpcSession.this, response));
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
            PendingCall[] taken = takeOutstanding(this, drop.messageId());
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

        private void onCall(Frame.Call call) {
            long start = System.nanoTime();
            Optional<AsyncCallHandler> handler = handlers.handler(call.action());
            List<CallInterceptor> chain = handlers.interceptors();
            boolean known = handlers.catalog().isKnown(call.action());
            if (handler.isEmpty() && (!known || chain.isEmpty())) {
                answer(call, dialect.callError(call.messageId(),
                        known ? ErrorCode.NOT_SUPPORTED : ErrorCode.NOT_IMPLEMENTED,
                        (known ? "Action is not supported: " : "Unknown action: ") + LogSafe.escape(call.action()),
                        null), start, false);
                return;
            }
            String refusal = null;
            boolean deferred = false;
            synchronized (lock) {
                if (closed || ended) {
                    return;
                } else if (incomingInProgress.contains(call.messageId())) {
                    refusal = "A CALL with this message id is already being handled";
                } else if (incomingInProgress.size() >= config.maxIncomingCallsInProgress()) {
                    refusal = "Too many CALLs in progress on this connection";
                } else {
                    incomingInProgress.add(call.messageId());
                    if (outcomesInDelivery > 0) {
                        // Read after answers to our calls whose outcomes are still being delivered: its handler
                        // waits for them (bounded, as each waiting CALL is one of the calls in progress).
                        if (afterOutcomes == null) {
                            afterOutcomes = new ArrayList<>(2);
                        }
                        afterOutcomes.add(() -> handOff(handler, chain, call, start));
                        deferred = true;
                    }
                }
            }
            if (refusal != null) {
                answer(call, dialect.callError(call.messageId(), ErrorCode.RPC_FRAMEWORK_ERROR, refusal, null), start,
                        false);
                return;
            }
            if (deferred) {
                return;
            }
            if (config.inlineHandlers()) {
                // Opted in: the handlers are known not to block, so the hand-off's two thread switches are saved.
                runHandler(handler, chain, call, start);
                return;
            }
            handOff(handler, chain, call, start);
        }

        private void handOff(Optional<AsyncCallHandler> handler, List<CallInterceptor> chain, Frame.Call call,
                             long start) {
            try {
                executor.execute(() -> runHandler(handler, chain, call, start));
            } catch (RejectedExecutionException e) {
                answer(call, dialect.callError(call.messageId(), ErrorCode.INTERNAL_ERROR,
                        "Receiver is too busy to handle " + LogSafe.escape(call.action()), null), start, true);
            }
        }

        private void runHandler(Optional<AsyncCallHandler> handler, List<CallInterceptor> chain, Frame.Call call,
                                long start) {
            CompletionStage<ObjectNode> stage;
            try {
                stage = incoming(handler, chain, 0,
                        new IncomingCall(RpcSession.this, call.messageId(), call.action(), call.payload()));
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

        private CompletionStage<ObjectNode> incoming(Optional<AsyncCallHandler> handler, List<CallInterceptor> chain,
                                                     int index, IncomingCall call) throws Exception {
            if (index == chain.size()) {
                if (handler.isEmpty()) {
                    return CompletableFuture.failedFuture(new CallErrorException(ErrorCode.NOT_SUPPORTED,
                            "Action is not supported: " + LogSafe.escape(call.action())));
                }
                return handler.get().handle(call);
            }
            return chain.get(index).incoming(call, new CallInterceptor.Incoming() {
                @Override
                public CompletionStage<ObjectNode> proceed(IncomingCall next) throws Exception {
                    return incoming(handler, chain, index + 1, next);
                }

                @Override
                public boolean hasHandler() {
                    return handler.isPresent();
                }
            });
        }

        /** The CALLERROR for a failed handler; only a {@link CallErrorException} chooses its own code and text. */
        private Frame.CallError errorFor(Frame.Call call, Throwable error) {
            Throwable t = Futures.unwrap(error);
            if (t instanceof CallErrorException ce) {
                return dialect.callError(call.messageId(), ce.code(), ce.description(), ce.details());
            }
            if (t == null) {
                LOG.warn("{}: handler for {} returned no payload", logId, LogSafe.escape(call.action()));
            } else {
                LOG.warn("{}: handler for {} failed", logId, LogSafe.escape(call.action()), t);
            }
            return dialect.callError(call.messageId(), ErrorCode.INTERNAL_ERROR,
                    "Internal error while handling " + LogSafe.escape(call.action()), null);
        }

        private void answer(Frame.Call call, Frame answer, long start, boolean tracked) {
            if (tracked) {
                synchronized (lock) {
                    incomingInProgress.remove(call.messageId());
                }
            }
            write(answer);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            notifyListener(() -> listener.incomingCallAnswered(RpcSession.this, call, answer, elapsed));
        }

        /** SEND (2.1) runs its handler, if any, and never answers. */
        private void onSend(Frame.Send send) {
            handlers.handler(send.action()).ifPresent(h -> {
                try {
                    executor.execute(() -> {
                        try {
                            h.handle(new IncomingCall(RpcSession.this, send.messageId(), send.action(),
                                    send.payload()));
                        } catch (Throwable t) {
                            LOG.warn("{}: handler for SEND {} failed", logId, LogSafe.escape(send.action()), t);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    LOG.warn("{}: dropped SEND {}: executor is saturated", logId, LogSafe.escape(send.action()));
                }
            });
        }

        /**
         * Closes the connection once a frame being written is handed over: whoever heard of a frame from the frame
         * listener and closes at once (a test's mock that sees its answer in its journal, then drops the station)
         * must not have the close overtake that frame, as a write may not (see {@link #write}).
         */
        void closeAfterWrites(int code, String reason) {
            synchronized (writeLock) {
                connection.close(code, reason);
            }
        }

        CompletionStage<Void> write(Frame frame) {
            String text = codec.encode(frame);
            CompletionStage<Void> sent;
            // The frame listener hears of a frame before it is handed to the transport (so that a journal knows a
            // CALL before its answer can come in), and one who heard of it may write next at once: a test's mock
            // answering BootNotification, then sending TriggerMessage. Both steps under one lock keep the wire
            // order the order the listener heard: the next frame is handed over only after this one. sendText
            // queues and returns, so the lock is short.
            synchronized (writeLock) {
                notifyFrames(FrameListener.Direction.OUT, text);
                sent = connection.sendText(text);
            }
            sent.whenComplete((v, e) -> {
                if (e != null) {
                    LOG.debug("{}: could not send {} {}", logId, frame.type(), LogSafe.escape(frame.messageId()), e);
                }
            });
            return sent;
        }

        private void notifyFrames(FrameListener.Direction direction, String text) {
            try {
                frames.onFrame(RpcSession.this, direction, text);
            } catch (RuntimeException e) {
                LOG.warn("{}: frame listener threw", logId, e);
            }
        }
    }
}
