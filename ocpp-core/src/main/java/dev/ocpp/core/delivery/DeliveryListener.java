package dev.ocpp.core.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * What happens to the messages of a {@link DeliveryQueue}, keyed by their stable {@link StoredMessage#key() key}.
 * Unlike the future a call returns, it also reports messages queued by an earlier process: a message queued before a
 * restart is reported delivered (or discarded) by the queue built on the same store afterwards. Called on the
 * session's executor (or the caller's thread, for {@link #queued} and {@link #refused}); must not block. Every
 * method defaults to doing nothing.
 */
public interface DeliveryListener {

    /** {@code message} was written to the store; {@code depth} messages are queued now, this one included. */
    default void queued(StoredMessage message, int depth) {
    }

    /** The CSMS answered {@code message} with a CALLRESULT; it is removed from the store. */
    default void delivered(StoredMessage message, ObjectNode answer) {
    }

    /**
     * {@code message} was removed without a CALLRESULT: after its last attempt, to make room, or because it can never
     * be sent. {@code cause} is the last failure, if any.
     */
    default void discarded(StoredMessage message, DiscardReason reason, Throwable cause) {
    }

    /** {@code message} failed ({@code cause}) and goes out again after {@code wait}. */
    default void retrying(StoredMessage message, int failedAttempts, Duration wait, Throwable cause) {
    }

    /** A message of {@code action} was not queued: the queue is full (or the store failed), see {@code reason}. */
    default void refused(String action, String key, Throwable reason) {
    }

    /** Why a message left the queue without being delivered. */
    enum DiscardReason {
        /** Its transmissions failed as often as the retry settings allow (1.6 §3.7.1, 2.0.1 E13.FR.04). */
        ATTEMPTS_EXHAUSTED,
        /** Dropped to make room in a full queue (2.0.1 E04.FR.07/08). */
        OVERFLOW,
        /** Our own checks refuse it (e.g. its payload is not valid for the schema); it would never go out. */
        INVALID,
        /** It needed the transaction id of a StartTransaction that was itself discarded. */
        TRANSACTION_UNKNOWN
    }
}
