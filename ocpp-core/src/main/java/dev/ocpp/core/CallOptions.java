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
 * @param timeout        answer timeout, or {@code null} for the session's
 * @param connectionWait how long to wait for a connection, or {@code null} for the session's
 * @param validation     schema-validation options for this call, or {@code null} for the session's
 */
public record CallOptions(Duration timeout, Duration connectionWait, ValidationOptions validation) {

    private static final CallOptions DEFAULTS = new CallOptions(null, null, null);

    public CallOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (connectionWait != null && connectionWait.isNegative()) {
            throw new IllegalArgumentException("connection wait must not be negative");
        }
    }

    /** Options with the session's validation options; kept for callers written before {@link #validation()}. */
    public CallOptions(Duration timeout, Duration connectionWait) {
        this(timeout, connectionWait, null);
    }

    /** The session's settings for everything. */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    /** These options with their own answer timeout. */
    public CallOptions withTimeout(Duration timeout) {
        return new CallOptions(Objects.requireNonNull(timeout, "timeout"), connectionWait, validation);
    }

    /** These options waiting up to {@code wait} for a connection ({@link Duration#ZERO}: fail at once). */
    public CallOptions withConnectionWait(Duration wait) {
        return new CallOptions(timeout, Objects.requireNonNull(wait, "wait"), validation);
    }

    /** These options checking this call's payloads with {@code options} instead of the session's. */
    public CallOptions withValidation(ValidationOptions options) {
        return new CallOptions(timeout, connectionWait, Objects.requireNonNull(options, "options"));
    }
}
