package dev.ocpp.core.delivery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link DeliveryQueue} keeps its messages and the station state that must outlive the process (OCPP 1.6
 * §3.7 and OCPP 2.0.1 E04: transaction messages are kept until delivered; A04.FR.02: security events too).
 *
 * <p>The contract is small on purpose, so that any embedded store can carry it:
 * <ul>
 *   <li>{@link #load()} returns everything stored, messages in {@link StoredMessage#seq() seq} order. The queue calls
 *       it once, when it is built, before any {@link #apply}.</li>
 *   <li>{@link #apply(Change)} makes one change <b>atomically</b>: after a crash at any point (kill -9, power loss,
 *       a torn write) the store holds either all of the change or none of it, and is readable. When it returns, the
 *       change is as durable as the store promises (a durable store: on disk; {@link #inMemory()}: only in this
 *       process). A message is written before the call that queued it returns, so a message the application saw
 *       accepted is never lost by a store that keeps this promise.</li>
 *   <li>The {@code state} is a small map of strings: per-transaction sequence numbers, transaction ids the CSMS
 *       assigned, and whatever the application keeps through {@link DeliveryQueue#state()}.</li>
 * </ul>
 * Calls come from one queue at a time and are never concurrent: the queue serialises them. {@link #apply} may block
 * for the write; the queue never calls it on a transport I/O thread.
 */
public interface MessageStore extends AutoCloseable {

    /** Everything stored: messages in {@code seq} order and the state map. */
    Snapshot load();

    /**
     * Writes {@code change} atomically and durably (see the class notes).
     *
     * @throws MessageStoreException if it could not be written; then nothing of it was
     */
    void apply(Change change);

    /** Releases files and handles; the store is not used afterwards. */
    @Override
    default void close() {
    }

    /** A store that keeps everything in this process's memory: lost with the process, shared by the queues given it. */
    static MessageStore inMemory() {
        return new InMemoryMessageStore();
    }

    /**
     * What a store holds.
     *
     * @param messages the messages, in {@code seq} order
     * @param state    the state map
     */
    record Snapshot(List<StoredMessage> messages, Map<String, String> state) {
        public Snapshot {
            messages = List.copyOf(messages);
            state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
        }
    }

    /**
     * One atomic change: messages written (new, or a new version of one with the same {@code seq}), messages removed
     * by {@code seq}, state entries set and state entries removed. Built by the queue; a store only reads it.
     */
    final class Change {
        private final List<StoredMessage> put = new ArrayList<>();
        private final List<Long> remove = new ArrayList<>();
        private final Map<String, String> statePut = new LinkedHashMap<>();
        private final List<String> stateRemove = new ArrayList<>();

        /** Writes {@code m}, replacing a stored message with the same {@code seq}. */
        public Change put(StoredMessage m) {
            put.add(Objects.requireNonNull(m, "m"));
            return this;
        }

        /** Removes the message with this {@code seq}, if stored. */
        public Change remove(long seq) {
            remove.add(seq);
            return this;
        }

        /** Sets a state entry. */
        public Change putState(String key, String value) {
            statePut.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            stateRemove.remove(key);
            return this;
        }

        /** Removes a state entry, if present. */
        public Change removeState(String key) {
            statePut.remove(Objects.requireNonNull(key, "key"));
            stateRemove.add(key);
            return this;
        }

        /** Messages to write, in the order given. */
        public List<StoredMessage> puts() {
            return Collections.unmodifiableList(put);
        }

        /** Messages to remove, by {@code seq}. A message both put and removed in one change ends up removed. */
        public List<Long> removes() {
            return Collections.unmodifiableList(remove);
        }

        /** State entries to set. */
        public Map<String, String> statePuts() {
            return Collections.unmodifiableMap(statePut);
        }

        /** State entries to remove. */
        public List<String> stateRemoves() {
            return Collections.unmodifiableList(stateRemove);
        }

        /** Whether there is nothing to write. */
        public boolean isEmpty() {
            return put.isEmpty() && remove.isEmpty() && statePut.isEmpty() && stateRemove.isEmpty();
        }
    }
}
