package dev.ocpp.v201;

import dev.ocpp.core.OcppSession;
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
 * {@code CallTimeoutException}, {@code ConnectionClosedException}, ...), plus
 * {@link dev.ocpp.core.validation.PayloadValidationException} when the request breaks its schema (it is then never
 * sent) or the charging station's response does. Futures complete on the session's handler executor.
 */
public final class Ocpp201ChargingStationSession extends Ocpp201Connection {

    private Ocpp201ChargingStationSession(OcppSession session, ValidationOptions validation,
                                          Ocpp201BootGating gating) {
        super(session, validation, gating);
    }

    /** A typed view of a 2.0.1 session on the CSMS's side, validating with the default options. */
    public static Ocpp201ChargingStationSession of(OcppSession session) {
        return of(session, ValidationOptions.defaults());
    }

    /** A typed view of a 2.0.1 session on the CSMS's side. */
    public static Ocpp201ChargingStationSession of(OcppSession session, ValidationOptions validation) {
        return new Ocpp201ChargingStationSession(session, validation, null);
    }

    /**
     * A typed view whose calls follow {@code gating} (Part 2 B02.FR.01, B03.FR.03): a call the station's
     * registration status does not allow fails at once with {@link dev.ocpp.core.RegistrationStateException}.
     * {@code gating} may be null (no gating).
     */
    public static Ocpp201ChargingStationSession of(OcppSession session, ValidationOptions validation,
                                                   Ocpp201BootGating gating) {
        return new Ocpp201ChargingStationSession(session, validation, gating);
    }

    /** The station's registration status as far as this CSMS's boot gating knows it; empty without gating. */
    public Optional<RegistrationStatusEnum> registrationStatus() {
        return gating == null ? Optional.empty() : gating.status(identity());
    }

    /** Sends {@code request} with the session's default timeout. */
    public <R extends Ocpp201Response> CompletableFuture<R> call(FromCsms<R> request) {
        return typedCall(request, false, null);
    }

    /** Sends {@code request} with its own timeout. */
    public <R extends Ocpp201Response> CompletableFuture<R> call(FromCsms<R> request, Duration timeout) {
        return typedCall(request, false, Objects.requireNonNull(timeout, "timeout"));
    }
}
