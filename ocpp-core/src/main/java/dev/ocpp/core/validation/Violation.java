package dev.ocpp.core.validation;

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
     * OCPP 2.0.1 Part 4 §4.3 Table 8). The version modules map them to codes; the usual mapping is given here.
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
        /** A field the schema does not define, where extra fields are forbidden. */
        UNKNOWN_PROPERTY,
        /** The payload is not a JSON object at all: FormatViolation (FormationViolation on 1.6). */
        NOT_AN_OBJECT
    }
}
