package dev.ocpp.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.frame.Dialect;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins {@link Violation.Kind#errorCode()} kind by kind, and the wire spelling each version sends for it. The version
 * modules only re-export this mapping, so a swap here would reach every peer; this test is what keeps it in place.
 *
 * <p>The spec facts (OCPP-J 1.6 §4.2.3 Table 7; OCPP 2.0.1 Part 4 §4.3 Table 8, same in 2.1):
 * <ul>
 *   <li>OccurrenceConstraintViolation: "at least one of the fields violates occurrence constraints", i.e. a
 *       required field is missing or an array has too few or too many elements. 1.6 spells it
 *       {@code OccurenceConstraintViolation} (one r), a typo the 1.6 errata keep;</li>
 *   <li>TypeConstraintViolation: "at least one of the fields violates data type constraints (e.g. "somestring":
 *       12)". A date-time that is no date-time breaks the data type too; that is this library's reading, kept
 *       for both versions;</li>
 *   <li>PropertyConstraintViolation: "at least one field contains an invalid value", such as a string over its
 *       length or a value outside its enumeration or range;</li>
 *   <li>FormatViolation: "payload for action is syntactically incorrect or not conform the PDU structure", which
 *       covers a payload that is no object and a field the message does not define. 1.6 spells it
 *       {@code FormationViolation}.</li>
 * </ul>
 */
class ViolationMappingTest {

    /** kind, canonical code, 1.6 wire code, 2.0.1 wire code, 2.1 wire code. */
    static Stream<Arguments> everyKind() {
        return Stream.of(
                Arguments.of(Violation.Kind.MISSING, ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION,
                        "OccurenceConstraintViolation", "OccurrenceConstraintViolation",
                        "OccurrenceConstraintViolation"),
                Arguments.of(Violation.Kind.COUNT, ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION,
                        "OccurenceConstraintViolation", "OccurrenceConstraintViolation",
                        "OccurrenceConstraintViolation"),
                Arguments.of(Violation.Kind.TYPE, ErrorCode.TYPE_CONSTRAINT_VIOLATION,
                        "TypeConstraintViolation", "TypeConstraintViolation", "TypeConstraintViolation"),
                Arguments.of(Violation.Kind.FORMAT, ErrorCode.TYPE_CONSTRAINT_VIOLATION,
                        "TypeConstraintViolation", "TypeConstraintViolation", "TypeConstraintViolation"),
                Arguments.of(Violation.Kind.TOO_LONG, ErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
                        "PropertyConstraintViolation", "PropertyConstraintViolation", "PropertyConstraintViolation"),
                Arguments.of(Violation.Kind.VALUE, ErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
                        "PropertyConstraintViolation", "PropertyConstraintViolation", "PropertyConstraintViolation"),
                Arguments.of(Violation.Kind.UNKNOWN_PROPERTY, ErrorCode.FORMAT_VIOLATION,
                        "FormationViolation", "FormatViolation", "FormatViolation"),
                Arguments.of(Violation.Kind.NOT_AN_OBJECT, ErrorCode.FORMAT_VIOLATION,
                        "FormationViolation", "FormatViolation", "FormatViolation"));
    }

    @ParameterizedTest(name = "{0} is {1}: {2} on 1.6, {3} on 2.0.1, {4} on 2.1")
    @MethodSource("everyKind")
    void eachKindIsAnsweredWithItsSpecCodeInEachVersionsSpelling(Violation.Kind kind, ErrorCode code, String v16,
                                                                String v201, String v21) {
        assertThat(kind.errorCode()).isEqualTo(code);
        assertThat(Dialect.of(OcppVersion.OCPP16).errorCode(kind.errorCode())).isEqualTo(v16);
        assertThat(Dialect.of(OcppVersion.OCPP201).errorCode(kind.errorCode())).isEqualTo(v201);
        assertThat(Dialect.of(OcppVersion.OCPP21).errorCode(kind.errorCode())).isEqualTo(v21);
    }

    /** A kind added later must be given its code here too, not fall through unpinned. */
    @Test
    void theTableCoversEveryKind() {
        Set<Violation.Kind> pinned = everyKind().map(a -> (Violation.Kind) a.get()[0])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Violation.Kind.class)));
        assertThat(pinned).isEqualTo(EnumSet.allOf(Violation.Kind.class));
        assertThat(everyKind()).hasSize(Violation.Kind.values().length);
    }

    /** Schema violations never map to codes meant for the framing or the application. */
    @Test
    void noKindMapsOutsideTheFourPayloadCodes() {
        Set<ErrorCode> used = EnumSet.noneOf(ErrorCode.class);
        for (Violation.Kind k : Violation.Kind.values()) {
            used.add(k.errorCode());
        }
        assertThat(used).containsExactlyInAnyOrder(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION,
                ErrorCode.TYPE_CONSTRAINT_VIOLATION, ErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
                ErrorCode.FORMAT_VIOLATION);
    }
}
