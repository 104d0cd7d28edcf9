package dev.ocpp.examples.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocpp.core.frame.MessageType;

/**
 * Just enough of an OCPP-J message to describe it in a log line: its type, id, action (CALL only) and error code
 * (CALLERROR only). The engine has already decoded the message properly; this second, lenient look exists only
 * because a {@link dev.ocpp.core.FrameListener} sees text, and a log must never fail on a malformed frame.
 *
 * @param type      the message type, or {@code null} if the text is not a recognisable OCPP-J frame
 * @param messageId the message id, or {@code null}
 * @param action    the action of a CALL (or SEND), else {@code null}
 * @param errorCode the error code of a CALLERROR (or CALLRESULTERROR), else {@code null}
 */
public record WireFrame(MessageType type, String messageId, String action, String errorCode) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Reads {@code text}; never throws. */
    public static WireFrame parse(String text) {
        try {
            JsonNode array = MAPPER.readTree(text);
            if (array == null || !array.isArray() || array.size() < 3 || !array.get(0).isInt()) {
                return new WireFrame(null, null, null, null);
            }
            MessageType type = MessageType.of(array.get(0).intValue());
            String id = array.get(1).asText(null);
            if (type == MessageType.CALL || type == MessageType.SEND) {
                return new WireFrame(type, id, array.get(2).asText(null), null);
            }
            if (type == MessageType.CALL_ERROR || type == MessageType.CALL_RESULT_ERROR) {
                return new WireFrame(type, id, null, array.get(2).asText(null));
            }
            return new WireFrame(type, id, null, null);
        } catch (Exception e) {
            return new WireFrame(null, null, null, null);
        }
    }

    /** Whether this frame answers a CALL. */
    public boolean isReply() {
        return type == MessageType.CALL_RESULT || type == MessageType.CALL_ERROR
                || type == MessageType.CALL_RESULT_ERROR;
    }

    /** A short upper-case name: CALL, CALLRESULT, CALLERROR, ... or ? for an unreadable frame. */
    public String typeName() {
        if (type == null) {
            return "?";
        }
        return type.name().replace("_", "");
    }
}
