package dev.ocpp.core.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sequence numbers seen in one transaction, as disjoint closed ranges. A station numbers a transaction's
 * events one after the other (OCPP 2.0.1 TransactionEventRequest.seqNo), so in the usual case this is one range
 * whatever the length of the transaction; only holes cost memory, and {@link #trim} bounds them. Not thread-safe:
 * the owner's lock guards it.
 */
final class SeqNoSet {

    /** First number of each range to its last, inclusive. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    int rangeCount() {
        return ranges.size();
    }

    boolean contains(long n) {
        Map.Entry<Long, Long> e = ranges.floorEntry(n);
        return e != null && e.getValue() >= n;
    }

    /** The lowest number seen; the set must not be empty. */
    long lowest() {
        return ranges.firstKey();
    }

    /** The highest number seen; the set must not be empty. */
    long highest() {
        return ranges.lastEntry().getValue();
    }

    /** Adds {@code n}, joining it with the ranges it touches. */
    void add(long n) {
        if (contains(n)) {
            return;
        }
        long first = n;
        long last = n;
        // Written without n - 1 and n + 1 where they would overflow: the peer chooses these numbers.
        Map.Entry<Long, Long> below = n == Long.MIN_VALUE ? null : ranges.floorEntry(n - 1);
        if (below != null && below.getValue() == n - 1) {
            first = below.getKey();
            ranges.remove(below.getKey());
        }
        Long aboveLast = n == Long.MAX_VALUE ? null : ranges.remove(n + 1);
        if (aboveLast != null) {
            last = aboveLast;
        }
        ranges.put(first, last);
    }

    /** The numbers in {@code [from, to]} not in the set, as ranges in ascending order. */
    List<TransactionTracker.Range> missingBetween(long from, long to) {
        List<TransactionTracker.Range> missing = new ArrayList<>();
        long next = from;
        boolean done = from > to;
        Map.Entry<Long, Long> start = ranges.floorEntry(from);
        Map<Long, Long> view = start == null ? ranges.subMap(from, true, to, true)
                : ranges.subMap(start.getKey(), true, to, true);
        for (Map.Entry<Long, Long> e : view.entrySet()) {
            if (done) {
                break;
            }
            if (e.getKey() > next) {
                missing.add(new TransactionTracker.Range(next, e.getKey() - 1));
            }
            if (e.getValue() >= to) {
                done = true;
            } else if (e.getValue() >= next) {
                next = e.getValue() + 1;
            }
        }
        if (!done) {
            missing.add(new TransactionTracker.Range(next, to));
        }
        return missing;
    }

    /**
     * Forgets the lowest ranges until at most {@code maxRanges} are left, so that a peer sending scattered numbers
     * cannot grow this without bound. Numbers forgotten are judged as never seen if they come again.
     */
    void trim(int maxRanges) {
        while (ranges.size() > maxRanges) {
            ranges.pollFirstEntry();
        }
    }
}
