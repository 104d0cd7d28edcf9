package dev.ocpp.examples.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.ErrorCode;
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
}
