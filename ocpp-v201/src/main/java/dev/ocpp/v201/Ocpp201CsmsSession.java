package dev.ocpp.v201;

import dev.ocpp.core.CallOptions;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.typed.CallContext;
import dev.ocpp.core.validation.ValidationOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The connection to the CSMS, as a 2.0.1 charging station sees it: typed calls of the requests a charging station
 * sends.
 *
 * <p>Each call's future follows {@link OcppSession}'s outcome contract (response, {@code CallErrorException},
 * {@code CallTimeoutException}, {@code ConnectionClosedException}, ...), including what the session's interceptors
 * refuse: {@link dev.ocpp.core.validation.PayloadValidationException} when the request breaks its schema (it is
 * then never sent) or the CSMS's response does, {@link dev.ocpp.core.RegistrationStateException} when boot gating
 * holds the call back. Futures complete on the session's handler executor.
 */
public final class Ocpp201CsmsSession extends Ocpp201Connection {

    private Ocpp201CsmsSession(OcppSession session, ValidationOptions validation, Ocpp201BootGating gating) {
        super(session, validation, gating);
    }

    /**
     * A typed view of a 2.0.1 session on the charging station's side. Its calls pass the session's interceptors
     * like any other: with {@link Ocpp201ChargingStationHandlers}, schema validation with their options (Part 4
     * §4.3) and, when on, boot gating (Part 2 B01.FR.08, B02.FR.02).
     */
    public static Ocpp201CsmsSession of(OcppSession session) {
        return new Ocpp201CsmsSession(session, null, null);
    }

    /**
     * A typed view of a 2.0.1 session on the charging station's side whose calls are validated with
     * {@code validation} instead of the session's options ({@link dev.ocpp.core.CallOptions#withValidation}), e.g.
     * to let a request its schema forbids go out. On a session whose handlers install no validation interceptor,
     * nothing is checked.
     */
    public static Ocpp201CsmsSession of(OcppSession session, ValidationOptions validation) {
        return new Ocpp201CsmsSession(session, Objects.requireNonNull(validation, "validation"), null);
    }

    /**
     * As {@link #of(OcppSession, ValidationOptions)}.
     *
     * @param gating ignored
     * @deprecated boot gating is an interceptor of the session now, set up by
     *     {@link Ocpp201ChargingStationHandlers.Builder#bootGating}; {@code gating} is ignored. Use
     *     {@link #of(OcppSession)} or {@link #of(OcppSession, ValidationOptions)}.
     */
    @Deprecated
    public static Ocpp201CsmsSession of(OcppSession session, ValidationOptions validation, Ocpp201BootGating gating) {
        return of(session, validation);
    }

    /**
     * The typed view of the session a charging station's handler was called on, for calls of its own to the CSMS
     * while it handles the request (or later; e.g. the message a TriggerMessage asked for, Part 2 F06), without
     * casts.
     */
    public static Ocpp201CsmsSession from(CallContext context) {
        return of(context.session());
    }

    /** Sends {@code request} with the session's default timeout. */
    public <R extends Ocpp201Response> CompletableFuture<R> call(FromChargingStation<R> request) {
        return typedCall(request, true, CallOptions.defaults());
    }

    /** Sends {@code request} with its own timeout. */
    public <R extends Ocpp201Response> CompletableFuture<R> call(FromChargingStation<R> request, Duration timeout) {
        return typedCall(request, true, CallOptions.defaults().withTimeout(timeout));
    }

    /**
     * Sends {@code request} with its own settings: answer timeout, and how long to wait for a connection if there
     * is none now ({@link CallOptions#withConnectionWait(java.time.Duration)}; the outcomes are those of
     * {@link dev.ocpp.core.OcppSession}).
     */
    public <R extends Ocpp201Response> CompletableFuture<R> call(FromChargingStation<R> request, CallOptions options) {
        return typedCall(request, true, Objects.requireNonNull(options, "options"));
    }
}
