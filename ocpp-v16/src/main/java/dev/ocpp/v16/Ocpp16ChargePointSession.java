package dev.ocpp.v16;

import dev.ocpp.core.OcppSession;
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

    /** A typed view of a 1.6 session on the central system's side, validating with the default options. */
    public static Ocpp16ChargePointSession of(OcppSession session) {
        return of(session, ValidationOptions.defaults());
    }

    /** A typed view of a 1.6 session on the central system's side. */
    public static Ocpp16ChargePointSession of(OcppSession session, ValidationOptions validation) {
        return new Ocpp16ChargePointSession(session, validation);
    }

    /** Sends {@code request} with the session's default timeout. */
    public <R extends Ocpp16Response> CompletableFuture<R> call(FromCentralSystem<R> request) {
        return typedCall(request, false, null);
    }

    /** Sends {@code request} with its own timeout. */
    public <R extends Ocpp16Response> CompletableFuture<R> call(FromCentralSystem<R> request, Duration timeout) {
        return typedCall(request, false, Objects.requireNonNull(timeout, "timeout"));
    }
}
