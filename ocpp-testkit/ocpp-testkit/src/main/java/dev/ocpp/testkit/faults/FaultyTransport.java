package dev.ocpp.testkit.faults;

import dev.ocpp.core.FrameListener;
import dev.ocpp.core.TimeoutScheduler;
import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client transport that applies a {@link FaultPlan} to the connections it opens through another one; made by
 * {@link Faults#wrap}. Every fault it applies is logged (SLF4J, {@code INFO}) and kept in {@link #decisionLog()}.
 *
 * <p><b>Threads.</b> It keeps the rules of {@link TransportConnection} and {@link TransportListener}: it never
 * blocks; delayed frames wait on the plan's scheduler (or a timer thread of its own), never on the transport's I/O
 * thread; the events of one connection reach its listener one at a time, {@code onClosed} last, and the frames of each
 * direction keep their order except where a rule reorders them on purpose ({@link FaultPlan#answerLate}). Frames
 * still held when the connection closes are lost, as in-flight bytes are (sends among them fail). Delayed events
 * run on the scheduler's thread (with a {@code VirtualClock}, the thread that advances it).
 *
 * <p>Half-open connections lose frames, not their lifecycle: a close started by either side still goes through, so
 * that a session can end.
 */
public final class FaultyTransport implements TransportClientFactory {

    private static final Logger LOG = LoggerFactory.getLogger(FaultyTransport.class);
    private static final AtomicInteger TIMERS = new AtomicInteger();
    /** Answers can name CALLs this many CALLs back per direction; older ones are forgotten (no memory growth). */
    private static final int REMEMBERED_CALLS = 1_000;
    /** How many decisions {@link #decisionLog()} keeps; older ones are dropped. */
    public static final int MAX_DECISIONS = 10_000;

    private final TransportClientFactory transport;
    private final FaultPlan plan;
    private final List<FaultPlan.Rule> rules;
    private final TimeoutScheduler scheduler;
    /** The timer started when the plan has no scheduler, or null. */
    private final ScheduledThreadPoolExecutor timer;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    private final Object lock = new Object();
    // Guarded by lock.
    private final long[] matches;
    private final Map<Integer, Random> randoms = new HashMap<>();
    /** Guarded by {@link #lock}: the last {@link #MAX_DECISIONS} decisions, oldest first. */
    private final ArrayDeque<String> log = new ArrayDeque<>();
    private int attempts;
    private int connections;
    private boolean closed;

    FaultyTransport(TransportClientFactory transport, FaultPlan plan) {
        this.transport = transport;
        this.plan = plan;
        this.rules = plan.rules();
        this.matches = new long[rules.size()];
        if (plan.scheduler().isPresent()) {
            this.timer = null;
            this.scheduler = plan.scheduler().get();
        } else {
            String name = "ocpp-faults-timer-" + TIMERS.incrementAndGet();
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, name);
                // Daemon as a last resort only: close() stops it; a test that forgets close() must not hang the JVM.
                thread.setDaemon(true);
                return thread;
            });
            t.setRemoveOnCancelPolicy(true);
            t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            this.timer = t;
            this.scheduler = TimeoutScheduler.of(t);
        }
    }

    /** The plan this transport follows. */
    public FaultPlan plan() {
        return plan;
    }

    /**
     * Every decision so far, in order, one line each: which connection and frame (counted from 1, message ids left
     * out since they differ from run to run), what was done, and by which rule. The same seed and the same frames
     * give the same list. Only the last {@value #MAX_DECISIONS} are kept.
     */
    public List<String> decisionLog() {
        synchronized (lock) {
            return List.copyOf(log);
        }
    }

    /** How many connection attempts were made through this transport, refused ones included. */
    public int attempts() {
        synchronized (lock) {
            return attempts;
        }
    }

    /**
     * Connects through the wrapped transport, unless a {@link FaultPlan#refuseHandshakes} rule refuses this attempt
     * or a {@link FaultPlan#failTlsHandshakes} rule fails it: then the stage fails at once with a
     * {@link HandshakeRejectedException} or an {@link SSLHandshakeException}, and the wrapped transport is not asked.
     */
    @Override
    public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
        Connection c;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the faulty transport is closed"));
            }
            int attempt = ++attempts;
            for (int i = 0; i < rules.size(); i++) {
                FaultPlan.Rule r = rules.get(i);
                if (r.kind() == FaultPlan.Kind.REFUSE && r.frequency().fires(++matches[i], random(i, 0))) {
                    record("attempt " + attempt + ": handshake refused with HTTP " + r.status() + " (rule " + (i + 1)
                            + ")");
                    return CompletableFuture.failedFuture(
                            new HandshakeRejectedException(r.status(), "refused by the fault plan"));
                }
                if (r.kind() == FaultPlan.Kind.FAIL_TLS && r.frequency().fires(++matches[i], random(i, 0))) {
                    record("attempt " + attempt + ": TLS handshake failed (simulated, rule " + (i + 1) + ")");
                    return CompletableFuture.failedFuture(
                            new SSLHandshakeException("TLS handshake failed by the fault plan (simulated)"));
                }
            }
            c = new Connection(++connections, listener);
        }
        open.add(c);
        return transport.connect(config, c.fromTransport).<TransportConnection>thenApply(x -> c)
                .whenComplete((x, e) -> {
                    if (e != null) {
                        open.remove(c);
                    }
                });
    }

    /**
     * Aborts the connections opened through this transport that are still open and stops its timer thread, if it
     * has one. The wrapped transport stays open: it is the caller's. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Connection c : List.copyOf(open)) {
            c.abort();
        }
        if (timer != null) {
            timer.shutdownNow();
            try {
                if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("The fault timer did not stop within 5 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "FaultyTransport[" + plan + " over " + transport + "]";
    }

    // ------------------------------------------------------------------------------------------------ decisions

    /** Guarded by lock: the stream of random draws of rule {@code rule} in direction {@code dir}. */
    private Random random(int rule, int dir) {
        return randoms.computeIfAbsent(rule * 2 + dir, k -> new Random(plan.seed() * 0x9E3779B97F4A7C15L
                + (k + 1) * 0xBF58476D1CE4E5B9L));
    }

    /** Guarded by lock. */
    private void record(String line) {
        if (log.size() == MAX_DECISIONS) {
            log.removeFirst(); // a long run under an "always" rule must not grow the log without end
        }
        log.addLast(line);
        LOG.info("fault: {}", line);
    }

    private void recordLocked(String line) {
        synchronized (lock) {
            record(line);
        }
    }

    /** What a frame rule decided for one frame, and the log line to record once it is applied. */
    private record Decision(FaultPlan.Rule rule, Duration delay, String text, String line) {
    }

    /** The first frame rule that matches {@code f} and fires, or null; its draws, logged. */
    private Decision decide(Connection c, long frameNo, Frame f) {
        synchronized (lock) {
            for (int i = 0; i < rules.size(); i++) {
                FaultPlan.Rule r = rules.get(i);
                if (!r.isFrameRule() || !r.match().matches(f)) {
                    continue;
                }
                if (r.kind() == FaultPlan.Kind.DUPLICATE && f.type() != Frame.Type.CALL) {
                    continue;
                }
                if (r.kind() == FaultPlan.Kind.REWRITE_ID && !f.isAnswer()) {
                    continue;
                }
                Random random = random(i, f.direction() == FrameListener.Direction.OUT ? 0 : 1);
                if (!r.frequency().fires(++matches[i], random)) {
                    continue;
                }
                Duration delay = null;
                String text = null;
                String what;
                switch (r.kind()) {
                    case DROP:
                        what = "dropped";
                        break;
                    case DELAY:
                        delay = r.fixed() != null ? r.fixed()
                                : Duration.ofMillis((long) Math.floor(random.nextDouble() * (r.upTo().toMillis() + 1)));
                        what = "delayed " + delay.toMillis() + " ms";
                        break;
                    case ANSWER_LATE:
                        delay = r.fixed();
                        what = "answered late by " + delay.toMillis() + " ms";
                        break;
                    case DUPLICATE:
                        what = "duplicated";
                        break;
                    case REWRITE_ID:
                        text = r.text() != null ? r.text() : String.format("fault-%016x", random.nextLong());
                        what = "message id rewritten to " + text;
                        break;
                    case INJECT:
                        text = r.text() != null ? r.text()
                                : Faults.TYPICAL_MALFORMED.get(random.nextInt(Faults.TYPICAL_MALFORMED.size()));
                        what = "injected '" + text + "' " + r.position().name().toLowerCase();
                        break;
                    case CUT_ON:
                        what = "lost, connection cut";
                        break;
                    default:
                        what = "lost, connection half-open from now on";
                        break;
                }
                // Recorded once applied, so that a test that sees the line also finds a delay's timer planned.
                return new Decision(r, delay, text, "conn " + c.number + " frame " + frameNo + " " + f.describe()
                        + ": " + what + " (rule " + (i + 1) + ")");
            }
            return null;
        }
    }

    /**
     * The connection rule that fires now that {@code c} has handed on {@code frames} frames, and its log line; or
     * null.
     */
    private Map.Entry<FaultPlan.Kind, String> afterFrames(Connection c, long frames) {
        synchronized (lock) {
            for (int i = 0; i < rules.size(); i++) {
                FaultPlan.Rule r = rules.get(i);
                if ((r.kind() == FaultPlan.Kind.CUT_AFTER || r.kind() == FaultPlan.Kind.HALF_OPEN_AFTER)
                        && r.frames() == frames && r.frequency().fires(++matches[i], random(i, 0))) {
                    String what = r.kind() == FaultPlan.Kind.CUT_AFTER ? "connection cut"
                            : "connection half-open from now on";
                    return Map.entry(r.kind(), "conn " + c.number + " frame " + frames + ": " + what + " after "
                            + frames + " frames (rule " + (i + 1) + ")");
                }
            }
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------ connection

    /** One faulty connection: the engine's view of the wrapped one. */
    private final class Connection implements TransportConnection {

        final int number;
        final TransportListener listener;
        final TransportListener fromTransport = new FromTransport();
        final Sequencer out = new Sequencer();
        final Sequencer in = new Sequencer();
        /** CALLs sent / received, by message id, so that answers know their action. */
        final Map<String, String> callsSent = calls();
        final Map<String, String> callsReceived = calls();
        final AtomicInteger frames = new AtomicInteger();
        volatile TransportConnection inner;
        /** Why frames are lost from now on ("half-open", "cut"), or null while they pass. */
        volatile String losing;
        volatile boolean ended;
        /** Set on the sequencer's thread once the listener was told of the close: nothing may follow it. */
        volatile boolean closedDelivered;

        Connection(int number, TransportListener listener) {
            this.number = number;
            this.listener = listener;
        }

        @Override
        public ConnectionInfo info() {
            return inner.info();
        }

        @Override
        public CompletionStage<Void> sendText(String text) {
            TransportConnection i = inner;
            if (ended || i == null) {
                return CompletableFuture.failedFuture(new IOException("the connection is closed"));
            }
            Frame f = Frame.read(FrameListener.Direction.OUT, text, callsReceived::get);
            if (f.type() == Frame.Type.CALL) {
                callsSent.put(f.messageId(), String.valueOf(f.action()));
            }
            return pass(f, out);
        }

        @Override
        public void close(int code, String reason) {
            TransportConnection i = inner;
            if (i != null) {
                i.close(code, reason);
            }
        }

        @Override
        public void abort() {
            TransportConnection i = inner;
            if (i != null) {
                i.abort();
            }
        }

        @Override
        public boolean isOpen() {
            TransportConnection i = inner;
            return !ended && i != null && i.isOpen();
        }

        @Override
        public String toString() {
            return "faulty connection " + number + " over " + inner;
        }

        /** Applies the plan to one original frame; the stage is the frame's send (completed for received ones). */
        private CompletableFuture<Void> pass(Frame f, Sequencer seq) {
            long frameNo = frames.incrementAndGet();
            String lost = losing;
            if (lost != null) {
                recordLocked("conn " + number + " frame " + frameNo + " " + f.describe() + ": lost, " + lost);
                return CompletableFuture.completedFuture(null);
            }
            Decision d = decide(this, frameNo, f);
            Map.Entry<FaultPlan.Kind, String> after = afterFrames(this, frameNo);
            if (after != null) {
                // Before this frame is handed on: what its delivery sets off (the next CALL) must meet the fault.
                // Logged now too, so that the line comes before the losses it causes in the other direction.
                recordLocked(after.getValue());
                losing = after.getKey() == FaultPlan.Kind.CUT_AFTER ? "cut" : "half-open";
            }
            CompletableFuture<Void> result;
            if (d == null) {
                result = submit(seq, f.text(), null, true);
            } else {
                switch (d.rule().kind()) {
                    case DROP:
                        result = CompletableFuture.completedFuture(null);
                        break;
                    case DELAY:
                        result = submit(seq, f.text(), d.delay(), true);
                        break;
                    case ANSWER_LATE:
                        result = submit(seq, f.text(), d.delay(), false);
                        break;
                    case DUPLICATE:
                        submit(seq, f.text(), null, true);
                        result = submit(seq, f.text(), null, true);
                        break;
                    case REWRITE_ID:
                        result = submit(seq, f.withMessageId(d.text()), null, true);
                        break;
                    case INJECT:
                        if (d.rule().position() == FaultPlan.Position.BEFORE) {
                            submit(seq, d.text(), null, true);
                            result = submit(seq, f.text(), null, true);
                        } else {
                            result = submit(seq, f.text(), null, true);
                            submit(seq, d.text(), null, true);
                        }
                        break;
                    case CUT_ON:
                        losing = "cut";
                        result = CompletableFuture.completedFuture(null);
                        break;
                    default:
                        losing = "half-open";
                        result = CompletableFuture.completedFuture(null);
                        break;
                }
            }
            if (d != null) {
                recordLocked(d.line());
                if (d.rule().kind() == FaultPlan.Kind.CUT_ON) {
                    abort();
                }
            }
            if (after != null && after.getKey() == FaultPlan.Kind.CUT_AFTER) {
                abort();
            }
            return result;
        }

        /**
         * Hands {@code text} on in {@code seq}'s direction: now, or after {@code delay} holding the frames behind it
         * ({@code ordered}) or letting them pass.
         */
        private CompletableFuture<Void> submit(Sequencer seq, String text, Duration delay, boolean ordered) {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            Item item = new Item(seq == out ? () -> write(text, sent) : () -> deliver(text, sent), sent);
            if (delay == null) {
                seq.add(item, true);
            } else if (ordered) {
                seq.add(item, false);
                later(() -> seq.ready(item), delay, sent);
            } else {
                later(() -> {
                    if (ended) {
                        sent.completeExceptionally(new IOException("the connection closed before the frame went"));
                    } else {
                        seq.add(item, true);
                    }
                }, delay, sent);
            }
            return sent;
        }

        private void later(Runnable task, Duration delay, CompletableFuture<Void> sent) {
            try {
                scheduler.schedule(task, delay);
            } catch (RejectedExecutionException e) {
                // The timer stopped: this transport is closed, and the frame goes nowhere.
                sent.completeExceptionally(new IOException("the faulty transport is closed", e));
            }
        }

        private void write(String text, CompletableFuture<Void> sent) {
            inner.sendText(text).whenComplete((x, e) -> {
                if (e != null) {
                    sent.completeExceptionally(e);
                } else {
                    sent.complete(null);
                }
            });
        }

        private void deliver(String text, CompletableFuture<Void> sent) {
            if (!closedDelivered) {
                listener.onText(this, text);
            }
            sent.complete(null);
        }

        /** The wrapped transport's events, passed on through the incoming sequencer. */
        private final class FromTransport implements TransportListener {

            @Override
            public void onOpen(TransportConnection connection) {
                inner = connection;
                in.add(new Item(() -> listener.onOpen(Connection.this), null), true);
            }

            @Override
            public void onText(TransportConnection connection, String text) {
                if (ended) {
                    return;
                }
                Frame f = Frame.read(FrameListener.Direction.IN, text, callsSent::get);
                if (f.type() == Frame.Type.CALL) {
                    callsReceived.put(f.messageId(), String.valueOf(f.action()));
                }
                pass(f, in);
            }

            @Override
            public void onClosing(TransportConnection connection, int code, String reason) {
                in.add(new Item(() -> listener.onClosing(Connection.this, code, reason), null), true);
            }

            @Override
            public void onFailure(TransportConnection connection, Throwable cause) {
                in.add(new Item(() -> listener.onFailure(Connection.this, cause), null), true);
            }

            @Override
            public void onClosed(TransportConnection connection, int code, String reason) {
                ended = true;
                open.remove(Connection.this);
                IOException lost = new IOException("the connection closed while the frame was held");
                out.discardHeld(lost);
                in.discardHeld(lost);
                in.add(new Item(() -> {
                    closedDelivered = true;
                    listener.onClosed(Connection.this, code, reason);
                }, null), true);
            }
        }
    }

    private static Map<String, String> calls() {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > REMEMBERED_CALLS;
            }
        });
    }

    /** One frame or event waiting its turn; {@code sent} is failed if it is discarded (null for events). */
    private static final class Item {
        final Runnable run;
        final CompletableFuture<Void> sent;
        /** Guarded by the sequencer. */
        boolean ready;

        Item(Runnable run, CompletableFuture<Void> sent) {
            this.run = run;
            this.sent = sent;
        }
    }

    /**
     * Runs the items of one direction one at a time, in order, each once it is ready. Whichever thread finds the
     * sequencer idle drains it; others only queue, so nothing runs twice at once and no thread waits for a lock
     * while user code runs (the engine may send from inside {@code onText}, or a transport deliver from inside
     * {@code sendText}, without deadlock).
     */
    private static final class Sequencer {
        private final ArrayDeque<Item> queue = new ArrayDeque<>();
        private boolean draining;

        void add(Item item, boolean ready) {
            synchronized (this) {
                item.ready = ready;
                queue.add(item);
            }
            drain();
        }

        void ready(Item item) {
            synchronized (this) {
                item.ready = true;
            }
            drain();
        }

        /** Drops the items not ready yet (held frames), failing their sends. */
        void discardHeld(IOException cause) {
            List<Item> dropped = new ArrayList<>();
            synchronized (this) {
                queue.removeIf(i -> {
                    if (!i.ready) {
                        dropped.add(i);
                        return true;
                    }
                    return false;
                });
            }
            for (Item i : dropped) {
                if (i.sent != null) {
                    i.sent.completeExceptionally(cause);
                }
            }
        }

        private void drain() {
            synchronized (this) {
                if (draining) {
                    return;
                }
                draining = true;
            }
            while (true) {
                Item next;
                synchronized (this) {
                    next = queue.peek();
                    if (next == null || !next.ready) {
                        draining = false;
                        return;
                    }
                    queue.poll();
                }
                try {
                    next.run.run();
                } catch (RuntimeException e) {
                    LOG.warn("A faulty connection's event failed", e);
                    if (next.sent != null) {
                        next.sent.completeExceptionally(e);
                    }
                }
            }
        }
    }
}
