package dev.ocpp.core.typed;

import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.ConnectionInfo;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What every typed view of a session shares, whatever the version and role: the untyped session underneath, its
 * identity, version and lifecycle. The version modules' session views add the typed calls of their role.
 */
public abstract class TypedSession {

    private final OcppSession session;

    /**
     * @param session the untyped session
     * @param version the version the view is for
     * @throws IllegalArgumentException if the session negotiated another version
     */
    protected TypedSession(OcppSession session, OcppVersion version) {
        this.session = Objects.requireNonNull(session, "session");
        if (session.version() != version) {
            throw new IllegalArgumentException("session " + session.identity() + " speaks " + session.version()
                    + ", not " + version);
        }
    }

    /** The station's identity. */
    public String identity() {
        return session.identity();
    }

    /** The negotiated version: always the view's own. */
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
