package dev.ocpp.v16;

import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.internal.typed.TypedEngine;
import dev.ocpp.core.typed.TypedSession;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v16.internal.TypedSupport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What both typed 1.6 session views share: the untyped session underneath, its identity, version and lifecycle.
 * The subclasses add the typed calls of their role.
 */
public abstract sealed class Ocpp16Connection extends TypedSession
        permits Ocpp16CentralSystemSession, Ocpp16ChargePointSession {

    private final TypedEngine engine;

    Ocpp16Connection(OcppSession session, ValidationOptions validation) {
        super(session, OcppVersion.OCPP16);
        this.engine = TypedSupport.BINDING.engine(validation);
    }

    /** A typed call; {@code fromChargePoint} says which side is calling, {@code timeout} may be null. */
    <R> CompletableFuture<R> typedCall(Object request, boolean fromChargePoint, Duration timeout) {
        return TypedSupport.BINDING.call(engine, session(), request, fromChargePoint, timeout);
    }
}
