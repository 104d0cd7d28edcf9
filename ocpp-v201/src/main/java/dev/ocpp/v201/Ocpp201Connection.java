package dev.ocpp.v201;

import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStateException;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.core.internal.typed.TypedEngine;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v201.internal.TypedSupport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What both typed 2.0.1 session views share: the untyped session underneath, its identity, version and lifecycle.
 * The subclasses add the typed calls of their role.
 */
public abstract sealed class Ocpp201Connection permits Ocpp201CsmsSession, Ocpp201ChargingStationSession {

    private final OcppSession session;
    private final TypedEngine engine;
    /** The boot-gating policy this view applies to its calls, or {@code null}. */
    final Ocpp201BootGating gating;

    Ocpp201Connection(OcppSession session, ValidationOptions validation, Ocpp201BootGating gating) {
        this.session = Objects.requireNonNull(session, "session");
        if (session.version() != OcppVersion.OCPP201) {
            throw new IllegalArgumentException("session " + session.identity() + " speaks " + session.version());
        }
        this.engine = TypedSupport.BINDING.engine(validation);
        this.gating = gating;
    }

    /** A typed call; {@code fromChargingStation} says which side is calling, {@code timeout} may be null. */
    @SuppressWarnings("unchecked")
    <R> CompletableFuture<R> typedCall(Object request, boolean fromChargingStation, Duration timeout) {
        if (gating == null) {
            return TypedSupport.BINDING.call(engine, session, request, fromChargingStation, timeout);
        }
        Objects.requireNonNull(request, "request");
        String action = TypedSupport.BINDING.action(request.getClass(), fromChargingStation,
                TypedSupport.BINDING.cannotCall(fromChargingStation)).name();
        boolean boot = request instanceof BootNotificationRequest;
        try {
            if (!fromChargingStation) {
                gating.checkCsmsMaySend(identity(), action);
            } else if (boot) {
                gating.bootSent(identity());
            } else {
                gating.checkStationMaySend(identity(), action);
            }
        } catch (RegistrationStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<R> answer = TypedSupport.BINDING.call(engine, session, request, fromChargingStation,
                timeout);
        if (!boot) {
            return answer;
        }
        // Recorded before the caller sees the answer, so that its next call is judged by the new status.
        return answer.thenApply(r -> {
            gating.record(identity(), ((BootNotificationResponse) r).getStatus());
            return r;
        });
    }

    /** The charging station's identity. */
    public String identity() {
        return session.identity();
    }

    /** Always {@link OcppVersion#OCPP201}. */
    public OcppVersion version() {
        return session.version();
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    /** Addresses, credentials and certificates from the handshake. */
    public ConnectionInfo connectionInfo() {
        return session.connectionInfo();
    }

    /** Completes with the close code and reason when the connection has closed. */
    public CompletableFuture<OcppSession.CloseReason> closeFuture() {
        return session.closeFuture();
    }

    /** The untyped session underneath. */
    public OcppSession session() {
        return session;
    }

    /** Closes the connection normally. */
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + session.identity() + "]";
    }
}
