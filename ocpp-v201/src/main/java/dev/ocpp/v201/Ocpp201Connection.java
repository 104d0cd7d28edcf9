package dev.ocpp.v201;

import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStateException;
import dev.ocpp.core.internal.typed.TypedBinding;
import dev.ocpp.core.internal.typed.TypedEngine;
import dev.ocpp.core.typed.TypedSession;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v201.internal.TypedSupport;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What both typed 2.0.1 session views share: the untyped session underneath, its identity, version and lifecycle.
 * The subclasses add the typed calls of their role.
 */
public abstract sealed class Ocpp201Connection extends TypedSession
        permits Ocpp201CsmsSession, Ocpp201ChargingStationSession {

    private final TypedEngine engine;
    /** The boot-gating policy this view applies to its calls, or {@code null}. */
    final Ocpp201BootGating gating;

    Ocpp201Connection(OcppSession session, ValidationOptions validation, Ocpp201BootGating gating) {
        super(session, OcppVersion.OCPP201);
        this.engine = TypedSupport.BINDING.engine(validation);
        this.gating = gating;
    }

    /**
     * A typed call; {@code fromChargingStation} says which side is calling, {@code timeout} may be null. With boot
     * gating, a call the registration status forbids fails at once, and a BootNotification's answer sets the status.
     */
    @SuppressWarnings("unchecked")
    <R> CompletableFuture<R> typedCall(Object request, boolean fromChargingStation, Duration timeout) {
        Objects.requireNonNull(request, "request");
        TypedBinding.Action action = TypedSupport.BINDING.action(request.getClass(), fromChargingStation,
                TypedSupport.BINDING.cannotCall(fromChargingStation));
        if (gating == null) {
            return TypedSupport.BINDING.call(engine, session(), action, request, timeout);
        }
        boolean boot = request instanceof BootNotificationRequest;
        try {
            if (!fromChargingStation) {
                gating.checkCsmsMaySend(identity(), action.name());
            } else if (boot) {
                gating.bootSent(identity());
            } else {
                gating.checkStationMaySend(identity(), action.name());
            }
        } catch (RegistrationStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<R> answer = TypedSupport.BINDING.call(engine, session(), action, request, timeout);
        if (!boot) {
            return answer;
        }
        // Recorded before the caller sees the answer, so that its next call is judged by the new status.
        return answer.thenApply(r -> {
            gating.record(identity(), ((BootNotificationResponse) r).getStatus());
            return r;
        });
    }
}
