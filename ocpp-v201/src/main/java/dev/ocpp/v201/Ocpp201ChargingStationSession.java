package dev.ocpp.v201;

import dev.ocpp.core.CallOptions;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.typed.CallContext;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A connected 2.0.1 charging station, as the CSMS sees it: typed calls of the requests a CSMS sends.
 *
 * <p>Each call's future follows {@link OcppSession}'s outcome contract (response, {@code CallErrorException},
 * {@code CallTimeoutException}, {@code ConnectionClosedException}, ...), including what the session's interceptors
 * refuse: {@link dev.ocpp.core.validation.PayloadValidationException} when the request breaks its schema (it is
 * then never sent) or the charging station's response does, {@link dev.ocpp.core.RegistrationStateException} when
 * boot gating holds the call back. Futures complete on the session's handler executor.
 */
public final class Ocpp201ChargingStationSession extends Ocpp201Connection {

    private Ocpp201ChargingStationSession(OcppSession session, ValidationOptions validation,
                                          Ocpp201BootGating gating) {
        super(session, validation, gating);
    }

    /**
     * A typed view of a 2.0.1 session on the CSMS's side. Its calls pass the session's interceptors like any
     * other: with {@link Ocpp201CsmsHandlers}, schema validation with their options (Part 4 §4.3) and, when on,
     * boot gating (Part 2 B02.FR.01, B03.FR.03).
     */
    public static Ocpp201ChargingStationSession of(OcppSession session) {
        return new Ocpp201ChargingStationSession(session, null, null);
    }

    /**
     * A typed view of a 2.0.1 session on the CSMS's side whose calls are validated with {@code validation} instead
     * of the session's options ({@link dev.ocpp.core.CallOptions#withValidation}), e.g. to let a request its schema
     * forbids go out. On a session whose handlers install no validation interceptor, nothing is checked.
     */
    public static Ocpp201ChargingStationSession of(OcppSession session, ValidationOptions validation) {
        return new Ocpp201ChargingStationSession(session, Objects.requireNonNull(validation, "validation"), null);
    }

    /**
     * As {@link #of(OcppSession, ValidationOptions)}; {@code gating} only answers {@link #registrationStatus()}.
     *
     * @deprecated boot gating is an interceptor of the session now, set up by
     *     {@link Ocpp201CsmsHandlers.Builder#bootGating}; {@code gating} no longer governs this view's calls. Use
     *     {@link #of(OcppSession)} or {@link #of(OcppSession, ValidationOptions)}.
     */
    @Deprecated
    public static Ocpp201ChargingStationSession of(OcppSession session, ValidationOptions validation,
                                                   Ocpp201BootGating gating) {
        return new Ocpp201ChargingStationSession(session, Objects.requireNonNull(validation, "validation"), gating);
    }

    /**
     * The typed view of the session a CSMS's handler was called on, for calls of its own to the charging station
     * while it handles the request (or later), without casts.
     */
    public static Ocpp201ChargingStationSession from(CallContext context) {
        return of(context.session());
    }

    /** The view {@link Ocpp201Csms} hands out: it knows its gating before any call has passed. */
    static Ocpp201ChargingStationSession of(OcppSession session, Ocpp201BootGating gating) {
        return new Ocpp201ChargingStationSession(session, null, gating);
    }

    /**
     * The station's registration status as far as this CSMS's boot gating knows it; empty without gating (or
     * before the session's gating interceptor has seen any call, for a view not made by {@link Ocpp201Csms}).
     */
    public Optional<RegistrationStatusEnum> registrationStatus() {
        Ocpp201BootGating g = gating();
        return g == null ? Optional.empty() : g.status(identity());
    }

    /** Sends {@code request} with the session's default timeout. */
    public <R extends Ocpp201Response> CompletableFuture<R> call(FromCsms<R> request) {
        return typedCall(request, false, CallOptions.defaults());
    }

    /** Sends {@code request} with its own timeout. */
    public <R extends Ocpp201Response> CompletableFuture<R> call(FromCsms<R> request, Duration timeout) {
        return typedCall(request, false, CallOptions.defaults().withTimeout(timeout));
    }

    /**
     * Sends {@code request} with its own settings: answer timeout, and how long to wait for a connection if there
     * is none now ({@link CallOptions#withConnectionWait(java.time.Duration)}; the outcomes are those of
     * {@link dev.ocpp.core.OcppSession}).
     */
    public <R extends Ocpp201Response> CompletableFuture<R> call(FromCsms<R> request, CallOptions options) {
        return typedCall(request, false, Objects.requireNonNull(options, "options"));
    }
}
