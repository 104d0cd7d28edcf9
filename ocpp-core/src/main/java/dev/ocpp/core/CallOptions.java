package dev.ocpp.core;

import dev.ocpp.core.validation.ValidationOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-call settings that override the session's defaults. Immutable; start from {@link #defaults()}.
 *
 * <p>{@link #timeout()} bounds the wait for the answer once the CALL is on the wire (OCPP 2.0.1 Part 2 §3.2:
 * a request that is not answered in time is considered not sent). {@link #connectionWait()} bounds how long a call
 * made while the session has no connection waits in the outgoing queue for one; {@link Duration#ZERO} fails it at
 * once with {@link NotConnectedException}. Either left {@code null} means the session's setting
 * ({@link SessionConfig#callTimeout()}, {@link SessionConfig#connectionWait(String)}).
 *
 * <p>{@link #validation()} replaces, for this one call, the options of the schema-validation
 * {@link CallInterceptor} the session's typed handlers install (OCPP-J 1.6 §4.2.3, OCPP 2.0.1 Part 4 §4.3 name
 * the CALLERRORs a peer answers invalid payloads with; checking ours first keeps them off the wire). It exists for
 * the rare call that must go out unchecked, e.g. to probe how a peer answers an invalid request; {@code null}
 * means the session's options. A session without such an interceptor ignores it.
 *
 * <p>The last three matter only to a session with a {@link dev.ocpp.core.delivery.DeliveryQueue} (durable delivery
 * of transaction messages, OCPP 1.6 §3.7, OCPP 2.0.1 E04/E13); other sessions ignore them.
 * {@link #messageKey()} names a queued message stably, across restarts, for the queue's
 * {@link dev.ocpp.core.delivery.DeliveryListener}; {@code null} lets the queue make one. {@link #transactionOf()}
 * says that an OCPP 1.6 StopTransaction or MeterValues belongs to the transaction started by the StartTransaction
 * queued under that key: the queue puts the {@code transactionId} the Central System answered to it into this message
 * before sending it, even when the StartTransaction is still unanswered when this message is queued.
 * {@link #queued()} overrides the queue's choice: {@code TRUE} queues a message the rules would send directly,
 * {@code FALSE} sends a transaction message directly, bypassing the queue and its ordering; {@code null} lets the
 * rules decide.
 *
 * @param timeout        answer timeout, or {@code null} for the session's
 * @param connectionWait how long to wait for a connection, or {@code null} for the session's
 * @param validation     schema-validation options for this call, or {@code null} for the session's
 * @param messageKey     the stable key of a queued message, or {@code null}
 * @param transactionOf  the key of the 1.6 StartTransaction whose transaction id this message must carry, or
 *                       {@code null}
 * @param queued         whether to queue the message for durable delivery, or {@code null} for the rules' choice
 */
public record CallOptions(Duration timeout, Duration connectionWait, ValidationOptions validation, String messageKey,
                          String transactionOf, Boolean queued) {

    private static final CallOptions DEFAULTS = new CallOptions(null, null, null, null, null, null);

    public CallOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (connectionWait != null && connectionWait.isNegative()) {
            throw new IllegalArgumentException("connection wait must not be negative");
        }
        if (messageKey != null && messageKey.isEmpty()) {
            throw new IllegalArgumentException("message key must not be empty");
        }
    }

    /** Options with the session's validation options; kept for callers written before {@link #validation()}. */
    public CallOptions(Duration timeout, Duration connectionWait) {
        this(timeout, connectionWait, null, null, null, null);
    }

    /** Options without delivery settings; kept for callers written before {@link #messageKey()}. */
    public CallOptions(Duration timeout, Duration connectionWait, ValidationOptions validation) {
        this(timeout, connectionWait, validation, null, null, null);
    }

    /** The session's settings for everything. */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    /** These options with their own answer timeout. */
    public CallOptions withTimeout(Duration timeout) {
        return new CallOptions(Objects.requireNonNull(timeout, "timeout"), connectionWait, validation, messageKey,
                transactionOf, queued);
    }

    /** These options waiting up to {@code wait} for a connection ({@link Duration#ZERO}: fail at once). */
    public CallOptions withConnectionWait(Duration wait) {
        return new CallOptions(timeout, Objects.requireNonNull(wait, "wait"), validation, messageKey, transactionOf,
                queued);
    }

    /** These options checking this call's payloads with {@code options} instead of the session's. */
    public CallOptions withValidation(ValidationOptions options) {
        return new CallOptions(timeout, connectionWait, Objects.requireNonNull(options, "options"), messageKey,
                transactionOf, queued);
    }

    /** These options naming the queued message {@code key} (unique among the messages queued at a time). */
    public CallOptions withMessageKey(String key) {
        return new CallOptions(timeout, connectionWait, validation, Objects.requireNonNull(key, "key"),
                transactionOf, queued);
    }

    /**
     * These options for an OCPP 1.6 StopTransaction or MeterValues of the transaction whose StartTransaction was
     * queued under {@code startKey}: its {@code transactionId} is replaced by the one the Central System answers.
     */
    public CallOptions withTransactionOf(String startKey) {
        return new CallOptions(timeout, connectionWait, validation, messageKey,
                Objects.requireNonNull(startKey, "startKey"), queued);
    }

    /** These options queueing the message for durable delivery ({@code true}) or sending it directly. */
    public CallOptions withQueued(boolean queue) {
        return new CallOptions(timeout, connectionWait, validation, messageKey, transactionOf, queue);
    }
}
