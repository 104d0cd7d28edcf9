package dev.ocpp.testkit.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocpp.core.spi.support.LogSafe;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ocpp.core.FrameListener;
import java.util.Objects;

/**
 * One text frame crossing a faulty connection, as the rules of a {@link FaultPlan} see it: its direction, its OCPP-J
 * message type and id (OCPP-J 1.6 §4.1, OCPP 2.0.1 Part 4 §4.1: {@code [2, id, action, payload]} for a CALL,
 * {@code [3, id, payload]} for a CALLRESULT, {@code [4, id, code, description, details]} for a CALLERROR), and the
 * action: a CALL's own, or, for an answer, the action of the CALL with the same id that went the other way on this
 * connection.
 *
 * @param direction {@link FrameListener.Direction#OUT} from the wrapped client (the station) to the server (the
 *                  CSMS), {@link FrameListener.Direction#IN} the other way
 * @param type      the message type; {@link Type#OTHER} for anything that is not a readable OCPP-J frame
 * @param messageId the message id, or {@code null} if none could be read
 * @param action    the action, or {@code null} if unknown (an answer to a CALL this connection did not see)
 * @param text      the frame as sent
 */
public record Frame(FrameListener.Direction direction, Type type, String messageId, String action, String text) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The OCPP-J message types (OCPP-J 1.6 §4.1.3, OCPP 2.0.1 Part 4 §4.1.3), and everything else. */
    public enum Type {
        /** Message type 2. */
        CALL,
        /** Message type 3. */
        CALLRESULT,
        /** Message type 4. */
        CALLERROR,
        /** Not a readable OCPP-J frame of the types above. */
        OTHER
    }

    /** Checks the required parts. */
    public Frame {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
    }

    /** Whether this is an answer: a CALLRESULT or a CALLERROR. */
    public boolean isAnswer() {
        return type == Type.CALLRESULT || type == Type.CALLERROR;
    }

    /** One line for a decision log: direction, type and action, never the message id (random per run). */
    public String describe() {
        // The action comes from the peer: escaped and cut before it reaches a log line.
        return direction + " " + type + (action == null ? "" : " " + LogSafe.escape(action));
    }

    /**
     * Reads {@code text}'s envelope. {@code actionOfCall} names the action of an answer's CALL (from the answer's
     * id); it is not asked for CALLs.
     */
    static Frame read(FrameListener.Direction direction, String text,
            java.util.function.Function<String, String> actionOfCall) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (Exception e) {
            return new Frame(direction, Type.OTHER, null, null, text);
        }
        if (tree == null || !tree.isArray() || tree.size() < 2 || !tree.get(0).isInt() || !tree.get(1).isTextual()) {
            return new Frame(direction, Type.OTHER, null, null, text);
        }
        String id = tree.get(1).asText();
        switch (tree.get(0).asInt()) {
            case 2:
                return new Frame(direction, Type.CALL, id,
                        tree.size() > 2 && tree.get(2).isTextual() ? tree.get(2).asText() : null, text);
            case 3:
                return new Frame(direction, Type.CALLRESULT, id, actionOfCall.apply(id), text);
            case 4:
                return new Frame(direction, Type.CALLERROR, id, actionOfCall.apply(id), text);
            default:
                return new Frame(direction, Type.OTHER, id, null, text);
        }
    }

    /** This frame's text with message id {@code id} in place of its own; the text unchanged if it has none. */
    String withMessageId(String id) {
        try {
            JsonNode tree = JSON.readTree(text);
            ((com.fasterxml.jackson.databind.node.ArrayNode) tree).set(1, id);
            return JSON.writeValueAsString(tree);
        } catch (Exception e) {
            return text;
        }
    }
}
