package dev.ocpp.core;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.frame.Frame;
import dev.ocpp.core.spi.support.LogSafe;
import java.util.Objects;

/**
 * A CALLERROR, in both directions (OCPP-J 1.6 §4.2.3, OCPP 2.0.1 Part 4 §4.2.3).
 *
 * <ul>
 *   <li>A call whose peer answered with a CALLERROR completes exceptionally with this exception; it carries the
 *       code exactly as received ({@link #wireCode()}) and its meaning ({@link #code()}).</li>
 *   <li>A handler may throw it to answer a CALL with that error: the engine sends {@link #code()} spelled for the
 *       session's version, the description (cut to the version's limit) and the details.</li>
 * </ul>
 */
public class CallErrorException extends OcppException {

    private static final long serialVersionUID = 1L;
    /** How much of a received description the message keeps: the OCPP 2.x limit for errorDescription. */
    private static final int MAX_MESSAGE_DESCRIPTION = 255;

    private final ErrorCode code;
    private final String wireCode;
    private final String description;
    private final transient ObjectNode details;

    /** An error to send from a handler, without details. */
    public CallErrorException(ErrorCode code, String description) {
        this(code, description, null);
    }

    /** An error to send from a handler. */
    public CallErrorException(ErrorCode code, String description, ObjectNode details) {
        this(code, code.v2Name(), description, details);
    }

    private CallErrorException(ErrorCode code, String wireCode, String description, ObjectNode details) {
        this(code, wireCode, description, details,
                wireCode + (description == null || description.isEmpty() ? "" : ": " + description));
    }

    private CallErrorException(ErrorCode code, String wireCode, String description, ObjectNode details,
                               String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.wireCode = wireCode;
        this.description = description == null ? "" : description;
        this.details = details == null ? JsonNodeFactory.instance.objectNode() : details;
    }

    /**
     * The exception for a received CALLERROR. An error code no version defines is kept in {@link #wireCode()} and
     * reads as {@link ErrorCode#GENERIC_ERROR}.
     */
    public static CallErrorException received(Frame.CallError frame) {
        ErrorCode code = ErrorCode.parse(frame.errorCode()).orElse(ErrorCode.GENERIC_ERROR);
        // The peer wrote code and description: the message, which ends up in logs and stack traces, gets them
        // escaped and cut; wireCode() and description() keep them exactly for code that inspects them.
        return new CallErrorException(code, frame.errorCode(), frame.errorDescription(), frame.errorDetails(),
                LogSafe.escape(frame.errorCode()) + (frame.errorDescription() == null
                        || frame.errorDescription().isEmpty() ? "" : ": " + LogSafe.escape(frame.errorDescription(),
                        MAX_MESSAGE_DESCRIPTION)));
    }

    /** What the error means, whatever spelling carried it. */
    public ErrorCode code() {
        return code;
    }

    /** The code as it appeared (or will appear, modulo version spelling) on the wire. */
    public String wireCode() {
        return wireCode;
    }

    /** The errorDescription; empty if none. */
    public String description() {
        return description;
    }

    /** The errorDetails object; empty if none. */
    public ObjectNode details() {
        return details;
    }
}
