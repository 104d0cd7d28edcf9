package dev.ocpp.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.StoredMessage;
import java.time.Instant;
import java.util.List;

/**
 * The changes the crash tests write: change {@code n} adds message {@code n} and sets state {@code count} to
 * {@code n}, so a store that kept whole changes holds messages 1..k and count k.
 */
final class Messages {

    private Messages() {
    }

    /** Message {@code n}: a TransactionEvent-like payload of a size that varies with n (about 0.2 to 6 KB). */
    static StoredMessage message(long n) {
        int size = 200 + (int) (n * 7919 % 6000);
        StringBuilder payload = new StringBuilder(size + 100)
                .append("{\"eventType\":\"Updated\",\"seqNo\":").append(n).append(",\"filler\":\"");
        while (payload.length() < size) {
            payload.append((char) ('a' + (payload.length() + n) % 26));
        }
        payload.append("\"}");
        return new StoredMessage(n, "key-" + n, "TransactionEvent", payload.toString(), (int) (n % 3),
                Instant.ofEpochSecond(1_700_000_000L + n, n * 1_000 % 1_000_000_000L), n % 2 == 0 ? null : "tx-" + n);
    }

    /** Change {@code n}. */
    static MessageStore.Change change(long n) {
        return new MessageStore.Change().put(message(n)).putState("count", Long.toString(n));
    }

    /**
     * Checks that {@code snapshot} is the state after some whole number of changes: messages 1..k exactly as written
     * and count k (absent for k = 0). Returns k.
     */
    static int wholeChanges(MessageStore.Snapshot snapshot) {
        List<StoredMessage> messages = snapshot.messages();
        int k = messages.size();
        for (int i = 0; i < k; i++) {
            assertThat(messages.get(i)).as("message at position %d", i).isEqualTo(message(i + 1));
        }
        if (k == 0) {
            assertThat(snapshot.state()).as("state of an empty store").doesNotContainKey("count");
        } else {
            assertThat(snapshot.state()).as("state after %d messages", k).containsEntry("count", Integer.toString(k));
        }
        return k;
    }
}
