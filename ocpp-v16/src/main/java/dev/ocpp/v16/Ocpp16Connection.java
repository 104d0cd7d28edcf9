package dev.ocpp.v16;

import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.internal.typed.TypedEngine;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v16.internal.TypedSupport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What both typed 1.6 session views share: the untyped session underneath, its identity, version and lifecycle.
 * The subclasses add the typed calls of their role.
 */
public abstract sealed class Ocpp16Connection permits Ocpp16CentralSystemSession, Ocpp16ChargePointSession {

    private final OcppSession session;
    private final TypedEngine engine;

    Ocpp16Connection(OcppSession session, ValidationOptions validation) {
        this.session = Objects.requireNonNull(session, "session");
        if (session.version() != OcppVersion.OCPP16) {
            throw new IllegalArgumentException("session " + session.identity() + " speaks " + session.version());
        }
        this.engine = TypedSupport.BINDING.engine(validation);
    }

    /** A typed call; {@code fromChargePoint} says which side is calling, {@code timeout} may be null. */
    <R> CompletableFuture<R> typedCall(Object request, boolean fromChargePoint, Duration timeout) {
        return TypedSupport.BINDING.call(engine, session, request, fromChargePoint, timeout);
    }

    /** The charge point's identity. */
    public String identity() {
        return session.identity();
    }

    /** Always {@link OcppVersion#OCPP16}. */
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
