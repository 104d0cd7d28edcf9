package dev.ocpp.examples.station;

import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.delivery.DeliveryQueueFullException;
import dev.ocpp.core.delivery.MessageStoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A station's durable bookkeeping of its transactions, kept in its delivery queue's {@link DeliveryQueue#state()}
 * (the same store as the queued messages, so that the two survive or vanish together):
 * <ul>
 *   <li>{@code station/open/<connector>}: the {@link OpenTransaction} running there, from just before its first
 *       message is queued until its last one is;</li>
 *   <li>{@code station/transactions}: the number of the last transaction begun, so that a restarted station does not
 *       name a new transaction's messages as an old one's that may still be queued;</li>
 *   <li>{@code station/meterWh}: the energy register when the last transaction ended, so that it keeps rising across
 *       restarts as a real meter's does.</li>
 * </ul>
 * Each change is one store write. Not thread-safe by itself: the station serialises its calls.
 */
final class TransactionRecords {

    private static final String OPEN = "station/open/";
    private static final String COUNTER = "station/transactions";
    private static final String METER = "station/meterWh";

    private final DeliveryQueue.StationState state;

    TransactionRecords(DeliveryQueue.StationState state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    /** Takes the next transaction number (1 for a station's first). */
    long nextNumber() {
        long next = state.get(COUNTER).map(Long::parseLong).orElse(0L) + 1;
        state.put(COUNTER, Long.toString(next));
        return next;
    }

    /** Records {@code t} as the transaction running on its connector (new, or a later reading of it). */
    void put(OpenTransaction t) {
        state.put(OPEN + t.connector(), t.toJson());
    }

    /** The transaction on {@code connector} has ended (its last message is queued) with the register at {@code wh}. */
    /**
     * Takes {@code record} off the books once the message that ends it ({@code last}) is queued: the queue has it
     * now. If the queue had no room or its store failed, the record stays, so that the next start ends the
     * transaction.
     */
    void endedOnceQueued(CompletableFuture<?> last, Consumer<String> print, OpenTransaction record, int meterWh) {
        Throwable refused = last.isCompletedExceptionally() ? last.handle((a, e) -> e).join() : null;
        while (refused instanceof CompletionException && refused.getCause() != null) {
            refused = refused.getCause();
        }
        if (refused instanceof DeliveryQueueFullException || refused instanceof MessageStoreException) {
            print.accept("Transaction tx" + record.number() + " could not be ended now (" + Async.describe(refused)
                    + "); it stays on record and is ended at the next start");
            return;
        }
        ended(record.connector(), meterWh);
    }

    void ended(int connector, int wh) {
        state.put(METER, Integer.toString(wh));
        state.remove(OPEN + connector);
    }

    /** Forgets the record of {@code connector} without a reading, e.g. one that could not be read. */
    void forget(int connector) {
        state.remove(OPEN + connector);
    }

    /**
     * The transactions left open, by connector; an unreadable record is reported to {@code unreadable} and
     * dropped, since nothing could be ended with it.
     */
    List<OpenTransaction> open(Consumer<String> unreadable) {
        List<OpenTransaction> out = new ArrayList<>();
        for (Map.Entry<String, String> e : state.withPrefix(OPEN).entrySet()) {
            try {
                out.add(OpenTransaction.fromJson(e.getValue()));
            } catch (IllegalArgumentException bad) {
                unreadable.accept(e.getKey() + ": " + bad.getMessage());
                state.remove(e.getKey());
            }
        }
        out.sort(Comparator.comparingInt(OpenTransaction::connector));
        return out;
    }

    /** The highest reading on record (the last ended transaction's, or an open one's), Wh; 0 for a new station. */
    int meterWh() {
        int wh = state.get(METER).map(Integer::parseInt).orElse(0);
        for (String json : state.withPrefix(OPEN).values()) {
            try {
                wh = Math.max(wh, OpenTransaction.fromJson(json).meterWh());
            } catch (IllegalArgumentException bad) {
                // Reported and dropped by open(); the reading is only a floor.
            }
        }
        return wh;
    }
}
