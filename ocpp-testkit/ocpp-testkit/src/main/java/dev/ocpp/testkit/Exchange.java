package dev.ocpp.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.typed.OcppJson;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One CALL and its answer as seen on the wire (OCPP-J 1.6 §4.1, OCPP 2.0.1 Part 4 §4): who called, the action, the
 * request payload and, once it came, the CALLRESULT payload or the CALLERROR. A {@link Journal} holds them in the
 * order the CALLs travelled. Immutable: an answer that arrives later gives a new instance in the journal.
 *
 * @param sequence the position in its journal, from 0
 * @param identity the station identity of the session it travelled on
 * @param caller who sent the CALL
 * @param messageId the CALL's message id
 * @param action the CALL's action name
 * @param request the CALL's payload
 * @param response the CALLRESULT's payload, or null when there is none (yet)
 * @param error the CALLERROR, or null when there is none (yet)
 * @param calledAt when the CALL travelled, by the journal's clock
 * @param answeredAt when the answer travelled, or null
 */
public record Exchange(long sequence, String identity, Role caller, String messageId, String action,
        ObjectNode request, ObjectNode response, CallError error, Instant calledAt, Instant answeredAt) {

    public Exchange {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(calledAt, "calledAt");
    }

    /**
     * A CALLERROR as received (OCPP-J 1.6 §4.2.3, OCPP 2.0.1 Part 4 §4.2.3): the wire error code, kept as sent so
     * that a wrong code is visible as such.
     */
    public record CallError(String code, String description, ObjectNode details) {
        public CallError {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(description, "description");
        }
    }

    /** Whether an answer, CALLRESULT or CALLERROR, has travelled. */
    public boolean answered() {
        return response != null || error != null;
    }

    /** Whether the answer was a CALLERROR. */
    public boolean failed() {
        return error != null;
    }

    /** The request as the version's generated class, e.g. {@code request(BootNotificationRequest.class)}. */
    public <T> T request(Class<T> type) {
        return convert(request, type);
    }

    /** The CALLRESULT payload as the version's generated class; empty while unanswered or after a CALLERROR. */
    public <T> Optional<T> response(Class<T> type) {
        return response == null ? Optional.empty() : Optional.of(convert(response, type));
    }

    /** This exchange completed by a CALLRESULT. */
    public Exchange withResponse(ObjectNode payload, Instant at) {
        return new Exchange(sequence, identity, caller, messageId, action, request, payload, null, calledAt, at);
    }

    /** This exchange completed by a CALLERROR. */
    public Exchange withError(CallError callError, Instant at) {
        return new Exchange(sequence, identity, caller, messageId, action, request, null, callError, calledAt, at);
    }

    /** A short line for failure messages: {@code #3 STATION->CSMS BootNotification {...} => {...}}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append('#').append(sequence).append(' ').append(identity).append(' ').append(caller).append("->")
                .append(caller.peer()).append(' ').append(action).append(' ').append(request);
        if (response != null) {
            b.append(" => ").append(response);
        } else if (error != null) {
            b.append(" => CALLERROR ").append(error.code()).append(' ').append(error.description());
        } else {
            b.append(" => (no answer)");
        }
        return b.toString();
    }

    private static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return OcppJson.mapper().treeToValue(node, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("payload is not a " + type.getSimpleName() + ": " + node, e);
        }
    }
}
