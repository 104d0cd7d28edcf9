package dev.ocpp.core.typed;

import dev.ocpp.core.OcppSession;

/**
 * Where a typed request came from, for handlers that need more than the request itself.
 *
 * @param session   the connection the CALL arrived on; a handler may make calls of its own on it
 * @param messageId the CALL's message id
 * @param action    the action name
 */
public record CallContext(OcppSession session, String messageId, String action) {

    /** The identity of the charging station at the other end (or this end, on the station side). */
    public String identity() {
        return session.identity();
    }
}
