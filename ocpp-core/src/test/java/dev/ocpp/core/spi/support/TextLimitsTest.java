package dev.ocpp.core.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** UTF-8 sizing, close frame limits and subprotocol header parsing. */
class TextLimitsTest {

    // Decoded from valid UTF-8, received text has no lone surrogates; those are not sampled.
    @Test
    void utf8LengthExceedsTheLimitExactlyWhenTheEncodingDoes() {
        String[] samples = {"", "abc", "\u00e9\u00e9", "\u20ac", "\ud83d\ude00", "a\ud83d\ude00\u00e9\u20ac".repeat(40)};
        for (String s : samples) {
            int actual = s.getBytes(StandardCharsets.UTF_8).length;
            for (int limit = Math.max(0, actual - 3); limit <= actual + 3; limit++) {
                assertThat(Utf8.boundedLength(s, limit) > limit).as("'%s' within %d", s, limit).isEqualTo(actual > limit);
            }
        }
    }

    @Test
    void closeReasonIsCutToFitAFrameWithoutSplittingCharacters() {
        String longReason = "\u20ac".repeat(100); // 300 bytes

        String cut = CloseFrames.truncateReason(longReason);

        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(cut).endsWith("...").startsWith("\u20ac\u20ac");
        assertThat(CloseFrames.truncateReason("short")).isEqualTo("short");
    }

    @Test
    void codesReservedForReportingAreNotSent() {
        assertThat(CloseFrames.sendableCode(1006)).isEqualTo(1000);
        assertThat(CloseFrames.sendableCode(999)).isEqualTo(1000);
        assertThat(CloseFrames.sendableCode(1009)).isEqualTo(1009);
        assertThat(CloseFrames.sendableCode(4001)).isEqualTo(4001);
    }

    @Test
    void offeredSubprotocolsKeepTheClientsOrderAcrossHeaderForms() {
        Map<String, List<String>> oneHeader = Map.of("sec-websocket-protocol", List.of("ocpp2.0.1, ocpp1.6"));
        Map<String, List<String>> split = Map.of("Sec-WebSocket-Protocol", List.of("ocpp1.6", " ocpp2.0.1 ,"));

        assertThat(Subprotocols.offered(oneHeader)).containsExactly("ocpp2.0.1", "ocpp1.6");
        assertThat(Subprotocols.offered(split)).containsExactly("ocpp1.6", "ocpp2.0.1");
        assertThat(Subprotocols.offered(Map.of())).isEmpty();
    }
}
