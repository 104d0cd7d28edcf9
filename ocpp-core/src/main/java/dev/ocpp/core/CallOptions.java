package dev.ocpp.core;

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
 * @param timeout        answer timeout, or {@code null} for the session's
 * @param connectionWait how long to wait for a connection, or {@code null} for the session's
 */
public record CallOptions(Duration timeout, Duration connectionWait) {

    private static final CallOptions DEFAULTS = new CallOptions(null, null);

    public CallOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (connectionWait != null && connectionWait.isNegative()) {
            throw new IllegalArgumentException("connection wait must not be negative");
        }
    }

    /** The session's settings for everything. */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    /** These options with their own answer timeout. */
    public CallOptions withTimeout(Duration timeout) {
        return new CallOptions(Objects.requireNonNull(timeout, "timeout"), connectionWait);
    }

    /** These options waiting up to {@code wait} for a connection ({@link Duration#ZERO}: fail at once). */
    public CallOptions withConnectionWait(Duration wait) {
        return new CallOptions(timeout, Objects.requireNonNull(wait, "wait"));
    }
}
