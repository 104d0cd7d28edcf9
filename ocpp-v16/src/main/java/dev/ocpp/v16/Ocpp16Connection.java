package dev.ocpp.v16;

import dev.ocpp.core.CallOptions;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.typed.TypedSession;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v16.internal.TypedSupport;
import java.util.concurrent.CompletableFuture;

/**
 * What both typed 1.6 session views share: the untyped session underneath, its identity, version and lifecycle.
 * The subclasses add the typed calls of their role.
 *
 * <p>A view only binds requests and responses to their classes. Schema validation (OCPP-J 1.6 §4.2.3) is a
 * {@link dev.ocpp.core.CallInterceptor} of the session, installed by the typed handlers
 * ({@link Ocpp16CentralSystemHandlers}, {@link Ocpp16ChargePointHandlers}), so typed calls and calls made on the
 * untyped session are checked alike, with the options those handlers were built with.
 */
public abstract sealed class Ocpp16Connection extends TypedSession
        permits Ocpp16CentralSystemSession, Ocpp16ChargePointSession {

    /** Validation options replacing the session's for this view's calls, or {@code null}. */
    private final ValidationOptions validation;

    Ocpp16Connection(OcppSession session, ValidationOptions validation) {
        super(session, OcppVersion.OCPP16);
        this.validation = validation;
    }

    /** A typed call; {@code fromChargePoint} says which side is calling, {@code options} its own settings. */
    <R> CompletableFuture<R> typedCall(Object request, boolean fromChargePoint, CallOptions options) {
        return TypedSupport.BINDING.call(session(), request, fromChargePoint, options, validation);
    }
}
