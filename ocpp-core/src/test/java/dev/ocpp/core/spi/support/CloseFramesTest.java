package dev.ocpp.core.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Close codes and reasons as RFC 6455 §5.5.1 and §7.4 let them go on the wire. */
class CloseFramesTest {

    @Test
    void everyDefinedSendableCodeIsKept() {
        for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4999}) {
            assertThat(CloseFrames.sendableCode(code)).as("code %d", code).isEqualTo(code);
        }
    }

    @Test
    void codesOnlyForReportingOrUndefinedBecomeNormalClosure() {
        for (int code : new int[] {-1, 0, 999, 1004, 1005, 1006, 1015, 5000, 65535}) {
            assertThat(CloseFrames.sendableCode(code)).as("code %d", code).isEqualTo(CloseFrames.NORMAL_CLOSURE);
        }
    }

    @Test
    void reasonOfExactlyTheLimitIsKeptAndOneByteMoreIsCut() {
        String atLimit = "a".repeat(CloseFrames.MAX_REASON_BYTES);
        String over = atLimit + "b";

        assertThat(CloseFrames.truncateReason(atLimit)).isSameAs(atLimit);
        String cut = CloseFrames.truncateReason(over);
        assertThat(cut).isEqualTo("a".repeat(CloseFrames.MAX_REASON_BYTES - 3) + "...");
        assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSize(CloseFrames.MAX_REASON_BYTES);
    }

    @Test
    void surrogatePairAtTheCutIsDroppedWhole() {
        // 119 ASCII bytes, then a 4-byte character that does not fit before the ellipsis.
        String reason = "a".repeat(119) + "\ud83d\ude00" + "tail";

        String cut = CloseFrames.truncateReason(reason);

        assertThat(cut).isEqualTo("a".repeat(119) + "...");
    }

    @Test
    void nullReasonIsEmpty() {
        assertThat(CloseFrames.truncateReason(null)).isEmpty();
    }
}
