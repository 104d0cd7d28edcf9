package dev.ocpp.core;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A CALL received from the peer, as a handler sees it.
 *
 * @param session   the connection it came on; a handler may make calls of its own on it
 * @param messageId the CALL's message id
 * @param action    the action name
 * @param payload   the request payload (owned by the handler)
 */
public record IncomingCall(OcppSession session, String messageId, String action, ObjectNode payload) {
}
