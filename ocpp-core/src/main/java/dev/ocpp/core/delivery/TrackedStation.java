package dev.ocpp.core.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.delivery.TransactionTracker.Finding;
import dev.ocpp.core.delivery.TransactionTracker.Message;
import dev.ocpp.core.delivery.TransactionTracker.Phase;
import dev.ocpp.core.delivery.TransactionTracker.Range;
import dev.ocpp.core.spi.support.LogSafe;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link TransactionTracker} knows about one station identity, and its judgement of each message. Every method
 * takes this object's lock, held only to read and change the state here: never while a handler or listener runs.
 */
final class TrackedStation {

    private static final Logger LOG = LoggerFactory.getLogger(TrackedStation.class);

    private final String identity;
    private final TransactionTracker tracker;
    private final TransactionTracker.Rules rules;

    /** Open transactions by key, least recently heard of first. */
    private final LinkedHashMap<String, Txn> open = new LinkedHashMap<>(8, 0.75f, true);
    /** Ended transactions by key, least recently heard of first. */
    private final LinkedHashMap<String, Txn> ended = new LinkedHashMap<>(8, 0.75f, true);
    /**
     * Messages whose transaction the CSMS assigns (1.6 StartTransaction), by fingerprint digest, oldest first: their
     * copies are recognised before they carry a transaction key.
     */
    private final LinkedHashMap<String, Attempt> unassigned = new LinkedHashMap<>();
    /**
     * Settled attempts, oldest first: the bound on remembered answers (and failures, and the first message ids of
     * numbered messages).
     */
    private final LinkedHashMap<Attempt, Boolean> settled = new LinkedHashMap<>();

    TrackedStation(String identity, TransactionTracker tracker, TransactionTracker.Rules rules) {
        this.identity = identity;
        this.tracker = tracker;
        this.rules = rules;
    }

    /** How a message was judged. */
    enum Kind {
        /** New (or a copy of one whose handling failed): the handler answers it; settle the attempt afterwards. */
        FIRST,
        /** A copy of a message still being handled: judge it again once {@code pending} completes. */
        WAIT,
        /** A copy of a message answered before; {@code answer} is the answer if still remembered. */
        DUPLICATE
    }

    record Decision(Kind kind, Attempt attempt, CompletableFuture<ObjectNode> pending, ObjectNode answer,
                    Finding.Duplicate duplicate, List<Finding> findings) {
    }

    /**
     * One handling of a message: its outcome while in flight, then its answer while remembered. The lock of the
     * station that made it guards its fields.
     */
    static final class Attempt {
        /** Where it is kept, to forget it: a transaction (numbered or fingerprinted) or none (unassigned). */
        final Txn txn;
        final Long seqNo;
        String messageId;
        /**
         * Incomplete while being handled; then completed with the answer or failed. {@code null} once the answer is
         * forgotten (the position is still known).
         */
        CompletableFuture<ObjectNode> outcome = new CompletableFuture<>();
        /** For an unassigned message: the transaction its answer assigned, once known. */
        String assigned;

        Attempt(Txn txn, Long seqNo, String messageId) {
            this.txn = txn;
            this.seqNo = seqNo;
            this.messageId = messageId;
        }
    }

    /** One transaction's state. */
    static final class Txn {
        final String key;
        final SeqNoSet seqNos = new SeqNoSet();
        /** Attempts of numbered messages by number; only those in flight or with a remembered outcome. */
        final Map<Long, Attempt> bySeqNo = new HashMap<>();
        /** Attempts of fingerprinted messages by digest, oldest first; the fingerprint outlives the answer. */
        final LinkedHashMap<String, Attempt> byFingerprint = new LinkedHashMap<>();
        Long startedSeqNo;
        Instant newest;

        Txn(String key) {
            this.key = key;
        }
    }

    // ------------------------------------------------------------------ judging

    synchronized Decision decide(String action, String messageId, Message m) {
        List<Finding> findings = new ArrayList<>(1);
        if (m.transaction() == null) {
            return decideUnassigned(action, messageId, m, findings);
        }
        Txn txn = transaction(m.transaction(), m.phase(), action, messageId, findings);
        Decision d = m.seqNo() != null ? decideNumbered(txn, action, messageId, m, findings)
                : decideFingerprinted(txn, action, messageId, m, findings);
        if (d.kind() == Kind.FIRST && m.phase() == Phase.END && open.remove(txn.key) != null) {
            ended.put(txn.key, txn);
            evict(ended, tracker.maxEndedTransactions);
        }
        return d;
    }

    private Decision decideUnassigned(String action, String messageId, Message m, List<Finding> findings) {
        String digest = digest(m.fingerprint());
        Attempt a = unassigned.get(digest);
        if (a != null) {
            return copyOf(a, action, messageId, a.assigned, m.matched(), findings);
        }
        a = new Attempt(null, null, messageId);
        unassigned.put(digest, a);
        // Bounded like the transactions they start; the oldest is forgotten first.
        int max = tracker.maxOpenTransactions + tracker.maxEndedTransactions;
        Iterator<Attempt> it = unassigned.values().iterator();
        while (unassigned.size() > max) {
            Attempt gone = it.next();
            it.remove();
            settled.remove(gone);
        }
        return new Decision(Kind.FIRST, a, null, null, null, findings);
    }

    private Decision decideNumbered(Txn txn, String action, String messageId, Message m, List<Finding> findings) {
        long n = m.seqNo();
        if (txn.seqNos.contains(n)) {
            Attempt a = txn.bySeqNo.get(n);
            if (a == null) {
                // Seen, but the answer and first message id are forgotten.
                Finding.Duplicate dup = new Finding.Duplicate(identity, action, txn.key, messageId, null,
                        m.matched() + " " + n, false);
                findings.add(dup);
                return new Decision(Kind.DUPLICATE, null, null, null, dup, findings);
            }
            return copyOf(a, action, messageId, txn.key, m.matched() + " " + n, findings);
        }
        if (!txn.seqNos.isEmpty()) {
            long lowest = txn.seqNos.lowest();
            long highest = txn.seqNos.highest();
            if (n > highest) {
                if (n - 1 > highest) {
                    findings.add(new Finding.Gap(identity, action, txn.key, messageId, n,
                            new Range(highest + 1, n - 1)));
                }
            } else {
                findings.add(new Finding.OutOfOrder(identity, action, txn.key, messageId, Long.toString(n),
                        Long.toString(highest), n > lowest));
                if (n + 1 < lowest) {
                    findings.add(new Finding.Gap(identity, action, txn.key, messageId, n,
                            new Range(n + 1, lowest - 1)));
                }
            }
        }
        txn.seqNos.add(n);
        txn.seqNos.trim(tracker.maxPositionsPerTransaction);
        if (m.phase() == Phase.START) {
            txn.startedSeqNo = n;
        }
        if (m.phase() == Phase.END) {
            long lowest = txn.seqNos.lowest();
            List<Range> missing = txn.seqNos.missingBetween(lowest, n);
            Long started = txn.startedSeqNo;
            if (!missing.isEmpty() || (started != null && started != lowest)) {
                findings.add(new Finding.Incomplete(identity, action, txn.key, messageId, missing, started, lowest));
            }
        }
        Attempt a = new Attempt(txn, n, messageId);
        txn.bySeqNo.put(n, a);
        return new Decision(Kind.FIRST, a, null, null, null, findings);
    }

    private Decision decideFingerprinted(Txn txn, String action, String messageId, Message m,
                                         List<Finding> findings) {
        String digest = digest(m.fingerprint());
        Attempt a = txn.byFingerprint.get(digest);
        if (a != null) {
            return copyOf(a, action, messageId, txn.key, m.matched(), findings);
        }
        if (m.time() != null) {
            if (txn.newest != null && m.time().isBefore(txn.newest)) {
                findings.add(new Finding.OutOfOrder(identity, action, txn.key, messageId, m.time().toString(),
                        txn.newest.toString(), false));
            } else {
                txn.newest = m.time();
            }
        }
        a = new Attempt(txn, null, messageId);
        txn.byFingerprint.put(digest, a);
        Iterator<Attempt> it = txn.byFingerprint.values().iterator();
        while (txn.byFingerprint.size() > tracker.maxPositionsPerTransaction) {
            Attempt gone = it.next();
            it.remove();
            settled.remove(gone);
        }
        return new Decision(Kind.FIRST, a, null, null, null, findings);
    }

    /** A message whose position was seen before, handled by attempt {@code a}. */
    private Decision copyOf(Attempt a, String action, String messageId, String transaction, String matched,
                            List<Finding> findings) {
        CompletableFuture<ObjectNode> outcome = a.outcome;
        if (outcome != null && !outcome.isDone()) {
            return new Decision(Kind.WAIT, null, outcome, null, null, findings);
        }
        if (outcome != null && outcome.isCompletedExceptionally()) {
            // Its handling failed, so the station had a CALLERROR (or nothing) and sends it again as it should
            // (1.6 §3.7.1, 2.0.1 E13): no duplicate, a new attempt at the same position.
            a.messageId = messageId;
            a.outcome = new CompletableFuture<>();
            settled.remove(a);
            return new Decision(Kind.FIRST, a, null, null, null, findings);
        }
        ObjectNode answer = outcome == null ? null : outcome.getNow(null);
        boolean replayed = answer != null && tracker.duplicates() == TransactionTracker.Duplicates.REPLAY;
        if (answer != null) {
            // Used again: the answer is kept longer.
            settled.remove(a);
            settled.put(a, Boolean.TRUE);
        }
        Finding.Duplicate dup = new Finding.Duplicate(identity, action, transaction, messageId, a.messageId, matched,
                replayed);
        findings.add(dup);
        return new Decision(Kind.DUPLICATE, a, null, replayed ? answer : null, dup, findings);
    }

    /** The transaction {@code key}, made (and reported unknown unless it starts here) if not known yet. */
    private Txn transaction(String key, Phase phase, String action, String messageId, List<Finding> findings) {
        Txn txn = open.get(key);
        if (txn == null) {
            txn = ended.get(key);
        }
        if (txn == null) {
            txn = open(key);
            if (phase != Phase.START) {
                // Once: from now on the transaction is known.
                findings.add(new Finding.UnknownTransaction(identity, action, key, messageId));
            }
        }
        return txn;
    }

    private Txn open(String key) {
        Txn txn = new Txn(key);
        open.put(key, txn);
        evict(open, tracker.maxOpenTransactions);
        return txn;
    }

    private void evict(LinkedHashMap<String, Txn> map, int max) {
        Iterator<Txn> it = map.values().iterator();
        while (map.size() > max) {
            Txn gone = it.next();
            it.remove();
            gone.bySeqNo.values().forEach(settled::remove);
            gone.byFingerprint.values().forEach(settled::remove);
        }
    }

    // ------------------------------------------------------------------ outcomes

    /**
     * Records the outcome of attempt {@code a}: the answer ({@code failure == null}) or a failure. Never throws: it
     * runs in the stage that carries the answer to the station.
     */
    void settle(Attempt a, String action, Message m, ObjectNode answer, Throwable failure) {
        CompletableFuture<ObjectNode> outcome;
        try {
            synchronized (this) {
                outcome = a.outcome;
                if (failure == null && m.transaction() == null) {
                    assign(a, action, m, answer);
                }
                if (failure == null && tracker.duplicates() == TransactionTracker.Duplicates.PASS_ON) {
                    // Nothing is replayed, so the answer is not kept; the attempt still names the first copy.
                    a.outcome = null;
                }
                settled.remove(a);
                settled.put(a, Boolean.TRUE);
                Iterator<Attempt> it = settled.keySet().iterator();
                while (settled.size() > tracker.maxRememberedAnswers) {
                    Attempt gone = it.next();
                    it.remove();
                    gone.outcome = null;
                    forgetSeqNoAttempt(gone);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: could not record the answer to {}", LogSafe.escape(identity), LogSafe.escape(action), e);
            return;
        }
        if (outcome == null) {
            return;
        }
        // Outside the lock: copies waiting for it are judged again, which takes the lock.
        if (failure == null) {
            outcome.complete(answer.deepCopy());
        } else {
            outcome.completeExceptionally(failure);
        }
    }

    private void assign(Attempt a, String action, Message m, ObjectNode answer) {
        Optional<String> key;
        try {
            key = rules.assignedTransaction(action, answer);
        } catch (RuntimeException e) {
            LOG.warn("{}: could not read the transaction assigned by the answer to {}", LogSafe.escape(identity),
                    LogSafe.escape(action), e);
            key = Optional.empty();
        }
        if (key.isEmpty()) {
            return;
        }
        a.assigned = key.get();
        Txn txn = open.get(a.assigned);
        if (txn == null) {
            txn = ended.get(a.assigned);
        }
        if (txn == null) {
            txn = open(a.assigned);
        }
        if (m.time() != null && (txn.newest == null || m.time().isAfter(txn.newest))) {
            txn.newest = m.time();
        }
    }

    private static void forgetSeqNoAttempt(Attempt a) {
        if (a.txn != null && a.seqNo != null) {
            a.txn.bySeqNo.remove(a.seqNo, a);
        }
    }

    // ------------------------------------------------------------------ sizes

    synchronized int openCount() {
        return open.size();
    }

    synchronized int endedCount() {
        return ended.size();
    }

    synchronized int answerCount() {
        int n = 0;
        for (Attempt a : settled.keySet()) {
            if (a.outcome != null && a.outcome.isDone() && !a.outcome.isCompletedExceptionally()) {
                n++;
            }
        }
        return n;
    }

    /**
     * A fixed-size stand-in for a fingerprint: the peer decides how long fingerprints are (a MeterValues may carry
     * many samples), the memory kept for each must not depend on it.
     */
    private static String digest(String fingerprint) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
