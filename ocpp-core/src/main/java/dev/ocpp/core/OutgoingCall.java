package dev.ocpp.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A CALL of ours on its way through the session's {@link CallInterceptor}s, before it is queued.
 *
 * @param session the session it is made on
 * @param action  the action name
 * @param payload the request payload
 * @param options per-call settings
 */
public record OutgoingCall(OcppSession session, String action, ObjectNode payload, CallOptions options) {

    public OutgoingCall {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(options, "options");
    }

    /** The same call with another payload, for an interceptor that rewrites it. */
    public OutgoingCall withPayload(ObjectNode newPayload) {
        return new OutgoingCall(session, action, newPayload, options);
    }
}
