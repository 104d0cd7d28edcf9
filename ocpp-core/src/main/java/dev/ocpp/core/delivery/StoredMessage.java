package dev.ocpp.core.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * One queued message as a {@link MessageStore} keeps it. Immutable; the queue writes a new version of a message
 * (same {@link #seq()}) when its attempt count or its payload changes.
 *
 * @param seq           the queue's position of the message: unique, and increasing in the order messages were
 *                      queued; delivery follows it
 * @param key           the stable message key the application knows the message by (its own, or one the queue made)
 * @param action        the OCPP action name
 * @param payload       the request payload as JSON text, exactly as it will be sent (offline flag, sequence number
 *                      and a substituted transaction id included)
 * @param attempts      how many transmissions failed so far in a way that counts toward the retry limit (OCPP 1.6
 *                      §3.7.1 / 2.0.1 E13); not counted: transmissions lost with their connection
 * @param queuedAt      when the message was queued (the station's clock)
 * @param transactionOf for an OCPP 1.6 message queued before the CSMS assigned its transaction id: the key of the
 *                      StartTransaction whose answer carries it; {@code null} otherwise
 */
public record StoredMessage(long seq, String key, String action, String payload, int attempts, Instant queuedAt,
                            String transactionOf) {

    public StoredMessage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(queuedAt, "queuedAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
    }

    /** The same message with another attempt count. */
    public StoredMessage withAttempts(int n) {
        return new StoredMessage(seq, key, action, payload, n, queuedAt, transactionOf);
    }

    /** The same message with another payload and no pending transaction id: it has been filled in. */
    public StoredMessage withResolvedPayload(String newPayload) {
        return new StoredMessage(seq, key, action, newPayload, attempts, queuedAt, null);
    }

    /** What the message weighs against the queue's byte bound: its payload, key and action, in UTF-16 units. */
    public long size() {
        return (long) payload.length() + key.length() + action.length();
    }
}
