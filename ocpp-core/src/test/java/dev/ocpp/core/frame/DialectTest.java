package dev.ocpp.core.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Dialect}: error-code spellings, description limits and the CALLERROR factory, per version. */
class DialectTest {

    private static final Dialect V16 = Dialect.of(OcppVersion.OCPP16);
    private static final Dialect V201 = Dialect.of(OcppVersion.OCPP201);
    private static final Dialect V21 = Dialect.of(OcppVersion.OCPP21);
    private static final String GRINNING = "\uD83D\uDE00"; // U+1F600, one astral code point
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    // ------------------------------------------------------------------ spellings

    /** (code, what 1.6 sends, what 2.0.1 and 2.1 send). */
    static Stream<Arguments> spellings() {
        return Stream.of(
                Arguments.of(ErrorCode.FORMAT_VIOLATION, "FormationViolation", "FormatViolation"),
                Arguments.of(ErrorCode.GENERIC_ERROR, "GenericError", "GenericError"),
                Arguments.of(ErrorCode.INTERNAL_ERROR, "InternalError", "InternalError"),
                Arguments.of(ErrorCode.MESSAGE_TYPE_NOT_SUPPORTED, "GenericError", "MessageTypeNotSupported"),
                Arguments.of(ErrorCode.NOT_IMPLEMENTED, "NotImplemented", "NotImplemented"),
                Arguments.of(ErrorCode.NOT_SUPPORTED, "NotSupported", "NotSupported"),
                Arguments.of(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION, "OccurenceConstraintViolation",
                        "OccurrenceConstraintViolation"),
                Arguments.of(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION, "PropertyConstraintViolation",
                        "PropertyConstraintViolation"),
                Arguments.of(ErrorCode.PROTOCOL_ERROR, "ProtocolError", "ProtocolError"),
                Arguments.of(ErrorCode.RPC_FRAMEWORK_ERROR, "GenericError", "RpcFrameworkError"),
                Arguments.of(ErrorCode.SECURITY_ERROR, "SecurityError", "SecurityError"),
                Arguments.of(ErrorCode.TYPE_CONSTRAINT_VIOLATION, "TypeConstraintViolation",
                        "TypeConstraintViolation"));
    }

    @ParameterizedTest(name = "{0} is sent as \"{1}\" on 1.6 and \"{2}\" on 2.0.1 and 2.1")
    @MethodSource("spellings")
    void spellsEachCodeAsTheVersionDoes(ErrorCode code, String on16, String on2x) {
        assertThat(V16.errorCode(code)).isEqualTo(on16);
        assertThat(V201.errorCode(code)).isEqualTo(on2x);
        assertThat(V21.errorCode(code)).isEqualTo(on2x);
    }

    @Test
    void spellingTableCoversEveryCode() {
        assertThat(spellings().map(a -> (ErrorCode) a.get()[0])).containsExactlyInAnyOrder(ErrorCode.values());
    }

    @Test
    void ocpp16SendsOnlyTheTenCodesOfItsTable7() {
        assertThat(Arrays.stream(ErrorCode.values()).map(V16::errorCode))
                .allMatch(c -> Stream.of("NotImplemented", "NotSupported", "InternalError", "ProtocolError",
                        "SecurityError", "FormationViolation", "PropertyConstraintViolation",
                        "OccurenceConstraintViolation", "TypeConstraintViolation", "GenericError")
                        .anyMatch(c::equals));
    }

    @Test
    void dialectsAreOnePerVersion() {
        for (OcppVersion v : OcppVersion.values()) {
            assertThat(Dialect.of(v).version()).isEqualTo(v);
            assertThat(Dialect.of(v)).isSameAs(Dialect.of(v));
        }
    }

    @Test
    void callResultErrorAndSendExistOnlyIn21() {
        for (MessageType t : MessageType.values()) {
            boolean only21 = t == MessageType.CALL_RESULT_ERROR || t == MessageType.SEND;
            assertThat(V16.supports(t)).as("1.6 supports %s", t).isEqualTo(!only21);
            assertThat(V201.supports(t)).as("2.0.1 supports %s", t).isEqualTo(!only21);
            assertThat(V21.supports(t)).as("2.1 supports %s", t).isTrue();
        }
    }

    // ------------------------------------------------------------------ errorDescription limits

    @Test
    void descriptionsAreLimitedTo255On2xAndUnboundedOn16() {
        assertThat(V201.maxErrorDescriptionLength()).isEqualTo(255);
        assertThat(V21.maxErrorDescriptionLength()).isEqualTo(255);
        assertThat(V16.maxErrorDescriptionLength()).isEqualTo(Integer.MAX_VALUE);
    }

    @ParameterizedTest(name = "on {0} a description of exactly 255 chars is kept whole")
    @EnumSource(OcppVersion.class)
    void keepsADescriptionOfExactly255(OcppVersion v) {
        String s = "d".repeat(255);
        assertThat(Dialect.of(v).fitDescription(s)).isEqualTo(s);
    }

    @ParameterizedTest(name = "on {0} a short description is kept as is")
    @EnumSource(OcppVersion.class)
    void keepsShortDescriptions(OcppVersion v) {
        assertThat(Dialect.of(v).fitDescription("")).isEmpty();
        assertThat(Dialect.of(v).fitDescription("Payload for action is incomplete " + GRINNING))
                .isEqualTo("Payload for action is incomplete " + GRINNING);
    }

    @ParameterizedTest(name = "on {0} a 256-char description is cut to its first 255 chars")
    @EnumSource(value = OcppVersion.class, names = {"OCPP201", "OCPP21"})
    void cutsA256CharDescriptionTo255On2x(OcppVersion v) {
        String s = "a".repeat(255) + "b";
        assertThat(Dialect.of(v).fitDescription(s)).isEqualTo("a".repeat(255));
    }

    @ParameterizedTest(name = "on {0} a surrogate pair straddling the 255-char boundary is dropped whole")
    @EnumSource(value = OcppVersion.class, names = {"OCPP201", "OCPP21"})
    void neverSplitsASurrogatePairStraddlingTheBoundary(OcppVersion v) {
        // chars 0..253 are 'a', the pair occupies 254 (high) and 255 (low): cutting at 255 would split it.
        String s = "a".repeat(254) + GRINNING + "tail";
        String fitted = Dialect.of(v).fitDescription(s);
        assertThat(fitted).isEqualTo("a".repeat(254));
        assertThat(Character.isHighSurrogate(fitted.charAt(fitted.length() - 1))).isFalse();
    }

    @ParameterizedTest(name = "on {0} a surrogate pair ending exactly at char 255 is kept")
    @EnumSource(value = OcppVersion.class, names = {"OCPP201", "OCPP21"})
    void keepsASurrogatePairEndingAtTheBoundary(OcppVersion v) {
        String s = "a".repeat(253) + GRINNING + "tail";
        assertThat(Dialect.of(v).fitDescription(s)).isEqualTo("a".repeat(253) + GRINNING);
    }

    @ParameterizedTest(name = "on {0} a description made only of astral chars is cut between pairs")
    @EnumSource(value = OcppVersion.class, names = {"OCPP201", "OCPP21"})
    void cutsAllAstralDescriptionsBetweenPairs(OcppVersion v) {
        String s = GRINNING.repeat(200); // 400 chars; char 254 is a high surrogate
        String fitted = Dialect.of(v).fitDescription(s);
        assertThat(fitted).isEqualTo(GRINNING.repeat(127));
        assertThat(fitted.codePoints()).allMatch(cp -> cp == 0x1F600);
    }

    @Test
    void ocpp16KeepsLongDescriptionsWhole() {
        String ascii = "x".repeat(100_000);
        String astral = GRINNING.repeat(5_000);
        assertThat(V16.fitDescription(ascii)).isEqualTo(ascii);
        assertThat(V16.fitDescription(astral)).isEqualTo(astral);
        assertThat(V16.callError("abc", ErrorCode.INTERNAL_ERROR, ascii, null).errorDescription())
                .isEqualTo(ascii);
    }

    // ------------------------------------------------------------------ CALLERROR factory

    @ParameterizedTest(name = "on {0} a CALLERROR without details carries '{}'")
    @EnumSource(OcppVersion.class)
    void callErrorWithoutDetailsCarriesEmptyObject(OcppVersion v) {
        Frame.CallError e = Dialect.of(v).callError("abc", ErrorCode.INTERNAL_ERROR, "boom", null);
        assertThat(e.messageId()).isEqualTo("abc");
        assertThat(e.errorCode()).isEqualTo("InternalError");
        assertThat(e.errorDescription()).isEqualTo("boom");
        assertThat(e.errorDetails()).isEqualTo(NODES.objectNode());
        assertThat(new FrameCodec(Dialect.of(v)).encode(e)).isEqualTo("[4,\"abc\",\"InternalError\",\"boom\",{}]");
    }

    @ParameterizedTest(name = "on {0} a CALLERROR keeps the details it is given")
    @EnumSource(OcppVersion.class)
    void callErrorKeepsGivenDetails(OcppVersion v) {
        ObjectNode details = NODES.objectNode().put("field", "idTag");
        Frame.CallError e = Dialect.of(v).callError("abc", ErrorCode.PROPERTY_CONSTRAINT_VIOLATION, "bad", details);
        assertThat(e.errorDetails()).isEqualTo(NODES.objectNode().put("field", "idTag"));
    }

    @Test
    void callErrorSpellsTheCodeForTheVersion() {
        assertThat(V16.callError("a", ErrorCode.RPC_FRAMEWORK_ERROR, "x", null).errorCode()).isEqualTo("GenericError");
        assertThat(V16.callError("a", ErrorCode.MESSAGE_TYPE_NOT_SUPPORTED, "x", null).errorCode())
                .isEqualTo("GenericError");
        assertThat(V16.callError("a", ErrorCode.FORMAT_VIOLATION, "x", null).errorCode())
                .isEqualTo("FormationViolation");
        assertThat(V16.callError("a", ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION, "x", null).errorCode())
                .isEqualTo("OccurenceConstraintViolation");
        for (Dialect d : new Dialect[] {V201, V21}) {
            assertThat(d.callError("a", ErrorCode.RPC_FRAMEWORK_ERROR, "x", null).errorCode())
                    .isEqualTo("RpcFrameworkError");
            assertThat(d.callError("a", ErrorCode.MESSAGE_TYPE_NOT_SUPPORTED, "x", null).errorCode())
                    .isEqualTo("MessageTypeNotSupported");
            assertThat(d.callError("a", ErrorCode.FORMAT_VIOLATION, "x", null).errorCode())
                    .isEqualTo("FormatViolation");
            assertThat(d.callError("a", ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION, "x", null).errorCode())
                    .isEqualTo("OccurrenceConstraintViolation");
        }
    }

    @ParameterizedTest(name = "on {0} a CALLERROR's description is cut without splitting a surrogate pair")
    @EnumSource(value = OcppVersion.class, names = {"OCPP201", "OCPP21"})
    void callErrorCutsItsDescription(OcppVersion v) {
        String s = "a".repeat(254) + GRINNING + "tail";
        Frame.CallError e = Dialect.of(v).callError("abc", ErrorCode.GENERIC_ERROR, s, null);
        assertThat(e.errorDescription()).isEqualTo("a".repeat(254));
        String wire = new FrameCodec(Dialect.of(v)).encode(e);
        assertThat(wire).isEqualTo("[4,\"abc\",\"GenericError\",\"" + "a".repeat(254) + "\",{}]");
    }
}
