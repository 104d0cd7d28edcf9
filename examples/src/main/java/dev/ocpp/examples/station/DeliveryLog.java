package dev.ocpp.examples.station;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.CallTimeoutException;
import dev.ocpp.core.delivery.DeliveryListener;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.delivery.StoredMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A station's {@link DeliveryListener}: prints, in the station's log, what its queue does with each transaction
 * message (queued with the depth, delivered after how many transmissions, sent again and why, discarded and why), and
 * counts the messages queued while the station had no connection and what became of them ({@link DeliveryTally}).
 * It hears about messages queued by an earlier run of the station too, which the queue delivers after a restart.
 * Called on the thread that queues and on the session's executor; never blocks. Thread-safe.
 */
final class DeliveryLog implements DeliveryListener {

    /** Someone waiting for a message to be queued ({@code delivered} false) or delivered. */
    private record Waiter(boolean delivered, Predicate<StoredMessage> matches,
                          CompletableFuture<StoredMessage> future) {
    }

    private final String keyPrefix;
    private final Consumer<String> print;
    private final BooleanSupplier offline;
    /** Set once the queue is built (the listener is given to its builder first); read for the depth printed. */
    private volatile DeliveryQueue queue;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}: transmissions that failed so far, by key, as the listener heard of them. */
    private final Map<String, Integer> failures = new HashMap<>();
    /** Guarded by {@link #lock}: keys of messages queued offline and not yet delivered or discarded. */
    private final Set<String> pendingOffline = new HashSet<>();
    /** Guarded by {@link #lock}. */
    private int queuedOffline;
    /** Guarded by {@link #lock}. */
    private int deliveredOffline;
    /** Guarded by {@link #lock}. */
    private int discardedOffline;
    /** Guarded by {@link #lock}. */
    private final List<Waiter> waiters = new ArrayList<>();

    /**
     * @param identity the station's, which starts its message keys and need not be printed again
     * @param print    the station's log
     * @param offline  whether the station has no connection now
     */
    DeliveryLog(String identity, Consumer<String> print, BooleanSupplier offline) {
        this.keyPrefix = identity + "/";
        this.print = print;
        this.offline = offline;
    }

    /** The queue this listener serves, once built. */
    void serve(DeliveryQueue q) {
        this.queue = q;
    }

    /** The counts so far. */
    DeliveryTally tally() {
        synchronized (lock) {
            return new DeliveryTally(queuedOffline, deliveredOffline, discardedOffline, pendingOffline.size());
        }
    }

    /** Completes with the next message queued that {@code matches}. */
    CompletableFuture<StoredMessage> nextQueued(Predicate<StoredMessage> matches) {
        return await(false, matches);
    }

    /**
     * Completes with the next message delivered that {@code matches}, once this listener has counted it (the caller's
     * own future of the call may complete a moment before).
     */
    CompletableFuture<StoredMessage> nextDelivered(Predicate<StoredMessage> matches) {
        return await(true, matches);
    }

    private CompletableFuture<StoredMessage> await(boolean delivered, Predicate<StoredMessage> matches) {
        CompletableFuture<StoredMessage> f = new CompletableFuture<>();
        synchronized (lock) {
            waiters.add(new Waiter(delivered, matches, f));
        }
        return f;
    }

    /** The waiters {@code message} satisfies, removed. Under {@link #lock}. */
    private List<CompletableFuture<StoredMessage>> due(boolean delivered, StoredMessage message) {
        List<CompletableFuture<StoredMessage>> due = new ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.delivered() == delivered && w.matches().test(message)) {
                due.add(w.future());
                it.remove();
            }
        }
        return due;
    }

    @Override
    public void queued(StoredMessage message, int depth) {
        boolean away = offline.getAsBoolean();
        List<CompletableFuture<StoredMessage>> due;
        synchronized (lock) {
            if (away) {
                queuedOffline++;
                pendingOffline.add(message.key());
            }
            due = due(false, message);
        }
        print.accept(String.format("queued %s %s (depth %d%s)", message.action(), shortKey(message), depth,
                away ? ", offline" : ""));
        due.forEach(f -> f.complete(message));
    }

    @Override
    public void delivered(StoredMessage message, ObjectNode answer) {
        int transmissions;
        List<CompletableFuture<StoredMessage>> due;
        synchronized (lock) {
            // The queue counts only the failures its retry settings count; the listener also heard of the others.
            transmissions = Math.max(message.attempts(), failures.getOrDefault(message.key(), 0)) + 1;
            failures.remove(message.key());
            if (pendingOffline.remove(message.key())) {
                deliveredOffline++;
            }
            due = due(true, message);
        }
        print.accept(String.format("delivered %s %s after %d attempt(s) (depth %d)", message.action(),
                shortKey(message), transmissions, depth()));
        due.forEach(f -> f.complete(message));
    }

    @Override
    public void discarded(StoredMessage message, DiscardReason reason, Throwable cause) {
        synchronized (lock) {
            failures.remove(message.key());
            if (pendingOffline.remove(message.key())) {
                discardedOffline++;
            }
        }
        print.accept(String.format("discarded %s %s (%s%s) (depth %d)", message.action(), shortKey(message),
                reason, cause == null ? "" : ": " + describe(cause), depth()));
    }

    @Override
    public void retrying(StoredMessage message, int failedAttempts, Duration wait, Throwable cause) {
        synchronized (lock) {
            failures.merge(message.key(), 1, Integer::sum);
        }
        print.accept(String.format("%s %s -> %s; again in %d ms", message.action(), shortKey(message),
                describe(cause), wait.toMillis()));
    }

    @Override
    public void refused(String action, String key, Throwable reason) {
        print.accept(String.format("refused %s %s: %s", action, key.startsWith(keyPrefix)
                ? key.substring(keyPrefix.length()) : key, describe(reason)));
    }

    private int depth() {
        DeliveryQueue q = queue;
        return q == null ? 0 : q.depth();
    }

    private String shortKey(StoredMessage m) {
        return m.key().startsWith(keyPrefix) ? m.key().substring(keyPrefix.length()) : m.key();
    }

    private static String describe(Throwable cause) {
        if (cause instanceof CallTimeoutException) {
            return "no answer (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        if (cause instanceof CallErrorException err) {
            return "CALLERROR " + err.getMessage();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
