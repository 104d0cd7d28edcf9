package dev.ocpp.core.validation;

import dev.ocpp.core.ErrorCode;
import java.util.Objects;

/**
 * One way in which a payload breaks its message schema.
 *
 * @param kind    what was broken; decides the CALLERROR code (see {@link Kind})
 * @param path    the field, as a dotted path with array indices ({@code meterValue[0].sampledValue[1].unit}); empty
 *                for the payload itself
 * @param message a short, human-readable reason
 */
public record Violation(Kind kind, String path, String message) {

    public Violation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code path: message}, or just the message for the payload itself. */
    public String describe() {
        return path.isEmpty() ? message : path + ": " + message;
    }

    /**
     * The classes of schema violation, each answered with its own CALLERROR code (OCPP-J 1.6 §4.2.3 Table 7,
     * OCPP 2.0.1 Part 4 §4.3 Table 8). {@link #errorCode()} gives the mapping both versions use; the session's dialect
     * spells the code as its version does.
     */
    public enum Kind {
        /** A required field is absent: OccurrenceConstraintViolation. */
        MISSING,
        /** An array has fewer or more elements than allowed: OccurrenceConstraintViolation. */
        COUNT,
        /** A field has the wrong JSON type, e.g. a string where an integer belongs: TypeConstraintViolation. */
        TYPE,
        /** A string breaks its format, e.g. a date-time that is not RFC 3339: TypeConstraintViolation. */
        FORMAT,
        /** A string is longer than its maxLength: PropertyConstraintViolation. */
        TOO_LONG,
        /** A value is out of range, not in the enumeration, or otherwise invalid: PropertyConstraintViolation. */
        VALUE,
        /**
         * A field the schema does not define, where extra fields are forbidden: FormatViolation (FormationViolation
         * on 1.6), since the payload does not conform to the message's structure.
         */
        UNKNOWN_PROPERTY,
        /** The payload is not a JSON object at all: FormatViolation (FormationViolation on 1.6). */
        NOT_AN_OBJECT;

        /** The CALLERROR code for this kind of violation, the same in OCPP 1.6J and 2.0.1. */
        public ErrorCode errorCode() {
            return switch (this) {
                case MISSING, COUNT -> ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION;
                case TYPE, FORMAT -> ErrorCode.TYPE_CONSTRAINT_VIOLATION;
                case TOO_LONG, VALUE -> ErrorCode.PROPERTY_CONSTRAINT_VIOLATION;
                case UNKNOWN_PROPERTY, NOT_AN_OBJECT -> ErrorCode.FORMAT_VIOLATION;
            };
        }
    }
}
