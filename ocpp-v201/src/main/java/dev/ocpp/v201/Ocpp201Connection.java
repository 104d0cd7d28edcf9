package dev.ocpp.v201;

import dev.ocpp.core.CallOptions;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.typed.TypedSession;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v201.internal.TypedSupport;
import java.util.concurrent.CompletableFuture;

/**
 * What both typed 2.0.1 session views share: the untyped session underneath, its identity, version and lifecycle.
 * The subclasses add the typed calls of their role.
 *
 * <p>A view only binds requests and responses to their classes. Schema validation (OCPP 2.0.1 Part 4 §4.3) and
 * boot gating (Part 2 B01-B03) are {@link dev.ocpp.core.CallInterceptor}s of the session, installed by the typed
 * handlers ({@link Ocpp201CsmsHandlers}, {@link Ocpp201ChargingStationHandlers}), so typed calls and calls made on
 * the untyped session follow the same rules.
 */
public abstract sealed class Ocpp201Connection extends TypedSession
        permits Ocpp201CsmsSession, Ocpp201ChargingStationSession {

    /** Validation options replacing the session's for this view's calls, or {@code null}. */
    private final ValidationOptions validation;
    /** The boot gating the view was given to tell the registration status, or {@code null} (see the session's). */
    private final Ocpp201BootGating gating;

    Ocpp201Connection(OcppSession session, ValidationOptions validation, Ocpp201BootGating gating) {
        super(session, OcppVersion.OCPP201);
        this.validation = validation;
        this.gating = gating;
    }

    /** The boot gating that governs this session, if known: the one given, or the one its interceptor left. */
    Ocpp201BootGating gating() {
        return gating != null ? gating : Ocpp201BootGating.of(session());
    }

    /** A typed call; {@code fromChargingStation} says which side is calling, {@code options} its own settings. */
    <R> CompletableFuture<R> typedCall(Object request, boolean fromChargingStation, CallOptions options) {
        return TypedSupport.BINDING.call(session(), request, fromChargingStation, options, validation);
    }
}
