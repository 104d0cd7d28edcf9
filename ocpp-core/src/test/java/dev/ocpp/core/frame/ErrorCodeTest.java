package dev.ocpp.core.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ErrorCode}: the canonical codes, their spellings per version, and parsing of every spelling. */
class ErrorCodeTest {

    /** Every spelling any version uses, with the code it stands for. */
    static Stream<Arguments> everySpelling() {
        return Stream.of(
                Arguments.of("FormatViolation", ErrorCode.FORMAT_VIOLATION),
                Arguments.of("FormationViolation", ErrorCode.FORMAT_VIOLATION),
                Arguments.of("GenericError", ErrorCode.GENERIC_ERROR),
                Arguments.of("InternalError", ErrorCode.INTERNAL_ERROR),
                Arguments.of("MessageTypeNotSupported", ErrorCode.MESSAGE_TYPE_NOT_SUPPORTED),
                Arguments.of("NotImplemented", ErrorCode.NOT_IMPLEMENTED),
                Arguments.of("NotSupported", ErrorCode.NOT_SUPPORTED),
                Arguments.of("OccurrenceConstraintViolation", ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION),
                Arguments.of("OccurenceConstraintViolation", ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION),
                Arguments.of("PropertyConstraintViolation", ErrorCode.PROPERTY_CONSTRAINT_VIOLATION),
                Arguments.of("ProtocolError", ErrorCode.PROTOCOL_ERROR),
                Arguments.of("RpcFrameworkError", ErrorCode.RPC_FRAMEWORK_ERROR),
                Arguments.of("SecurityError", ErrorCode.SECURITY_ERROR),
                Arguments.of("TypeConstraintViolation", ErrorCode.TYPE_CONSTRAINT_VIOLATION));
    }

    @ParameterizedTest(name = "\"{0}\" parses as {1}")
    @MethodSource("everySpelling")
    void parsesEverySpellingOfEveryVersion(String wire, ErrorCode expected) {
        assertThat(ErrorCode.parse(wire)).contains(expected);
    }

    @ParameterizedTest(name = "unknown code \"{0}\" parses as empty")
    @ValueSource(strings = {"", " ", "formatViolation", "FORMATVIOLATION", "Formatviolation", "GenericError ",
            " GenericError", "Generic Error", "OccurrrenceConstraintViolation", "OcurrenceConstraintViolation",
            "FormatViolations", "RPCFrameworkError", "MessageTypeNotSupport", "NotImplemented\u0000",
            "FooBar", "4", "-1"})
    void parsesUnknownStringsAsEmpty(String wire) {
        assertThat(ErrorCode.parse(wire)).isEmpty();
    }

    @ParameterizedTest(name = "whatever {0} sends parses back to the code it meant (or GenericError on 1.6)")
    @EnumSource(OcppVersion.class)
    void parsesWhatEachVersionSends(OcppVersion version) {
        Dialect dialect = Dialect.of(version);
        for (ErrorCode code : ErrorCode.values()) {
            boolean missingOn16 = version == OcppVersion.OCPP16
                    && (code == ErrorCode.RPC_FRAMEWORK_ERROR || code == ErrorCode.MESSAGE_TYPE_NOT_SUPPORTED);
            assertThat(ErrorCode.parse(dialect.errorCode(code))).as("%s on %s", code, version)
                    .contains(missingOn16 ? ErrorCode.GENERIC_ERROR : code);
        }
    }

    @Test
    void thereAreTheTwelveCodesOfOcpp2() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::v2Name))
                .containsExactlyInAnyOrder("FormatViolation", "GenericError", "InternalError",
                        "MessageTypeNotSupported", "NotImplemented", "NotSupported", "OccurrenceConstraintViolation",
                        "PropertyConstraintViolation", "ProtocolError", "RpcFrameworkError", "SecurityError",
                        "TypeConstraintViolation");
    }

    @Test
    void theTenCodesOfOcpp16KeepTheirTypos() {
        assertThat(Arrays.stream(ErrorCode.values()).flatMap(c -> c.v16Name().stream()))
                .containsExactlyInAnyOrder("NotImplemented", "NotSupported", "InternalError", "ProtocolError",
                        "SecurityError", "FormationViolation", "PropertyConstraintViolation",
                        "OccurenceConstraintViolation", "TypeConstraintViolation", "GenericError");
        assertThat(ErrorCode.FORMAT_VIOLATION.v16Name()).contains("FormationViolation");
        assertThat(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION.v16Name()).contains("OccurenceConstraintViolation");
    }

    @Test
    void ocpp16LacksRpcFrameworkErrorAndMessageTypeNotSupported() {
        assertThat(ErrorCode.RPC_FRAMEWORK_ERROR.v16Name()).isEmpty();
        assertThat(ErrorCode.MESSAGE_TYPE_NOT_SUPPORTED.v16Name()).isEmpty();
    }
}
