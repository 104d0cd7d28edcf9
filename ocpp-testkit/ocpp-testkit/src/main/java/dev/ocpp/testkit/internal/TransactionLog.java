package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.delivery.StoredMessage;
import dev.ocpp.core.typed.OcppJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a simulated station remembers of its open transactions so that it can end them after a power cut, kept in its
 * delivery queue's {@link DeliveryQueue#state() station state}: the same store as the queued messages, so that the
 * two survive (or vanish) together.
 * <ul>
 *   <li>{@code testkit/open/<transaction key>}: one {@link Open record} per open transaction (its connector, key,
 *       id, token, last meter reading and start time), written once the message that begins it is queued, rewritten
 *       at each new reading, removed once the message that ends it is queued: the queue has the transaction from
 *       then on;</li>
 *   <li>{@code testkit/transactions}: the number of the last 1.6 transaction begun. A restarted station names its
 *       next StartTransaction after it: a key of the earlier run may still be queued, or its transactionId still
 *       remembered by the queue, and must not be taken for the new transaction's.</li>
 * </ul>
 * The records found when the station is built were left open by an earlier station on the same store (closed
 * mid-transaction, which is a power cut: {@code close()} never ends a transaction). {@link #endLeftOpen} ends each of
 * them once, through the queue, with reason PowerLoss (1.6 §4.10, 2.0.1 stoppedReason PowerLoss): after the messages
 * still queued from before, since the queue delivers in the order messages were queued (1.6 §3.7, 2.0.1 E04).
 * Transactions begun by this station are not among them. Thread-safe; one store write per change.
 */
public final class TransactionLog {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionLog.class);
    private static final String OPEN = "testkit/open/";
    private static final String COUNTER = "testkit/transactions";

    private final DeliveryQueue queue;
    private final DeliveryQueue.StationState state;
    /** Guarded by {@code this}: the records an earlier station left, until {@link #endLeftOpen} ends them. */
    private List<Open> leftOpen;

    /** The log of the station whose transaction messages go through {@code queue}; reads what its store holds. */
    public TransactionLog(DeliveryQueue queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.state = queue.state();
        List<Open> found = new ArrayList<>();
        for (Map.Entry<String, String> e : state.withPrefix(OPEN).entrySet()) {
            try {
                found.add(Open.fromJson(e.getValue()));
            } catch (IllegalArgumentException unreadable) {
                // Nothing could be ended with it; keeping it would only report it again at every restart.
                LOG.warn("Unreadable open-transaction record {} dropped", e.getKey(), unreadable);
                state.remove(e.getKey());
            }
        }
        found.sort(Comparator.comparingInt(Open::connector).thenComparing(Open::startedAt));
        this.leftOpen = found;
    }

    /**
     * The station's name of a new transaction, {@code <identity>/tx<n>}, numbered on from the last one this store saw
     * (see the class notes). Its messages are queued under keys made from it ({@link #startKey}, {@link #messageKey},
     * {@link #endKey}), so that a log of the queue reads as the story of each transaction.
     */
    public synchronized String newTransactionKey(String identity) {
        long next = state.get(COUNTER).map(Long::parseLong).orElse(0L) + 1;
        state.put(COUNTER, Long.toString(next));
        return identity + "/tx" + next;
    }

    /** The queue key of the message that begins the transaction named {@code transactionKey}. */
    public static String startKey(String transactionKey) {
        return transactionKey + "/start";
    }

    /** The queue key of the {@code n}th {@code kind} message (meter, update) of the transaction. */
    public static String messageKey(String transactionKey, String kind, int n) {
        return transactionKey + "/" + kind + n;
    }

    /**
     * The key under which the message that ends the transaction named {@code transactionKey} is queued: known in
     * advance, so that a restart can tell whether the end was queued before the power cut.
     */
    public static String endKey(String transactionKey) {
        return transactionKey + "/end";
    }

    /**
     * The transaction on {@code c} began at {@code at}, and {@code queued} is the call that queued its first message:
     * recorded unless the queue refused that message (then the CSMS will never hear of it, and there is nothing to
     * end after a restart).
     */
    public synchronized void begun(ConnectorState c, Instant at, CompletableFuture<?> queued) {
        if (!wasQueued(queued)) {
            return;
        }
        String key = c.transactionKey();
        if (key == null) {
            return;
        }
        write(new Open(c.id(), key, c.ownTransactionId(), c.token(), c.meterWh(), at));
    }

    /** The transaction on {@code c} has a new reading or token: its record follows, if it has one. */
    public synchronized void changed(ConnectorState c) {
        String key = c.transactionKey();
        if (key == null) {
            return;
        }
        state.get(OPEN + key).map(Open::fromJson).ifPresent(o ->
                write(new Open(o.connector(), key, o.transactionId(), c.token(), c.meterWh(), o.startedAt())));
    }

    /**
     * The message that ends the transaction named {@code transactionKey} was handed to the queue by {@code queued}:
     * the record goes, unless the queue refused the message (no room, a failing store), in which case it stays so
     * that the next station built on the store ends the transaction.
     */
    public synchronized void endedOnceQueued(String transactionKey, CompletableFuture<?> queued) {
        if (wasQueued(queued)) {
            state.remove(OPEN + transactionKey);
        } else {
            LOG.warn("The end of transaction {} was not queued; its record stays for the next start", transactionKey);
        }
    }

    /**
     * Ends each transaction an earlier station on the same store left open, once (later calls find none): through
     * {@code script}'s {@link StationScript#endAfterPowerLoss}, unless the message that ends it was queued before the
     * power cut already. A transaction the queue cannot end (1.6: its StartTransaction neither queued nor answered, so
     * the CSMS has no transactionId for it) is forgotten.
     */
    public void endLeftOpen(StationScript.Context ctx, StationScript script) {
        List<Open> open;
        synchronized (this) {
            open = leftOpen;
            leftOpen = List.of();
        }
        if (open.isEmpty()) {
            return;
        }
        Set<String> queued = queue.pending().stream().map(StoredMessage::key).collect(Collectors.toSet());
        for (Open t : open) {
            if (queued.contains(endKey(t.key()))) {
                // The power cut came between queueing the end and removing the record: ended already.
                forget(t);
                continue;
            }
            CompletableFuture<ObjectNode> ending;
            try {
                ending = script.endAfterPowerLoss(ctx, t);
            } catch (RuntimeException e) {
                ending = CompletableFuture.failedFuture(e);
            }
            Throwable refused = refusal(ending);
            if (refused instanceof IllegalArgumentException) {
                LOG.info("Transaction {} left open cannot be ended ({}); forgotten", t.key(), refused.getMessage());
                forget(t);
            } else {
                LOG.info("Transaction {} left open on connector {} ended after the restart (PowerLoss)", t.key(),
                        t.connector());
                endedOnceQueued(t.key(), ending);
            }
            ending.whenComplete((a, e) -> {
                if (e != null) {
                    LOG.debug("The PowerLoss end of transaction {} was not delivered", t.key(), e);
                }
            });
        }
    }

    private synchronized void forget(Open t) {
        state.remove(OPEN + t.key());
    }

    private void write(Open record) {
        state.put(OPEN + record.key(), record.toJson());
    }

    /**
     * Whether the call handed its message to the queue's store: it did unless it failed at once, but for a session
     * closed meanwhile (the queue keeps the message in the store then, for the next station built on it).
     */
    private static boolean wasQueued(CompletableFuture<?> call) {
        Throwable refused = refusal(call);
        return refused == null || refused instanceof ConnectionClosedException;
    }

    /** The failure {@code call} completed with at once, or null. */
    private static Throwable refusal(CompletableFuture<?> call) {
        if (!call.isCompletedExceptionally()) {
            return null;
        }
        Throwable t = call.handle((a, e) -> e).join();
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * One open transaction as recorded.
     *
     * @param connector     the connector (1.6) or EVSE (2.0.1) it runs on
     * @param key           the station's name of it, {@code <identity>/tx<n>}, from which its queue keys are made
     * @param transactionId the 2.0.1 transactionId; null in 1.6, whose id the CSMS gives (the queue keeps it)
     * @param token         the 1.6 idTag or 2.0.1 IdTokenType that authorized it, or null
     * @param meterWh       the last meter reading, Wh
     * @param startedAt     when it began
     */
    public record Open(int connector, String key, String transactionId, JsonNode token, double meterWh,
                       Instant startedAt) {

        public Open {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(startedAt, "startedAt");
        }

        String toJson() {
            ObjectNode o = OcppJson.mapper().createObjectNode().put("connector", connector).put("key", key);
            if (transactionId != null) {
                o.put("transactionId", transactionId);
            }
            if (token != null) {
                o.set("token", token.deepCopy());
            }
            return o.put("meterWh", meterWh).put("startedAt", startedAt.toString()).toString();
        }

        /**
         * Reads what {@link #toJson()} wrote.
         *
         * @throws IllegalArgumentException if it is not such a record
         */
        static Open fromJson(String json) {
            try {
                JsonNode o = OcppJson.mapper().readTree(json);
                JsonNode id = o.get("transactionId");
                JsonNode token = o.get("token");
                if (!o.path("key").isTextual() || !o.path("startedAt").isTextual()) {
                    throw new IllegalArgumentException("no key or start time");
                }
                return new Open(o.path("connector").asInt(1), o.path("key").asText(),
                        id == null || id.isNull() ? null : id.asText(),
                        token == null || token.isNull() ? null : token, o.path("meterWh").asDouble(),
                        Instant.parse(o.path("startedAt").asText()));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("not an open-transaction record: " + json, e);
            }
        }
    }
}
