package dev.ocpp.v16;

import dev.ocpp.core.CallOptions;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.typed.CallContext;
import dev.ocpp.core.validation.ValidationOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A connected 1.6 charge point, as the central system sees it: typed calls of the requests a central system sends.
 *
 * <p>Each call's future follows {@link OcppSession}'s outcome contract (response, {@code CallErrorException},
 * {@code CallTimeoutException}, {@code ConnectionClosedException}, ...), plus
 * {@link dev.ocpp.core.validation.PayloadValidationException} when the request breaks its schema (it is then never
 * sent) or the charge point's response does. Futures complete on the session's handler executor.
 */
public final class Ocpp16ChargePointSession extends Ocpp16Connection {

    private Ocpp16ChargePointSession(OcppSession session, ValidationOptions validation) {
        super(session, validation);
    }

    /**
     * A typed view of a 1.6 session on the central system's side. Its calls pass the session's interceptors like
     * any other: with typed handlers, schema validation with their options (OCPP-J 1.6 §4.2.3).
     */
    public static Ocpp16ChargePointSession of(OcppSession session) {
        return new Ocpp16ChargePointSession(session, null);
    }

    /**
     * A typed view of a 1.6 session on the central system's side whose calls are validated with
     * {@code validation} instead of the session's options ({@link dev.ocpp.core.CallOptions#withValidation}), e.g.
     * to let a request its schema forbids go out. On a session whose handlers install no validation interceptor, nothing is
     * checked.
     */
    public static Ocpp16ChargePointSession of(OcppSession session, ValidationOptions validation) {
        return new Ocpp16ChargePointSession(session, Objects.requireNonNull(validation, "validation"));
    }

    /**
     * The typed view of the session a central system's handler was called on, for calls of its own to the charge
     * point while it handles the request (or later), without casts.
     */
    public static Ocpp16ChargePointSession from(CallContext context) {
        return of(context.session());
    }

    /** Sends {@code request} with the session's default timeout. */
    public <R extends Ocpp16Response> CompletableFuture<R> call(FromCentralSystem<R> request) {
        return typedCall(request, false, CallOptions.defaults());
    }

    /** Sends {@code request} with its own timeout. */
    public <R extends Ocpp16Response> CompletableFuture<R> call(FromCentralSystem<R> request, Duration timeout) {
        return typedCall(request, false, CallOptions.defaults().withTimeout(timeout));
    }

    /**
     * Sends {@code request} with its own settings: answer timeout, and how long to wait for a connection if there
     * is none now ({@link CallOptions#withConnectionWait(java.time.Duration)}; the outcomes are those of
     * {@link dev.ocpp.core.OcppSession}).
     */
    public <R extends Ocpp16Response> CompletableFuture<R> call(FromCentralSystem<R> request, CallOptions options) {
        return typedCall(request, false, Objects.requireNonNull(options, "options"));
    }
}
