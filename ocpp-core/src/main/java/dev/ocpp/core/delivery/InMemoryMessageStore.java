package dev.ocpp.core.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@link MessageStore#inMemory()}: maps under one lock; a change is applied whole or (on a bad argument) not at all. */
final class InMemoryMessageStore implements MessageStore {

    private final TreeMap<Long, StoredMessage> messages = new TreeMap<>();
    private final Map<String, String> state = new LinkedHashMap<>();

    @Override
    public synchronized Snapshot load() {
        return new Snapshot(messages.values().stream().toList(), state);
    }

    @Override
    public synchronized void apply(Change change) {
        for (StoredMessage m : change.puts()) {
            messages.put(m.seq(), m);
        }
        for (long seq : change.removes()) {
            messages.remove(seq);
        }
        state.putAll(change.statePuts());
        for (String k : change.stateRemoves()) {
            state.remove(k);
        }
    }
}
