package dev.ocpp.core.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallInterceptor;
import dev.ocpp.core.IncomingCall;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.spi.support.LogSafe;
import dev.ocpp.core.typed.CallContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Duplicate and gap detection for the transaction messages a CSMS receives, as a {@link CallInterceptor} of its
 * sessions: what makes a CSMS idempotent towards a station with durable delivery.
 *
 * <p><b>Why.</b> A station keeps its transaction messages until they are answered and sends them again when the
 * answer does not come: after a CALLERROR (OCPP 1.6 §3.7.1, 2.0.1 Part 2 E13.FR.02), after no answer within the
 * message timeout (E13), and after a connection that was cut while one was in flight, once it is back (1.6 §3.7,
 * E04.FR.01). When the CSMS had processed the message and only its CALLRESULT was lost, the CSMS receives it twice.
 * Handled twice, a 1.6 StartTransaction opens a second transaction with a second transactionId, and meter values
 * are counted twice.
 *
 * <p><b>What it does.</b> For every incoming CALL that the version's {@link Rules} call a transaction message, the
 * tracker keeps, per station identity and per transaction, what it has seen, and decides:
 * <ul>
 *   <li><b>new</b>: the handler answers it, and the answer is remembered;</li>
 *   <li><b>duplicate</b> (the same position or fingerprint seen before in that transaction): with
 *       {@link Duplicates#REPLAY} (the default) answered with the answer the CSMS gave the first time, without
 *       calling the handler again, so a 1.6 StartTransaction sent again gets the same transactionId; with
 *       {@link Duplicates#PASS_ON}, and whenever that answer is no longer remembered, handled again, the handler
 *       telling it by {@link #isDuplicate(IncomingCall)}. A duplicate of a call that is still being handled waits
 *       for that call's answer (composing on it, never blocking a thread). A message whose first handling failed
 *       (a CALLERROR, which the station answers by sending it again) is handled again, as new.</li>
 * </ul>
 * and reports {@link Finding}s to the {@link #onFinding listeners}: duplicates, gaps in the numbering, transactions
 * that ended with messages missing, messages that arrive late, and messages of transactions it never saw start.
 * Other calls pass through untouched.
 *
 * <p><b>Installing it.</b> Add it to the CSMS's handlers after validation and boot gating (with
 * {@code Handlers.Builder.intercept}, or {@code intercept} on a typed server builder), so that it sees only calls
 * that reach a handler. The versions' presets are {@code Ocpp16Delivery.tracker()} and
 * {@code Ocpp201Delivery.tracker()}. One tracker serves any number of sessions and servers; state is kept per
 * station identity, so it survives reconnects (the retransmission usually comes on a new connection).
 *
 * <p><b>Memory</b> is bounded by the configuration, never by what a peer sends: the identities tracked (least
 * recently used forgotten first), open and ended transactions per identity (oldest forgotten first), positions
 * per transaction, and answers remembered per identity; see {@link Builder} for the defaults. A message whose
 * earlier copy was forgotten is judged new. State lives in this process only: after a restart, the first messages
 * of running transactions are reported as {@link Finding.UnknownTransaction}.
 *
 * <p><b>Threads.</b> As every interceptor, it runs on the handler executor (ocpp-core/docs/threading.md rule 5);
 * it never blocks and never waits for I/O. Each identity's state has its own lock, held only to read and change
 * that state, never while a handler or listener runs, so stations do not wait for each other. Listeners run on the
 * handler executor and must be quick; what they throw is logged and ignored.
 */
public final class TransactionTracker implements CallInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionTracker.class);

    private final Rules rules;
    private final Duplicates duplicates;
    final int maxIdentities;
    final int maxOpenTransactions;
    final int maxEndedTransactions;
    final int maxRememberedAnswers;
    final int maxPositionsPerTransaction;
    private final List<Consumer<? super Finding>> listeners = new CopyOnWriteArrayList<>();

    /** Station identity to its state, least recently used first; guarded by itself. */
    private final LinkedHashMap<String, TrackedStation> stations = new LinkedHashMap<>(16, 0.75f, true);

    /** Duplicates being handled again (PASS_ON, or answer forgotten), for {@link #isDuplicate}. */
    private final Map<CallKey, Finding.Duplicate> handlingAgain = new ConcurrentHashMap<>();

    private TransactionTracker(Builder b) {
        this.rules = b.rules;
        this.duplicates = b.duplicates;
        this.maxIdentities = b.maxIdentities;
        this.maxOpenTransactions = b.maxOpenTransactions;
        this.maxEndedTransactions = b.maxEndedTransactions;
        this.maxRememberedAnswers = b.maxRememberedAnswers;
        this.maxPositionsPerTransaction = b.maxPositionsPerTransaction;
        this.listeners.addAll(b.listeners);
    }

    /** A builder for a tracker that judges messages by {@code rules}; the version modules' presets supply them. */
    public static Builder builder(Rules rules) {
        return new Builder(rules);
    }

    /**
     * Adds a listener for findings. Listeners run on the handler executor, in the order added; one that throws is
     * logged and does not keep the others or the call from going on.
     */
    public TransactionTracker onFinding(Consumer<? super Finding> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Whether {@code call}, being handled now, is a duplicate that the tracker let through to the handler: always
     * under {@link Duplicates#PASS_ON}, and under {@link Duplicates#REPLAY} when the first answer is no longer
     * remembered. Meant for the handler of that call; false once it has been answered, and for every other call.
     */
    public boolean isDuplicate(IncomingCall call) {
        return duplicateOf(call.session(), call.messageId()).isPresent();
    }

    /** As {@link #isDuplicate(IncomingCall)}, for a typed handler's {@link CallContext}. */
    public boolean isDuplicate(CallContext context) {
        return duplicateOf(context.session(), context.messageId()).isPresent();
    }

    /**
     * The {@link Finding.Duplicate} of the call {@code messageId} of {@code session} while a handler handles it
     * again (see {@link #isDuplicate(IncomingCall)}): what it duplicates.
     */
    public Optional<Finding.Duplicate> duplicateOf(OcppSession session, String messageId) {
        return Optional.ofNullable(handlingAgain.get(new CallKey(session, messageId)));
    }

    /** How many identities are tracked now (at most {@link Builder#maxIdentities}). */
    public int identities() {
        synchronized (stations) {
            return stations.size();
        }
    }

    /** How many transactions of {@code identity} are open (started or updated, not ended) in the tracker's view. */
    public int openTransactions(String identity) {
        TrackedStation s = existing(identity);
        return s == null ? 0 : s.openCount();
    }

    /** How many ended transactions of {@code identity} are remembered, to recognise late copies of their messages. */
    public int endedTransactions(String identity) {
        TrackedStation s = existing(identity);
        return s == null ? 0 : s.endedCount();
    }

    /** How many answers to {@code identity}'s transaction messages are remembered for replay. */
    public int rememberedAnswers(String identity) {
        TrackedStation s = existing(identity);
        return s == null ? 0 : s.answerCount();
    }

    /** Forgets everything about {@code identity}, e.g. when it is decommissioned. */
    public void forget(String identity) {
        synchronized (stations) {
            stations.remove(identity);
        }
    }

    // ------------------------------------------------------------------ the interceptor

    @Override
    public CompletionStage<ObjectNode> incoming(IncomingCall call, Incoming next) throws Exception {
        Message message;
        try {
            // Before the handler runs: it owns the payload and may change it.
            message = rules.identify(call.action(), call.payload()).orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("{}: could not tell whether {} {} is a transaction message; passed on untracked",
                    LogSafe.escape(call.session().identity()), LogSafe.escape(call.action()),
                    LogSafe.escape(call.messageId()), e);
            message = null;
        }
        if (message == null) {
            return next.proceed(call);
        }
        return handle(call, message, next);
    }

    private CompletionStage<ObjectNode> handle(IncomingCall call, Message message, Incoming next) throws Exception {
        TrackedStation station = station(call.session().identity());
        TrackedStation.Decision d = station.decide(call.action(), call.messageId(), message);
        publish(d.findings());
        switch (d.kind()) {
            case FIRST:
                return first(call, message, next, station, d.attempt());
            case WAIT:
                // The first copy is still being handled: judge this one again when its outcome is known, on the
                // handler executor (where a handler may then run), without holding a thread meanwhile.
                Executor executor = safe(call.session().config().executor());
                return d.pending().handleAsync((r, t) -> null, executor).thenCompose(ignored -> {
                    try {
                        return handle(call, message, next);
                    } catch (Exception e) {
                        return CompletableFuture.failedFuture(e);
                    }
                });
            case DUPLICATE:
            default:
                if (duplicates == Duplicates.REPLAY && d.answer() != null) {
                    return CompletableFuture.completedFuture(d.answer().deepCopy());
                }
                return handleAgain(call, next, d.duplicate());
        }
    }

    /** Lets the handler answer the first copy, and records the outcome before the station can see it. */
    private CompletionStage<ObjectNode> first(IncomingCall call, Message message, Incoming next,
                                              TrackedStation station, TrackedStation.Attempt attempt)
            throws Exception {
        CompletionStage<ObjectNode> answer;
        try {
            answer = next.proceed(call);
        } catch (Exception | Error e) {
            station.settle(attempt, call.action(), message, null, e);
            throw e;
        }
        if (answer == null) {
            station.settle(attempt, call.action(), message, null, new IllegalStateException("no answer"));
            return null;
        }
        return answer.whenComplete((result, failure) -> station.settle(attempt, call.action(), message, result,
                failure != null || result != null ? failure : new IllegalStateException("no answer")));
    }

    private CompletionStage<ObjectNode> handleAgain(IncomingCall call, Incoming next, Finding.Duplicate duplicate)
            throws Exception {
        CallKey key = new CallKey(call.session(), call.messageId());
        handlingAgain.put(key, duplicate);
        CompletionStage<ObjectNode> answer;
        try {
            answer = next.proceed(call);
        } catch (Exception | Error e) {
            handlingAgain.remove(key, duplicate);
            throw e;
        }
        if (answer == null) {
            handlingAgain.remove(key, duplicate);
            return null;
        }
        return answer.whenComplete((r, t) -> handlingAgain.remove(key, duplicate));
    }

    private void publish(List<Finding> findings) {
        for (Finding f : findings) {
            for (Consumer<? super Finding> l : listeners) {
                try {
                    l.accept(f);
                } catch (VirtualMachineError fatal) {
                    throw fatal;
                } catch (Throwable t) {
                    // A listener's failure must not become the station's CALLERROR nor hide the finding from others.
                    LOG.warn("{}: a transaction finding listener failed on {}", LogSafe.escape(f.identity()),
                            LogSafe.escape(String.valueOf(f), 512), t);
                }
            }
        }
    }

    private TrackedStation station(String identity) {
        synchronized (stations) {
            TrackedStation s = stations.get(identity);
            if (s == null) {
                s = new TrackedStation(identity, this, rules);
                stations.put(identity, s);
                if (stations.size() > maxIdentities) {
                    // Access order: the first is the identity whose messages came longest ago.
                    var eldest = stations.keySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
            }
            return s;
        }
    }

    private TrackedStation existing(String identity) {
        synchronized (stations) {
            // Not get(): looking does not count as use.
            for (Map.Entry<String, TrackedStation> e : stations.entrySet()) {
                if (e.getKey().equals(identity)) {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    Duplicates duplicates() {
        return duplicates;
    }

    /** The executor, falling back as the engine does when it refuses work (ocpp-core/docs/threading.md). */
    private static Executor safe(Executor executor) {
        return task -> {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                ForkJoinPool.commonPool().execute(task);
            }
        };
    }

    private record CallKey(OcppSession session, String messageId) {
    }

    // ------------------------------------------------------------------ the version SPI

    /**
     * What one OCPP version says about its transaction messages. The version modules implement it
     * ({@code Ocpp16Delivery.tracker()}, {@code Ocpp201Delivery.tracker()}); an application may supply its own.
     * Implementations are stateless, thread-safe and quick; what they throw is logged and the call passed on
     * untracked.
     */
    public interface Rules {

        /**
         * The transaction message {@code payload} is, or empty when it is none (other actions, a MeterValues
         * outside a transaction, a payload too broken to tell). Called before the handler, which owns the payload
         * afterwards.
         */
        Optional<Message> identify(String action, ObjectNode payload);

        /**
         * For a message whose transaction the CSMS names in its answer (a {@link Message} with no
         * {@link Message#transaction()}, the OCPP 1.6 StartTransaction): the transaction {@code answer} assigns.
         */
        default Optional<String> assignedTransaction(String action, ObjectNode answer) {
            return Optional.empty();
        }
    }

    /** Where a message stands in its transaction's life. */
    public enum Phase {
        /** It starts the transaction (1.6 StartTransaction, 2.0.1 TransactionEvent Started). */
        START,
        /** It reports on a running transaction (1.6 MeterValues with a transactionId, 2.0.1 Updated). */
        UPDATE,
        /** It ends the transaction (1.6 StopTransaction, 2.0.1 Ended). */
        END
    }

    /**
     * A transaction message as the {@link Rules} see it. Either numbered ({@link #seqNo()}: duplicates, gaps and
     * order follow from the numbers) or fingerprinted ({@link #fingerprint()}: a duplicate is a message of the same
     * transaction with the same fingerprint; order follows from {@link #time()}).
     *
     * @param transaction the transaction's key, or {@code null} when the CSMS assigns it in its answer
     *                    ({@link Rules#assignedTransaction}); fingerprints of such messages are compared across all
     *                    the identity's messages of that kind
     * @param phase       where it stands in the transaction
     * @param seqNo       its number in the transaction, or {@code null} for a fingerprinted message
     * @param fingerprint what a copy of it has in common with it, or {@code null} for a numbered message; kept as a
     *                    digest, so it may be long
     * @param matched     for the {@link Finding.Duplicate} report: which fields the fingerprint covers, or how the
     *                    number is called
     * @param time        when it happened, to notice messages older than the newest one seen; {@code null} if not
     *                    known or not used
     */
    public record Message(String transaction, Phase phase, Long seqNo, String fingerprint, String matched,
                          Instant time) {

        public Message {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(matched, "matched");
            if ((seqNo == null) == (fingerprint == null)) {
                throw new IllegalArgumentException("a message has either a seqNo or a fingerprint");
            }
            if (seqNo != null) {
                Objects.requireNonNull(transaction, "a numbered message names its transaction");
            }
        }

        /** A numbered message, e.g. an OCPP 2.0.1 TransactionEvent and its seqNo. */
        public static Message numbered(String transaction, Phase phase, long seqNo, String matched) {
            return new Message(transaction, phase, seqNo, null, matched, null);
        }

        /** A fingerprinted message, e.g. an OCPP 1.6 MeterValues and its meter values. */
        public static Message fingerprinted(String transaction, Phase phase, String fingerprint, String matched,
                                            Instant time) {
            return new Message(transaction, phase, null, Objects.requireNonNull(fingerprint, "fingerprint"),
                    matched, time);
        }
    }

    /**
     * Consecutive sequence numbers, both ends included.
     *
     * @param first the lowest
     * @param last  the highest
     */
    public record Range(long first, long last) {

        public Range {
            if (first > last) {
                throw new IllegalArgumentException(first + " > " + last);
            }
        }

        /** How many numbers it holds (saturated at {@code Long.MAX_VALUE}). */
        public long size() {
            long n = last - first + 1;
            return n <= 0 ? Long.MAX_VALUE : n;
        }

        @Override
        public String toString() {
            return first == last ? Long.toString(first) : first + ".." + last;
        }
    }

    /** What to do with a duplicate. */
    public enum Duplicates {
        /** Answer with the first copy's remembered answer; the handler does not see it. The default. */
        REPLAY,
        /** Let the handler answer it too; {@link #isDuplicate(IncomingCall)} tells it that it is a duplicate. */
        PASS_ON
    }

    // ------------------------------------------------------------------ findings

    /**
     * What the tracker noticed about a transaction message. Every finding names the station identity, the action
     * and message id of the CALL that revealed it, and the transaction's key (as the {@link Rules} give it: the
     * 2.0.1 transactionId, the 1.6 transactionId as text).
     */
    public sealed interface Finding {

        String identity();

        String action();

        /** The transaction's key. */
        String transaction();

        /** The message id of the CALL that revealed it. */
        String messageId();

        /**
         * A copy of a message seen before (same number, or same fingerprint, in the same transaction). Its
         * {@code transaction} is {@code null} only for a copy of a message whose transaction the answer was to assign
         * (1.6 StartTransaction) when that answer named none.
         *
         * @param firstMessageId the message id of the first copy, or {@code null} when no longer remembered
         * @param matched        what was equal, e.g. {@code "seqNo 3"} or the fingerprint's fields
         * @param replayed       whether it was answered with the remembered answer (otherwise the handler saw it)
         */
        record Duplicate(String identity, String action, String transaction, String messageId,
                         String firstMessageId, String matched, boolean replayed) implements Finding {
        }

        /**
         * Numbers skipped: {@code seqNo} arrived and {@code missing} lies between it and the nearest number seen
         * before (above the highest, or below the lowest). Each missing number is reported once; a later copy of one
         * of them is an {@link OutOfOrder} that fills the gap. A station short of memory may drop intermediate
         * Updated events of a transaction queued offline (OCPP 2.0.1 E04.FR.07/08): they show up here, rightly.
         */
        record Gap(String identity, String action, String transaction, String messageId, long seqNo,
                   Range missing) implements Finding {
        }

        /**
         * A transaction ended with numbers missing between the lowest seen and the ending message's, or with its
         * start not the lowest number seen (an event numbered before the start).
         *
         * @param missing      the numbers never seen, in ascending order; may be empty when only the start is amiss
         * @param startedSeqNo the number of the message that started it, or {@code null} if never seen
         * @param lowestSeqNo  the lowest number seen
         */
        record Incomplete(String identity, String action, String transaction, String messageId, List<Range> missing,
                          Long startedSeqNo, long lowestSeqNo) implements Finding {
            public Incomplete {
                missing = List.copyOf(missing);
            }
        }

        /**
         * A message that came after a newer one of its transaction: a number below the highest seen (filling a
         * reported gap, or below the lowest), or a time before the newest seen.
         *
         * @param arrived  its number or time
         * @param newest   the highest number or newest time seen before it
         * @param fillsGap whether it is one of the numbers a {@link Gap} reported missing
         */
        record OutOfOrder(String identity, String action, String transaction, String messageId, String arrived,
                          String newest, boolean fillsGap) implements Finding {
        }

        /**
         * A message of a transaction the tracker never saw start (e.g. a 1.6 StopTransaction or MeterValues for a
         * transactionId it did not assign, a 2.0.1 Updated whose Started it did not see). Reported once per
         * transaction. It may mean only that the tracker started (or forgot the transaction) after the transaction
         * did: state is not kept across restarts, and memory is bounded.
         */
        record UnknownTransaction(String identity, String action, String transaction, String messageId)
                implements Finding {
        }
    }

    // ------------------------------------------------------------------ builder

    /**
     * Builds a {@link TransactionTracker}. Defaults: duplicates {@link Duplicates#REPLAY}; 10 000 identities; per
     * identity 16 open and 16 ended transactions and 32 remembered answers; 64 positions per transaction. At these
     * limits a tracked identity costs a few kilobytes in the usual case (tens at most), answers excluded.
     */
    public static final class Builder {
        private final Rules rules;
        private Duplicates duplicates = Duplicates.REPLAY;
        private int maxIdentities = 10_000;
        private int maxOpenTransactions = 16;
        private int maxEndedTransactions = 16;
        private int maxRememberedAnswers = 32;
        private int maxPositionsPerTransaction = 64;
        private final List<Consumer<? super Finding>> listeners = new java.util.ArrayList<>();

        private Builder(Rules rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
        }

        /** What to do with a duplicate; {@link Duplicates#REPLAY} unless set. */
        public Builder duplicates(Duplicates mode) {
            this.duplicates = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** How many station identities are tracked; the least recently heard from is forgotten first. 10 000. */
        public Builder maxIdentities(int n) {
            this.maxIdentities = positive(n, "maxIdentities");
            return this;
        }

        /**
         * How many open transactions are kept per identity; the one least recently heard of is forgotten first. 16:
         * a station has few EVSEs, so more open at once means Ends were lost.
         */
        public Builder maxOpenTransactions(int n) {
            this.maxOpenTransactions = positive(n, "maxOpenTransactions");
            return this;
        }

        /**
         * How many ended transactions are kept per identity, so that a late copy of their messages (the End whose
         * answer was lost, above all) is still recognised; the oldest is forgotten first. 16.
         */
        public Builder maxEndedTransactions(int n) {
            this.maxEndedTransactions = positive(n, "maxEndedTransactions");
            return this;
        }

        /**
         * How many answers are remembered per identity for replay; the oldest is forgotten first (a duplicate
         * whose answer was forgotten is passed to the handler, marked). 32: a station re-sends the message it was
         * waiting for, so only the latest answers matter.
         */
        public Builder maxRememberedAnswers(int n) {
            this.maxRememberedAnswers = positive(n, "maxRememberedAnswers");
            return this;
        }

        /**
         * How many positions are remembered per transaction: ranges of sequence numbers (one in the usual case,
         * one more per hole) or fingerprints (one per message); the oldest are forgotten first. 64.
         */
        public Builder maxPositionsPerTransaction(int n) {
            this.maxPositionsPerTransaction = positive(n, "maxPositionsPerTransaction");
            return this;
        }

        /** Adds a finding listener (see {@link TransactionTracker#onFinding}). */
        public Builder onFinding(Consumer<? super Finding> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public TransactionTracker build() {
            return new TransactionTracker(this);
        }

        private static int positive(int n, String what) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1");
            }
            return n;
        }
    }
}
