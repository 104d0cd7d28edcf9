package dev.ocpp.testkit.arbitraries;

import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.frame.Dialect;
import java.util.Objects;
import java.util.Optional;

/**
 * A CALL frame broken in exactly one place, with what the receiver must do about it: answer with a CALLERROR of a
 * given code (OCPP-J 1.6 §4.2.3, OCPP 2.0.1 Part 4 §4.2.3 and §4.3), or send nothing at all where the version says to
 * ignore the message (1.6 §4.1.3 for an unknown message type; a 1.6 CALL whose message id cannot be read has no id to
 * answer to). Obtained from {@link OcppArbitraries#brokenCalls}.
 *
 * @param version   the version the frame is sent in
 * @param action    the action the frame was made from (the action of the valid CALL before it was broken); for
 *                  {@link Fault#UNKNOWN_ACTION} the frame names another one
 * @param messageId the message id the CALL was made with; where the break is in the id itself, the id as written
 *                  into the frame (or the one it would have had, for {@link Fault#MESSAGE_ID_NOT_A_STRING})
 * @param frame     the text to send, exactly as it goes on the wire
 * @param fault     what was broken
 * @param detail    where and how, for a failure report: the payload path for a schema breakage, the bad element
 *                  for a frame-level one
 * @param reaction  what the receiver must do
 */
public record BrokenCall(OcppVersion version, String action, String messageId, String frame, Fault fault,
                         String detail, Reaction reaction) {

    public BrokenCall {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(reaction, "reaction");
    }

    /** What was broken, each kind breaking one thing of an otherwise valid CALL. */
    public enum Fault {
        /** A required payload property removed (schema {@code required}). */
        MISSING_REQUIRED,
        /** A payload value of the wrong JSON type, {@code null} included. */
        WRONG_TYPE,
        /** A string one code point over its {@code maxLength}. */
        OVERLONG_STRING,
        /** An enumerated string outside its set (a member in the wrong case included). */
        OUTSIDE_ENUM,
        /** A property the (closed) object does not define. */
        EXTRA_PROPERTY,
        /** A {@code date-time} string that is no RFC 3339 date-time. */
        MALFORMED_DATE_TIME,
        /** An array below its {@code minItems}. */
        TOO_FEW_ITEMS,
        /** An array above its {@code maxItems}. */
        TOO_MANY_ITEMS,
        /** An integer below its {@code minimum}. */
        BELOW_MINIMUM,
        /** An integer above its {@code maximum}. */
        ABOVE_MAXIMUM,
        /** The frame is cut short: the JSON ends before the array is closed, the message id still readable. */
        TRUNCATED_JSON,
        /** The text is no JSON at all, or JSON but not an array. */
        NOT_A_JSON_ARRAY,
        /** The message type id is a number no version up to the frame's defines for it (or 5/6 before 2.1). */
        UNKNOWN_MESSAGE_TYPE,
        /** The message type id is not a number ({@code "2"}). */
        MESSAGE_TYPE_NOT_A_NUMBER,
        /** An element is missing: the payload, the action, or both. */
        MISSING_ELEMENT,
        /** The action is not a string. */
        ACTION_NOT_A_STRING,
        /** The payload is not a JSON object (an array, a string, a number, or {@code null} where 2.x forbids it). */
        PAYLOAD_NOT_AN_OBJECT,
        /** The message id is longer than 36 characters (OCPP-J 1.6 Table 3, 2.0.1 Part 4 Table 4). */
        MESSAGE_ID_TOO_LONG,
        /** The message id is not a string. */
        MESSAGE_ID_NOT_A_STRING,
        /** The action is not one the version defines (action names are case-sensitive). */
        UNKNOWN_ACTION;

        /** Whether the break is in the payload, against its schema, rather than in the frame around it. */
        public boolean inPayload() {
            return ordinal() <= ABOVE_MAXIMUM.ordinal();
        }
    }

    /** What a receiver must do with a broken CALL. */
    public sealed interface Reaction permits Reply, Ignore {
    }

    /**
     * Answer with a CALLERROR.
     *
     * @param code      the code, as {@link ErrorCode} names it; {@link #wireCode} gives the version's spelling
     * @param messageId the id the CALLERROR must carry: the CALL's, or {@code "-1"} where OCPP 2.0.1 Part 4 §4.2.3
     *                  says so because the CALL's id cannot be read or used
     */
    public record Reply(ErrorCode code, String messageId) implements Reaction {
        public Reply {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(messageId, "messageId");
        }
    }

    /**
     * Send nothing back: the version says the message is ignored, or it gives no id to answer to.
     *
     * @param rule why, with the spec section
     */
    public record Ignore(String rule) implements Reaction {
        public Ignore {
            Objects.requireNonNull(rule, "rule");
        }
    }

    /** Whether the receiver must answer with a CALLERROR (rather than ignore the frame). */
    public boolean answered() {
        return reaction instanceof Reply;
    }

    /** The CALLERROR code the receiver must answer with, or empty where it must not answer. */
    public Optional<ErrorCode> errorCode() {
        return reaction instanceof Reply r ? Optional.of(r.code()) : Optional.empty();
    }

    /**
     * The CALLERROR code as the version spells it on the wire ({@code OccurenceConstraintViolation} and
     * {@code FormationViolation} in 1.6, OCPP-J 1.6 §4.2.3 Table 7 and 1.6-J errata §5).
     *
     * @throws IllegalStateException if the receiver must not answer at all
     */
    public String wireCode() {
        return Dialect.of(version).errorCode(errorCode().orElseThrow(
                () -> new IllegalStateException("no CALLERROR is expected for " + this)));
    }

    /**
     * The message id the CALLERROR must carry.
     *
     * @throws IllegalStateException if the receiver must not answer at all
     */
    public String answerId() {
        if (reaction instanceof Reply r) {
            return r.messageId();
        }
        throw new IllegalStateException("no CALLERROR is expected for " + this);
    }

    @Override
    public String toString() {
        return version + " " + action + " " + fault + " (" + detail + ") -> "
                + (reaction instanceof Reply r ? Dialect.of(version).errorCode(r.code()) + " id " + r.messageId()
                : "no answer: " + ((Ignore) reaction).rule())
                + ": " + (frame.length() > 300 ? frame.substring(0, 300) + "..." : frame);
    }
}
