package dev.ocpp.examples.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import org.junit.jupiter.api.Test;

/** Corners of {@link FrameLogValidator} that the command's sample logs do not reach. */
class FrameLogValidatorTest {

    private final FrameLogValidator validator = new FrameLogValidator();

    @Test
    void aCallErrorAnswersItsCallSoALaterCallResultForTheSameIdIsReported() {
        assertThat(validator.check(1, "[2,\"7\",\"Heartbeat\",{}]").valid()).isTrue();
        assertThat(validator.check(2, "[4,\"7\",\"InternalError\",\"oops\",{}]").valid()).isTrue();

        assertThat(validator.check(3, "[3,\"7\",{\"currentTime\":\"2025-03-01T12:00:00Z\"}]"))
                .hasToString("3 GenericError the CALL with id \"7\" on line 1 was already answered on line 2");
    }

    @Test
    void aReplyWithAMessageIdLongerThan36CharactersIsAGenericError() {
        String id = "x".repeat(37);

        assertThat(validator.check(1, "[3,\"" + id + "\",{}]"))
                .hasToString("1 GenericError message id is longer than 36 characters");
    }

    @Test
    void aReplyToACallOfAnUnknownActionCannotBeCheckedAndSaysWhy() {
        validator.check(1, "[2,\"1\",\"Hello\",{}]");

        FrameLogValidator.Verdict v = validator.check(2, "[3,\"1\",{}]");

        assertThat(v.code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
        assertThat(v).hasToString("2 NotImplemented answers a CALL of unknown action \"Hello\" on line 1");
    }

    @Test
    void controlCharactersFromTheInputNeverSplitAVerdictOverLines() {
        FrameLogValidator.Verdict v = validator.check(1, "[2,\"1\",\"Heartbeat\",{\"a\\nb\":1}]");

        assertThat(v.toString()).doesNotContain("\n").isEqualTo("1 FormationViolation a\\u000ab: field is not defined");
    }

    @Test
    void aBlankLineHasNoVerdict() {
        assertThat(validator.check(1, " \t ")).isNull();
    }

    @Test
    void anOcpp201LogHasNoNullPayloadsAndAnswersABrokenEnvelopeWithRpcFrameworkError() {
        FrameLogValidator v201 = new FrameLogValidator(OcppVersion.OCPP201);
        v201.check(1, "[2,\"1\",\"Heartbeat\",{}]");

        assertThat(v201.check(2, "[3,\"1\",null]"))
                .hasToString("2 FormatViolation CALLRESULT payload is not a JSON object");
        assertThat(v201.check(3, "[3,\"" + "x".repeat(37) + "\",{}]"))
                .hasToString("3 RpcFrameworkError message id is longer than 36 characters");
        assertThat(v201.check(4, "[4,\"1\",\"NotSupported\"]"))
                .hasToString("4 RpcFrameworkError CALLERROR must have 5 elements, found 3");
    }

    @Test
    void theSameLogIsJudgedByTheRulesOfTheVersionAskedFor() {
        String frame = "[2,\"1\",\"BootNotification\",{\"chargePointVendor\":\"V\",\"chargePointModel\":\"M\"}]";

        assertThat(new FrameLogValidator(OcppVersion.OCPP16).check(1, frame).valid()).isTrue();
        // 2.0.1 names the 1.6 fields unknown and misses its own; the missing ones decide the code.
        assertThat(new FrameLogValidator(OcppVersion.OCPP201).check(1, frame).toString())
                .startsWith("1 OccurrenceConstraintViolation ")
                .contains("reason: required field is missing", "chargingStation: required field is missing",
                        "chargePointVendor: field is not defined", "chargePointModel: field is not defined");
    }
}
