package dev.ocpp.core.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.CallInterceptor;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.CallQueueFullException;
import dev.ocpp.core.CallTimeoutException;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.IncomingCall;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OutgoingCall;
import dev.ocpp.core.RegistrationStateException;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.TimeoutScheduler;
import dev.ocpp.core.internal.concurrent.Futures;
import dev.ocpp.core.spi.support.LogSafe;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.PayloadValidationException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable, ordered delivery of a station's transaction messages (OCPP 1.6 §3.7, §3.7.1; OCPP 2.0.1 Part 2 E04, E13,
 * A04.FR.02), for one session of an {@link OcppClient}: a {@link CallInterceptor} that takes the messages its
 * {@link DeliveryPolicy} names out of the ordinary call path, writes them to a {@link MessageStore} and sends them
 * one at a time, in the order they were queued, until each is answered.
 *
 * <pre>{@code
 * DeliveryQueue queue = DeliveryQueue.builder(Ocpp201Delivery.policy()).store(store).build();
 * OcppClient client = queue.install(OcppClient.builder(transport))
 *         .offer(OcppVersion.OCPP201, queue.intercept(handlers))
 *         ...
 *         .build();
 * }</pre>
 * The typed station builders do this wiring with {@code delivery(store)}.
 *
 * <p><b>Queueing.</b> A transaction message (see {@link DeliveryPolicy#isTransactionMessage}) is written to the store
 * before {@code call} returns: once the call has returned without failing, the message survives a lost connection
 * and, with a durable store, a crash or power loss. The call's future completes with the CALLRESULT when the message is
 * finally delivered, however many connections and retransmissions that takes; with
 * {@link MessageDiscardedException} if it is given up; at once with {@link DeliveryQueueFullException} if there is no
 * room (the message was not queued); with {@link ConnectionClosedException} if the session is closed first (the
 * message stays in the store, for the next session built on it). The {@link DeliveryListener} hears the same outcomes
 * by message key, also for messages queued before a restart. Other messages pass the queue by (1.6 §3.7: they may
 * overtake it), unless {@link Builder#queueAllMessages(boolean) all messages are queued} (2.0.1
 * {@code QueueAllMessages}) or {@link CallOptions#queued()} says otherwise.
 *
 * <p><b>As a message is queued</b> its version's policy prepares it: a 2.0.1 TransactionEvent made while the station
 * has no connection is flagged {@code offline} (E04.FR.03) and numbered with its transaction's next {@code seqNo};
 * a 1.6 StopTransaction or MeterValues queued {@link CallOptions#withTransactionOf(String) for a StartTransaction} gets
 * the {@code transactionId} the Central System answered to it, now if known, else when that answer arrives.
 *
 * <p><b>Sending</b> needs an open connection and, when {@link #gateOn(StationRuntime) gated on a station runtime},
 * an accepted registration (1.6 §4.2 and 2.0.1 B01.FR.08: nothing but BootNotification before it, queued messages
 * included). One message is on the wire at a time. After a reconnect with messages waiting, the queue starts after a
 * random delay of up to {@link Builder#replayPacing} and leaves a pause between messages until it has caught up, so
 * that a CSMS that restarts under thousands of stations is not flooded.
 *
 * <p><b>Retries</b> follow {@link DeliveryPolicy.RetrySettings}: a transmission answered with a CALLERROR (and, in
 * 2.0.1, one not answered within the message timeout) counts as a failed attempt; after the n-th the message goes out
 * again after {@code interval × n}; after the last it is discarded and reported, never silently. A transmission lost
 * with its connection does not count: the message goes out again on the next connection (the CSMS may then see it
 * twice; {@link TransactionTracker} finds such duplicates on the CSMS side). An accepted ChangeConfiguration /
 * SetVariables of the retry settings applies from the next wait on, and one of 2.0.1 {@code QueueAllMessages} from
 * the next call on.
 *
 * <p><b>Bounds.</b> At most {@link Builder#maxMessages} messages and {@link Builder#maxBytes} bytes. When a new message
 * does not fit, intermediate messages its policy calls droppable (2.0.1 Updated events) are dropped, the 1st, 3rd,
 * 5th and so on of them (E04.FR.07/08), each reported {@link DeliveryListener.DiscardReason#OVERFLOW}; if that cannot
 * make room, the new message is refused. {@link #depth()} and {@link #bytes()} are there for metrics.
 *
 * <p><b>Threads.</b> Queueing (and its store write) runs on the caller's thread: never call it on a transport I/O
 * thread. Everything else runs on the session's executor, timers on its scheduler; the queue's state is guarded by
 * one lock, which is held across store writes (so that the store sees changes in the queue's order) but never while
 * calling the session, a listener or a future's dependents.
 */
public final class DeliveryQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);
    private static final String ATTRIBUTE = DeliveryQueue.class.getName();
    /** State keys of transaction ids the CSMS answered, by the key of the StartTransaction they answered. */
    private static final String TRANSACTION_ID = "delivery/transactionId/";
    /** How many such ids are kept for messages not yet queued; the oldest go first. */
    private static final int MAX_REMEMBERED_TRANSACTION_IDS = 1_000;
    private static final CallOptions SEND = CallOptions.defaults().withConnectionWait(Duration.ZERO)
            .withQueued(false);

    private final DeliveryPolicy policy;
    private final MessageStore store;
    private final int maxMessages;
    private final long maxBytes;
    /** Guarded by {@link #lock}. */
    private Duration replayDelay;
    /** Guarded by {@link #lock}. */
    private Duration replayInterval;
    private final DoubleSupplier random;
    private final Clock clock;
    private final List<DeliveryListener> listeners = new CopyOnWriteArrayList<>();
    private final CallInterceptor interceptor = new Interceptor();
    private final StateAccess stateAccess = new StateAccess();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}: the queued messages by seq. */
    private final TreeMap<Long, Entry> queue = new TreeMap<>();
    /** Guarded by {@link #lock}. */
    private final Map<String, Entry> byKey = new HashMap<>();
    /** Guarded by {@link #lock}: a copy of the store's state map, in insertion order. */
    private final LinkedHashMap<String, String> state = new LinkedHashMap<>();
    /** Guarded by {@link #lock}. */
    private long nextSeq;
    /** Guarded by {@link #lock}. */
    private long bytes;
    /** Guarded by {@link #lock}. */
    private DeliveryPolicy.RetrySettings retry;
    /** Guarded by {@link #lock}. */
    private boolean queueAll;
    /** Guarded by {@link #lock}: the session served, or null before the first and after it closed. */
    private OcppSession session;
    /** Guarded by {@link #lock}: the message on the wire, or null. */
    private Entry inFlight;
    /** Guarded by {@link #lock}: a retry or pacing wait; nothing is sent while it runs. */
    private Timer wait;
    /** Guarded by {@link #lock}: catching up after a reconnect: pause between messages. */
    private boolean replaying;

    /** Only sessions of this client are served, once set. */
    private volatile OcppClient client;
    /** Whether sending is allowed apart from the connection (an accepted registration). */
    private volatile BooleanSupplier gate = () -> true;

    private DeliveryQueue(Builder b) {
        this.policy = b.policy;
        this.store = b.store;
        this.maxMessages = b.maxMessages;
        this.maxBytes = b.maxBytes;
        this.replayDelay = b.replayDelay;
        this.replayInterval = b.replayInterval;
        this.random = b.random;
        this.clock = b.clock;
        this.retry = b.retry != null ? b.retry : policy.defaultRetrySettings();
        this.queueAll = b.queueAll;
        this.listeners.addAll(b.listeners);
        MessageStore.Snapshot loaded = store.load();
        long last = -1;
        for (StoredMessage m : loaded.messages()) {
            Entry e = new Entry(m, parse(m.payload()), null);
            queue.put(m.seq(), e);
            byKey.put(m.key(), e);
            bytes += m.size();
            last = Math.max(last, m.seq());
        }
        nextSeq = last + 1;
        state.putAll(loaded.state());
        if (!queue.isEmpty()) {
            LOG.info("{} message(s) queued before a restart await delivery", queue.size());
        }
    }

    /** A queue with {@code policy}'s rules. */
    public static Builder builder(DeliveryPolicy policy) {
        return new Builder(policy);
    }

    /** The queue serving {@code session}, if one does. */
    public static Optional<DeliveryQueue> of(OcppSession session) {
        return session.attributes().get(ATTRIBUTE) instanceof DeliveryQueue q ? Optional.of(q) : Optional.empty();
    }

    // ------------------------------------------------------------------------------------------------ wiring

    /** {@code handlers} with this queue's interceptor last in the chain, after validation: only valid messages queue. */
    public Handlers intercept(Handlers handlers) {
        return handlers.toBuilder().intercept(interceptor).build();
    }

    /** The interceptor {@link #intercept(Handlers)} adds, to place it by hand. */
    public CallInterceptor interceptor() {
        return interceptor;
    }

    /** Lets this queue follow the connection events of {@code client}'s sessions. Returns {@code client}. */
    public OcppClient.Builder install(OcppClient.Builder client) {
        return client.onConnectionEvent(this::onConnectionEvent);
    }

    /** Serves only sessions started by {@code client} (for a builder that installs several queues). */
    public OcppClient serve(OcppClient client) {
        this.client = Objects.requireNonNull(client, "client");
        return client;
    }

    /**
     * Serves {@code session} from now on. A queue binds itself to the session of its first connection event or
     * queued call; binding at once (right after {@link OcppClient#start()}) lets other interceptors find it with
     * {@link #of(OcppSession)} before either (2.0.1 boot gating asks it which calls to let through).
     *
     * @throws IllegalStateException if it serves another session that is not closed
     */
    public DeliveryQueue bind(OcppSession session) {
        bindTo(Objects.requireNonNull(session, "session"));
        return this;
    }

    /**
     * Sends only while {@code runtime}'s registration is Accepted (1.6 §4.2, 2.0.1 B01.FR.08, B02.FR.02): after a
     * restart, queued messages wait for the BootNotification to be accepted.
     */
    public DeliveryQueue gateOn(StationRuntime runtime) {
        Objects.requireNonNull(runtime, "runtime");
        gate = () -> runtime.registrationStatus().orElse(null) == RegistrationStatus.ACCEPTED;
        runtime.onRegistration(s -> pump());
        return this;
    }

    /** Adds a listener of deliveries; add it before the session connects to hear about messages of a restart. */
    public DeliveryQueue onDelivery(DeliveryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    // ------------------------------------------------------------------------------------------------ observing

    /** The version rules of this queue. */
    public DeliveryPolicy policy() {
        return policy;
    }

    /** The store this queue writes to (it does not close it: its owner does, once the session has ended). */
    public MessageStore store() {
        return store;
    }

    /** How many messages are queued (the one on the wire included). */
    public int depth() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** How many bytes the queued messages weigh (see {@link StoredMessage#size()}). */
    public long bytes() {
        synchronized (lock) {
            return bytes;
        }
    }

    /** The queued messages, oldest first. */
    public List<StoredMessage> pending() {
        synchronized (lock) {
            return queue.values().stream().map(e -> e.msg).toList();
        }
    }

    /**
     * The transaction id the CSMS answered to the StartTransaction queued under {@code startKey}, while it is
     * remembered (until a StopTransaction for it is queued).
     */
    public Optional<JsonNode> transactionId(String startKey) {
        synchronized (lock) {
            String v = state.get(TRANSACTION_ID + startKey);
            return v == null ? Optional.empty() : Optional.of(parseNode(v));
        }
    }

    /** The retry settings in force. */
    public DeliveryPolicy.RetrySettings retrySettings() {
        synchronized (lock) {
            return retry;
        }
    }

    /** Sets the retry settings, from the next wait on (as an accepted configuration change does by itself). */
    public void retrySettings(DeliveryPolicy.RetrySettings settings) {
        Objects.requireNonNull(settings, "settings");
        synchronized (lock) {
            retry = settings;
        }
    }

    /**
     * Sets the replay pacing from the next reconnect (or the next message) on; see {@link Builder#replayPacing}.
     */
    public void replayPacing(Duration maxInitialDelay, Duration interval) {
        Duration d = Builder.requireNotNegative(maxInitialDelay, "maxInitialDelay");
        Duration i = Builder.requireNotNegative(interval, "interval");
        synchronized (lock) {
            replayDelay = d;
            replayInterval = i;
        }
    }

    /** Whether every message but BootNotification and Heartbeat is queued (2.0.1 {@code QueueAllMessages}). */
    public boolean queueAllMessages() {
        synchronized (lock) {
            return queueAll;
        }
    }

    /** Sets whether every message but BootNotification and Heartbeat is queued. */
    public void queueAllMessages(boolean on) {
        synchronized (lock) {
            queueAll = on;
        }
    }

    /**
     * Station state kept in the queue's store beside its messages, for what must outlive the process (e.g. the
     * transactions open now, so that a station restarted after a crash can end them). Keys starting with
     * {@code delivery/} are the queue's own.
     */
    public StationState state() {
        return stateAccess;
    }

    /**
     * Whether this queue would take the call (a transaction message, or any with queue-all on), for other
     * interceptors that must let it through to the queue (2.0.1 boot gating).
     */
    public boolean takes(String action, ObjectNode payload, CallOptions options) {
        Boolean asked = options.queued();
        if (Boolean.FALSE.equals(asked)) {
            return false;
        }
        if (Boolean.TRUE.equals(asked)) {
            return policy.mayQueue(action);
        }
        if (policy.isTransactionMessage(action, payload, options.transactionOf() != null)) {
            return true;
        }
        synchronized (lock) {
            return queueAll && policy.mayQueue(action);
        }
    }

    // ------------------------------------------------------------------------------------------------ queueing

    private CompletableFuture<ObjectNode> enqueue(OutgoingCall call) {
        OcppSession s = call.session();
        try {
            bindTo(s);
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        CallOptions o = call.options();
        String key = o.messageKey() != null ? o.messageKey() : UUID.randomUUID().toString();
        ObjectNode payload = call.payload().deepCopy();
        boolean offline = !s.isOpen();
        CompletableFuture<ObjectNode> future = new CompletableFuture<>();
        List<Entry> dropped;
        StoredMessage stored;
        int depth;
        synchronized (lock) {
            if (byKey.containsKey(key)) {
                return CompletableFuture.failedFuture(new IllegalArgumentException(
                        "a message with key " + key + " is queued already"));
            }
            PendingState pending = new PendingState();
            MessageStore.Change change = new MessageStore.Change();
            String transactionOf = o.transactionOf();
            try {
                policy.prepare(call.action(), payload, offline, pending);
                if (transactionOf != null) {
                    String id = state.get(TRANSACTION_ID + transactionOf);
                    if (id != null) {
                        policy.fillTransactionId(call.action(), payload, parseNode(id));
                        if (policy.endsTransaction(call.action(), payload)) {
                            pending.remove(TRANSACTION_ID + transactionOf);
                        }
                        transactionOf = null;
                    } else if (!byKey.containsKey(transactionOf)) {
                        throw new IllegalArgumentException("no StartTransaction is queued or answered under key "
                                + transactionOf);
                    }
                }
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            stored = new StoredMessage(nextSeq, key, call.action(), payload.toString(), 0, clock.instant(),
                    transactionOf);
            dropped = makeRoom(stored.size());
            if (dropped == null) {
                DeliveryQueueFullException full = new DeliveryQueueFullException("the delivery queue of "
                        + s.identity() + " is full (" + queue.size() + " messages, " + bytes + " bytes) and nothing"
                        + " queued may be dropped for a " + call.action());
                tell(l -> l.refused(call.action(), key, full));
                return CompletableFuture.failedFuture(full);
            }
            for (Entry d : dropped) {
                change.remove(d.msg.seq());
            }
            change.put(stored);
            pending.writeTo(change);
            try {
                store.apply(change);
            } catch (RuntimeException e) {
                MessageStoreException failed = e instanceof MessageStoreException m ? m
                        : new MessageStoreException("the message store failed", e);
                tell(l -> l.refused(call.action(), key, failed));
                return CompletableFuture.failedFuture(failed);
            }
            nextSeq++;
            pending.applyTo(state);
            for (Entry d : dropped) {
                forget(d);
            }
            Entry e = new Entry(stored, payload, future);
            queue.put(stored.seq(), e);
            byKey.put(key, e);
            bytes += stored.size();
            depth = queue.size();
        }
        for (Entry d : dropped) {
            LOG.warn("Queue of {} full: dropped intermediate {} {} (E04.FR.07/08)", LogSafe.escape(s.identity()),
                    LogSafe.escape(d.msg.action()), d.msg.key());
            discarded(d, DeliveryListener.DiscardReason.OVERFLOW, null, "dropped to make room in a full queue");
        }
        tell(l -> l.queued(stored, depth));
        pump();
        return future;
    }

    /**
     * The droppable messages to remove so that one more of {@code size} fits: the 1st, 3rd, 5th... of them, then of
     * those left, and so on (E04.FR.08); an empty list if it fits as it is, null if it cannot be made to fit. Under
     * {@link #lock}.
     */
    private List<Entry> makeRoom(long size) {
        int count = queue.size() + 1;
        long weight = bytes + size;
        if (count <= maxMessages && weight <= maxBytes) {
            return List.of();
        }
        List<Entry> remaining = new ArrayList<>();
        for (Entry e : queue.values()) {
            if (e != inFlight && policy.droppable(e.msg.action(), e.payload)) {
                remaining.add(e);
            }
        }
        List<Entry> chosen = new ArrayList<>();
        while ((count > maxMessages || weight > maxBytes) && !remaining.isEmpty()) {
            List<Entry> kept = new ArrayList<>();
            for (int i = 0; i < remaining.size(); i++) {
                Entry e = remaining.get(i);
                if (i % 2 == 0 && (count > maxMessages || weight > maxBytes)) {
                    chosen.add(e);
                    count--;
                    weight -= e.msg.size();
                } else {
                    kept.add(e);
                }
            }
            remaining = kept;
        }
        return count <= maxMessages && weight <= maxBytes ? chosen : null;
    }

    // ------------------------------------------------------------------------------------------------ sending

    /** Sends the oldest message if it may go now. */
    private void pump() {
        Entry e;
        OcppSession s;
        String action;
        ObjectNode payload;
        boolean orphan;
        synchronized (lock) {
            if (session == null || inFlight != null || wait != null || queue.isEmpty() || !session.isOpen()) {
                return;
            }
            if (!gate.getAsBoolean()) {
                return;
            }
            e = queue.firstEntry().getValue();
            s = session;
            // Its StartTransaction is always ahead of it: still waiting here means it left without an answer.
            orphan = e.msg.transactionOf() != null;
            action = e.msg.action();
            payload = orphan ? null : e.payload.deepCopy();
            if (!orphan) {
                inFlight = e;
            }
        }
        if (orphan) {
            discard(e, DeliveryListener.DiscardReason.TRANSACTION_UNKNOWN, null,
                    "the StartTransaction it belongs to was never answered");
            pump();
            return;
        }
        CompletableFuture<ObjectNode> sent;
        try {
            sent = s.call(action, payload, SEND);
        } catch (RuntimeException ex) {
            sent = CompletableFuture.failedFuture(ex);
        }
        sent.whenComplete((answer, failure) -> outcome(e, answer, failure));
    }

    private void outcome(Entry e, ObjectNode answer, Throwable failure) {
        Throwable t = Futures.unwrap(failure);
        if (t == null) {
            delivered(e, answer);
        } else if (t instanceof PayloadValidationException) {
            release(e);
            discard(e, DeliveryListener.DiscardReason.INVALID, t, "refused by our own checks: " + t.getMessage());
            pump();
        } else if (t instanceof ConnectionClosedException) {
            // Lost with its connection (or never sent): not an attempt; the next connection sends it again.
            release(e);
            pump();
        } else if (t instanceof CallTimeoutException && !policy.timeoutCountsAsAttempt()) {
            retryLater(e, t);
        } else if (t instanceof RegistrationStateException || t instanceof CallQueueFullException) {
            retryLater(e, t);
        } else {
            // A CALLERROR (the CSMS failed to process it), a timeout where it counts, a malformed answer.
            failedAttempt(e, t);
        }
    }

    private void delivered(Entry e, ObjectNode answer) {
        Optional<JsonNode> assigned = policy.assignedTransactionId(e.msg.action(), answer);
        List<Entry> resolved = new ArrayList<>();
        synchronized (lock) {
            inFlight = null;
            if (queue.get(e.msg.seq()) != e) {
                return;
            }
            MessageStore.Change change = new MessageStore.Change().remove(e.msg.seq());
            List<StoredMessage> updates = new ArrayList<>();
            List<ObjectNode> payloads = new ArrayList<>();
            if (assigned.isPresent()) {
                boolean ended = false;
                for (Entry d : queue.values()) {
                    if (e.msg.key().equals(d.msg.transactionOf())) {
                        ObjectNode p = d.payload.deepCopy();
                        policy.fillTransactionId(d.msg.action(), p, assigned.get());
                        StoredMessage m = d.msg.withResolvedPayload(p.toString());
                        change.put(m);
                        resolved.add(d);
                        updates.add(m);
                        payloads.add(p);
                        ended |= policy.endsTransaction(d.msg.action(), p);
                    }
                }
                if (!ended) {
                    change.putState(TRANSACTION_ID + e.msg.key(), assigned.get().toString());
                }
            }
            String oldest = oldestTransactionIdBeyondBound(assigned.isPresent());
            if (oldest != null) {
                change.removeState(oldest);
            }
            write(change);
            forget(e);
            for (int i = 0; i < resolved.size(); i++) {
                Entry d = resolved.get(i);
                bytes += updates.get(i).size() - d.msg.size();
                d.msg = updates.get(i);
                d.payload = payloads.get(i);
            }
            if (change.statePuts().size() > 0) {
                state.putAll(change.statePuts());
            }
            if (oldest != null) {
                state.remove(oldest);
            }
            if (queue.isEmpty()) {
                replaying = false;
            } else if (replaying && !replayInterval.isZero()) {
                wait = schedule(replayInterval);
            }
        }
        if (e.future != null) {
            e.future.complete(answer);
        }
        tell(l -> l.delivered(e.msg, answer));
        pump();
    }

    /** The state key of the oldest remembered transaction id if one more would exceed the bound. Under the lock. */
    private String oldestTransactionIdBeyondBound(boolean adding) {
        if (!adding) {
            return null;
        }
        int n = 0;
        String oldest = null;
        for (String k : state.keySet()) {
            if (k.startsWith(TRANSACTION_ID)) {
                if (oldest == null) {
                    oldest = k;
                }
                n++;
            }
        }
        return n >= MAX_REMEMBERED_TRANSACTION_IDS ? oldest : null;
    }

    private void failedAttempt(Entry e, Throwable cause) {
        Duration pause;
        int failed;
        synchronized (lock) {
            inFlight = null;
            if (queue.get(e.msg.seq()) != e) {
                return;
            }
            failed = e.msg.attempts() + 1;
            if (failed >= retry.attempts()) {
                pause = null;
            } else {
                StoredMessage m = e.msg.withAttempts(failed);
                write(new MessageStore.Change().put(m));
                e.msg = m;
                pause = retry.interval().multipliedBy(failed);
                wait = schedule(pause);
            }
        }
        if (pause == null) {
            LOG.warn("{} {} failed {} time(s), the last with {}; discarded (1.6 §3.7.1, 2.0.1 E13.FR.04)",
                    e.msg.action(), e.msg.key(), failed, LogSafe.escape(cause.toString(), 256));
            discard(e, DeliveryListener.DiscardReason.ATTEMPTS_EXHAUSTED, cause,
                    "failed " + failed + " time(s); the last failure: " + cause.getMessage());
            pump();
            return;
        }
        LOG.info("{} {} failed ({}); attempt {} in {}", e.msg.action(), e.msg.key(),
                LogSafe.escape(cause.toString(), 256), failed + 1, pause);
        StoredMessage m = e.msg;
        tell(l -> l.retrying(m, failed, pause, cause));
    }

    /** Not an attempt (no answer where that does not count, a refusal of our own); try again after the interval. */
    private void retryLater(Entry e, Throwable cause) {
        Duration pause;
        synchronized (lock) {
            inFlight = null;
            pause = retry.interval().isZero() ? Duration.ofSeconds(1) : retry.interval();
            wait = schedule(pause);
        }
        LOG.debug("{} {} not delivered ({}); again in {}", e.msg.action(), e.msg.key(),
                LogSafe.escape(cause.toString(), 256), pause);
        StoredMessage m = e.msg;
        int failed = m.attempts();
        tell(l -> l.retrying(m, failed, pause, cause));
    }

    private void release(Entry e) {
        synchronized (lock) {
            if (inFlight == e) {
                inFlight = null;
            }
        }
    }

    /**
     * Removes {@code e} (and the messages that needed its transaction id) from the queue and the store, failing their
     * futures and telling the listeners.
     */
    private void discard(Entry e, DeliveryListener.DiscardReason reason, Throwable cause, String why) {
        List<Entry> dependents = new ArrayList<>();
        synchronized (lock) {
            if (queue.get(e.msg.seq()) != e) {
                return;
            }
            MessageStore.Change change = new MessageStore.Change().remove(e.msg.seq());
            for (Entry d : queue.values()) {
                if (e.msg.key().equals(d.msg.transactionOf())) {
                    dependents.add(d);
                    change.remove(d.msg.seq());
                }
            }
            write(change);
            forget(e);
            dependents.forEach(this::forget);
            if (queue.isEmpty()) {
                replaying = false;
            }
        }
        discarded(e, reason, cause, why);
        for (Entry d : dependents) {
            discarded(d, DeliveryListener.DiscardReason.TRANSACTION_UNKNOWN, cause,
                    "its StartTransaction " + e.msg.key() + " was discarded");
        }
    }

    private void discarded(Entry e, DeliveryListener.DiscardReason reason, Throwable cause, String why) {
        if (e.future != null) {
            e.future.completeExceptionally(new MessageDiscardedException(e.msg.key(), reason,
                    e.msg.action() + " " + e.msg.key() + " discarded: " + why, cause));
        }
        tell(l -> l.discarded(e.msg, reason, cause));
    }

    /** Removes {@code e} from the in-memory queue. Under the lock. */
    private void forget(Entry e) {
        if (queue.remove(e.msg.seq()) == e) {
            byKey.remove(e.msg.key());
            bytes -= e.msg.size();
        }
    }

    /** Writes a change that follows a delivery or a failure; a failing store is logged, the queue carries on. */
    private void write(MessageStore.Change change) {
        try {
            store.apply(change);
        } catch (RuntimeException ex) {
            // The message was handled; if its removal is not on disk it is sent again after a restart, which the
            // CSMS sees as a duplicate: better than losing it.
            LOG.error("The message store failed to record a delivery outcome", ex);
        }
    }

    // ------------------------------------------------------------------------------------------------ session

    private void bindTo(OcppSession s) {
        boolean fresh;
        synchronized (lock) {
            if (session == s) {
                return;
            }
            if (session != null) {
                throw new IllegalStateException("this delivery queue serves the session of " + session.identity()
                        + "; build one queue per station");
            }
            session = s;
            fresh = true;
        }
        if (fresh) {
            s.attributes().put(ATTRIBUTE, this);
            s.closeFuture().whenComplete((r, x) -> onClosed(s));
        }
    }

    private void onConnectionEvent(ConnectionEvent event) {
        OcppSession s = event.session();
        OcppClient only = client;
        if (only != null && OcppClient.of(s).orElse(null) != only) {
            return;
        }
        try {
            bindTo(s);
        } catch (IllegalStateException other) {
            return;
        }
        if (event instanceof ConnectionEvent.Connected) {
            onConnected();
        }
    }

    private void onConnected() {
        synchronized (lock) {
            if (queue.isEmpty() || session == null) {
                return;
            }
            replaying = true;
            if (wait == null && !replayDelay.isZero()) {
                long nanos = (long) (random.getAsDouble() * replayDelay.toNanos());
                if (nanos > 0) {
                    wait = schedule(Duration.ofNanos(nanos));
                }
            }
        }
        pump();
    }

    private void onClosed(OcppSession s) {
        Map<StoredMessage, CompletableFuture<ObjectNode>> waiting = new LinkedHashMap<>();
        synchronized (lock) {
            if (session != s) {
                return;
            }
            session = null;
            inFlight = null;
            replaying = false;
            if (wait != null) {
                wait.cancel();
                wait = null;
            }
            for (Entry e : queue.values()) {
                if (e.future != null) {
                    waiting.put(e.msg, e.future);
                    e.future = null;
                }
            }
        }
        // The futures end with the session; the messages stay in the store for the next session built on it.
        waiting.forEach((m, f) -> f.completeExceptionally(new ConnectionClosedException("the session of "
                + s.identity() + " is closed; " + m.action() + " " + m.key() + " stays queued in the store")));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Schedules the end of a wait on the session's scheduler. Under the lock, with a session. */
    private Timer schedule(Duration delay) {
        Timer t = new Timer();
        OcppSession s = session;
        t.cancellable = s.config().scheduler().schedule(() -> s.config().executor().execute(() -> waitOver(t)),
                delay);
        return t;
    }

    private void waitOver(Timer t) {
        synchronized (lock) {
            if (wait != t) {
                return;
            }
            wait = null;
        }
        pump();
    }

    private void tell(Consumer<DeliveryListener> event) {
        for (DeliveryListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("A delivery listener failed", e);
            }
        }
    }

    private static ObjectNode parse(String json) {
        JsonNode n = parseNode(json);
        if (!(n instanceof ObjectNode o)) {
            throw new MessageStoreException("a stored payload is not a JSON object: " + json);
        }
        return o;
    }

    private static JsonNode parseNode(String json) {
        try {
            return OcppJson.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new MessageStoreException("unreadable JSON in the message store", e);
        }
    }


    /** One queued message. Fields guarded by the queue's lock. */
    private static final class Entry {
        private StoredMessage msg;
        private ObjectNode payload;
        /** The caller's future, or null for a message of an earlier process (or session). */
        private CompletableFuture<ObjectNode> future;

        Entry(StoredMessage msg, ObjectNode payload, CompletableFuture<ObjectNode> future) {
            this.msg = msg;
            this.payload = payload;
            this.future = future;
        }
    }

    /** One planned wait. */
    private static final class Timer {
        private TimeoutScheduler.Cancellable cancellable;

        void cancel() {
            cancellable.cancel();
        }
    }

    /** State writes of one message being queued, applied with it. */
    private final class PendingState implements DeliveryPolicy.State {
        private final Map<String, String> puts = new LinkedHashMap<>();
        private final Map<String, Boolean> removes = new LinkedHashMap<>();

        @Override
        public String get(String key) {
            if (removes.containsKey(key)) {
                return null;
            }
            String v = puts.get(key);
            return v != null ? v : state.get(key);
        }

        @Override
        public void put(String key, String value) {
            puts.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            removes.remove(key);
        }

        @Override
        public void remove(String key) {
            puts.remove(key);
            removes.put(key, Boolean.TRUE);
        }

        void writeTo(MessageStore.Change change) {
            puts.forEach(change::putState);
            removes.keySet().forEach(change::removeState);
        }

        void applyTo(Map<String, String> target) {
            target.putAll(puts);
            removes.keySet().forEach(target::remove);
        }
    }

    /** Application state in the queue's store. */
    public interface StationState {
        /** The value of {@code key}, if set. */
        Optional<String> get(String key);

        /** All entries whose key starts with {@code prefix}. */
        Map<String, String> withPrefix(String prefix);

        /** Sets {@code key} durably (one store write). */
        void put(String key, String value);

        /** Removes {@code key} durably. */
        void remove(String key);
    }

    private final class StateAccess implements StationState {
        @Override
        public Optional<String> get(String key) {
            synchronized (lock) {
                return Optional.ofNullable(state.get(key));
            }
        }

        @Override
        public Map<String, String> withPrefix(String prefix) {
            Map<String, String> out = new LinkedHashMap<>();
            synchronized (lock) {
                for (Map.Entry<String, String> e : state.entrySet()) {
                    if (e.getKey().startsWith(prefix)) {
                        out.put(e.getKey(), e.getValue());
                    }
                }
            }
            return out;
        }

        @Override
        public void put(String key, String value) {
            synchronized (lock) {
                store.apply(new MessageStore.Change().putState(key, value));
                state.put(key, value);
            }
        }

        @Override
        public void remove(String key) {
            synchronized (lock) {
                store.apply(new MessageStore.Change().removeState(key));
                state.remove(key);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ interceptor

    private final class Interceptor implements CallInterceptor {
        @Override
        public CompletableFuture<ObjectNode> outgoing(OutgoingCall call, Outgoing next) {
            if (!takes(call.action(), call.payload(), call.options())) {
                return next.proceed(call);
            }
            return enqueue(call);
        }

        @Override
        public CompletionStage<ObjectNode> incoming(IncomingCall call, Incoming next) throws Exception {
            if (!policy.mayChangeSettings(call.action())) {
                return next.proceed(call);
            }
            ObjectNode request = call.payload().deepCopy();
            CompletionStage<ObjectNode> answer = next.proceed(call);
            return answer == null ? null : answer.thenApply(a -> {
                synchronized (lock) {
                    if (session != null && session != call.session()) {
                        return a;
                    }
                    DeliveryPolicy.RetrySettings changed = policy.changedSettings(call.action(), request, a, retry);
                    if (!changed.equals(retry)) {
                        LOG.info("Transaction message retries now {}", changed);
                        retry = changed;
                    }
                    policy.changedQueueAll(call.action(), request, a).ifPresent(on -> queueAll = on);
                }
                return a;
            });
        }
    }

    // ------------------------------------------------------------------------------------------------ builder

    /** Builds a {@link DeliveryQueue}. */
    public static final class Builder {
        private final DeliveryPolicy policy;
        private MessageStore store;
        private int maxMessages = 10_000;
        private long maxBytes = 16L * 1024 * 1024;
        private Duration replayDelay = Duration.ofSeconds(5);
        private Duration replayInterval = Duration.ofMillis(100);
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Clock clock = Clock.systemUTC();
        private DeliveryPolicy.RetrySettings retry;
        private boolean queueAll;
        private final List<DeliveryListener> listeners = new ArrayList<>();

        private Builder(DeliveryPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
        }

        /**
         * Where messages are kept; default a fresh {@link MessageStore#inMemory()} (lost with the process). The
         * queue reads it when built and does not close it.
         */
        public Builder store(MessageStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** At most this many messages queued; default 10,000. */
        public Builder maxMessages(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max must be at least 1");
            }
            this.maxMessages = max;
            return this;
        }

        /** At most this many bytes queued (see {@link StoredMessage#size()}); default 16 MiB. */
        public Builder maxBytes(long max) {
            if (max < 1) {
                throw new IllegalArgumentException("max must be at least 1");
            }
            this.maxBytes = max;
            return this;
        }

        /**
         * After a reconnect with messages waiting: start after a random delay of up to {@code maxInitialDelay} and
         * pause {@code interval} between messages until the queue is empty. Defaults 5 s and 100 ms; zero for
         * either turns it off.
         */
        public Builder replayPacing(Duration maxInitialDelay, Duration interval) {
            this.replayDelay = requireNotNegative(maxInitialDelay, "maxInitialDelay");
            this.replayInterval = requireNotNegative(interval, "interval");
            return this;
        }

        /** The source of the random part of the replay delay, values in [0, 1); for tests. */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The clock messages are stamped with when queued; default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The retry settings until the CSMS changes them; default the policy's. */
        public Builder retrySettings(DeliveryPolicy.RetrySettings settings) {
            this.retry = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Queue every message but BootNotification and Heartbeat (2.0.1 {@code QueueAllMessages}); default off. */
        public Builder queueAllMessages(boolean on) {
            this.queueAll = on;
            return this;
        }

        /** A listener from the start, so that it hears about messages queued before a restart. */
        public Builder listener(DeliveryListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the queue and reads its store.
         *
         * @throws MessageStoreException if the store cannot be read
         */
        public DeliveryQueue build() {
            if (store == null) {
                store = MessageStore.inMemory();
            }
            return new DeliveryQueue(this);
        }

        private static Duration requireNotNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return d;
        }
    }
}
