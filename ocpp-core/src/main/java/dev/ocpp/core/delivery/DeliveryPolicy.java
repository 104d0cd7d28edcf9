package dev.ocpp.core.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import java.time.Duration;
import java.util.Optional;

/**
 * The rules of one OCPP version for a {@link DeliveryQueue}: which messages are transaction messages, what changes
 * in a message as it is queued, and how the retry settings are named. The version modules provide them
 * ({@code Ocpp16Delivery.policy()}, {@code Ocpp201Delivery.policy()}); the queue itself knows no action.
 */
public interface DeliveryPolicy {

    /** The version these rules are for. */
    OcppVersion version();

    /**
     * Whether the message must be queued and delivered in order, one at a time (OCPP 1.6 §3.7: StartTransaction,
     * StopTransaction, MeterValues of a transaction; OCPP 2.0.1 E04: TransactionEvent, A04.FR.02:
     * SecurityEventNotification).
     *
     * @param ofTransaction whether the caller named the StartTransaction this message belongs to
     *                      ({@link dev.ocpp.core.CallOptions#transactionOf()})
     */
    boolean isTransactionMessage(String action, ObjectNode payload, boolean ofTransaction);

    /**
     * Whether the message may be queued at all when the application asks for it or queues all messages (2.0.1
     * {@code QueueAllMessages}): not BootNotification, which must come first on every boot, nor Heartbeat, which is
     * worthless later.
     */
    default boolean mayQueue(String action) {
        return !"BootNotification".equals(action) && !"Heartbeat".equals(action);
    }

    /**
     * Prepares a message as it is queued, on the caller's thread; the changes go to the store atomically with the
     * message. The default leaves it as it is.
     *
     * @param payload the message, a copy this method may change
     * @param offline whether the station has no connection now (2.0.1 E04.FR.03 flags such events)
     * @param state   the queue's state, to read and change (e.g. sequence numbers)
     */
    default void prepare(String action, ObjectNode payload, boolean offline, State state) {
    }

    /**
     * The transaction id the answer to a delivered message assigns to the messages queued behind it under
     * {@link dev.ocpp.core.CallOptions#transactionOf()} (1.6: StartTransaction's {@code transactionId}); empty for
     * every other message.
     */
    default Optional<JsonNode> assignedTransactionId(String action, ObjectNode answer) {
        return Optional.empty();
    }

    /** {@code payload} with {@code transactionId} filled in (1.6: StopTransaction and MeterValues). */
    default void fillTransactionId(String action, ObjectNode payload, JsonNode transactionId) {
        payload.set("transactionId", transactionId);
    }

    /** Whether the message is the last of its transaction (1.6 StopTransaction): its id mapping can go. */
    default boolean endsTransaction(String action, ObjectNode payload) {
        return false;
    }

    /**
     * Whether a queued message may be dropped to make room when the queue is full (2.0.1 E04.FR.07/08: intermediate
     * {@code Updated} events, the 1st, 3rd, 5th and so on). Messages that start or end a transaction, and security
     * events, are never dropped.
     */
    default boolean droppable(String action, ObjectNode payload) {
        return false;
    }

    /**
     * Whether a transmission that got no answer within the message timeout counts toward the attempts (2.0.1 E13:
     * yes; 1.6 §3.7.1 names only a failure to process, a CALLERROR).
     */
    boolean timeoutCountsAsAttempt();

    /** The retry settings until the CSMS changes them. */
    RetrySettings defaultRetrySettings();

    /**
     * Whether {@code action} may change the retry settings (1.6 ChangeConfiguration, 2.0.1 SetVariables), so that the
     * queue copies the request before the handler runs.
     */
    default boolean mayChangeSettings(String action) {
        return false;
    }

    /**
     * The retry settings after an incoming configuration change: {@code request} is a copy of the payload taken
     * before the handler ran, {@code answer} the handler's answer; only changes the answer accepted count.
     */
    default RetrySettings changedSettings(String action, ObjectNode request, ObjectNode answer,
                                          RetrySettings current) {
        return current;
    }

    /**
     * Whether an incoming configuration change switched queueing of all messages on or off (2.0.1 SetVariables of
     * {@code OCPPCommCtrlr.QueueAllMessages}, accepted); empty if it did not touch it. The default: never.
     */
    default Optional<Boolean> changedQueueAll(String action, ObjectNode request, ObjectNode answer) {
        return Optional.empty();
    }

    /**
     * How often and how fast a transaction message is sent again after it failed (OCPP 1.6 §3.7.1
     * {@code TransactionMessageAttempts} / {@code TransactionMessageRetryInterval}; 2.0.1 E13
     * {@code OCPPCommCtrlr.MessageAttempts} / {@code MessageAttemptInterval}, instance {@code TransactionEvent}).
     * After the n-th failed transmission the queue waits {@code interval × n}; after the {@code attempts}-th it
     * discards the message and reports it.
     *
     * @param attempts how many transmissions may fail before the message is discarded (at least 1)
     * @param interval the base of the wait before a retransmission
     */
    record RetrySettings(int attempts, Duration interval) {
        public RetrySettings {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("interval must not be negative");
            }
        }

        public RetrySettings withAttempts(int n) {
            return new RetrySettings(n, interval);
        }

        public RetrySettings withInterval(Duration d) {
            return new RetrySettings(attempts, d);
        }
    }

    /** The queue's state map as {@link #prepare} sees it: reads see earlier writes of the same message. */
    interface State {
        /** The value of {@code key}, or {@code null}. */
        String get(String key);

        /** Sets {@code key}; written with the message. */
        void put(String key, String value);

        /** Removes {@code key}; written with the message. */
        void remove(String key);
    }
}
