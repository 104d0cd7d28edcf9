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
 * A connected 1.6 charge point, as the central system sees it: typed calls of the requests a central system sends.
 *
 * <p>Each call's future follows {@link OcppSession}'s outcome contract (response, {@code CallErrorException},
 * {@code CallTimeoutException}, {@code ConnectionClosedException}, ...), plus
 * {@link dev.ocpp.core.validation.PayloadValidationException} when the request breaks its schema (it is then never
 * sent) or the charge point's response does. Futures complete on the session's handler executor.
 */
public final class Ocpp16ChargePointSession {

    private final OcppSession session;
    private final TypedEngine engine;

    private Ocpp16ChargePointSession(OcppSession session, TypedEngine engine) {
        this.session = Objects.requireNonNull(session, "session");
        this.engine = engine;
    }

    /** A typed view of a 1.6 session on the central system's side, validating with the default options. */
    public static Ocpp16ChargePointSession of(OcppSession session) {
        return of(session, ValidationOptions.defaults());
    }

    /** A typed view of a 1.6 session on the central system's side. */
    public static Ocpp16ChargePointSession of(OcppSession session, ValidationOptions validation) {
        if (session.version() != OcppVersion.OCPP16) {
            throw new IllegalArgumentException("session " + session.identity() + " speaks " + session.version());
        }
        return new Ocpp16ChargePointSession(session, TypedSupport.engine(validation));
    }

    /** Sends {@code request} with the session's default timeout. */
    public <R extends Ocpp16Response> CompletableFuture<R> call(FromCentralSystem<R> request) {
        return TypedSupport.call(engine, session, request, false, null);
    }

    /** Sends {@code request} with its own timeout. */
    public <R extends Ocpp16Response> CompletableFuture<R> call(FromCentralSystem<R> request, Duration timeout) {
        return TypedSupport.call(engine, session, request, false, Objects.requireNonNull(timeout, "timeout"));
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
        return "Ocpp16ChargePointSession[" + session.identity() + "]";
    }
}
