package dev.ocpp.v201;

import dev.ocpp.core.OcppSession;
import dev.ocpp.core.validation.ValidationOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The connection to the CSMS, as a 2.0.1 charging station sees it: typed calls of the requests a charging station
 * sends.
 *
 * <p>Each call's future follows {@link OcppSession}'s outcome contract (response, {@code CallErrorException},
 * {@code CallTimeoutException}, {@code ConnectionClosedException}, ...), plus
 * {@link dev.ocpp.core.validation.PayloadValidationException} when the request breaks its schema (it is then never
 * sent) or the CSMS's response does. Futures complete on the session's handler executor.
 */
public final class Ocpp201CsmsSession extends Ocpp201Connection {

    private Ocpp201CsmsSession(OcppSession session, ValidationOptions validation, Ocpp201BootGating gating) {
        super(session, validation, gating);
    }

    /** A typed view of a 2.0.1 session on the charging station's side, validating with the default options. */
    public static Ocpp201CsmsSession of(OcppSession session) {
        return of(session, ValidationOptions.defaults());
    }

    /** A typed view of a 2.0.1 session on the charging station's side. */
    public static Ocpp201CsmsSession of(OcppSession session, ValidationOptions validation) {
        return new Ocpp201CsmsSession(session, validation, null);
    }

    /**
     * A typed view whose calls follow the station side of {@code gating} (Part 2 B01.FR.08, B02.FR.02): a call the
     * registration status does not allow fails at once with {@link dev.ocpp.core.RegistrationStateException}.
     * {@code gating} may be null (no gating). Use the same instance as for the station's handlers.
     */
    public static Ocpp201CsmsSession of(OcppSession session, ValidationOptions validation, Ocpp201BootGating gating) {
        return new Ocpp201CsmsSession(session, validation, gating);
    }

    /** Sends {@code request} with the session's default timeout. */
    public <R extends Ocpp201Response> CompletableFuture<R> call(FromChargingStation<R> request) {
        return typedCall(request, true, null);
    }

    /** Sends {@code request} with its own timeout. */
    public <R extends Ocpp201Response> CompletableFuture<R> call(FromChargingStation<R> request, Duration timeout) {
        return typedCall(request, true, Objects.requireNonNull(timeout, "timeout"));
    }
}
