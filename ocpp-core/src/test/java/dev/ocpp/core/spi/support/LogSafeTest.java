package dev.ocpp.core.spi.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogSafeTest {

    @Test
    void leavesPlainTextAlone() {
        assertThat(LogSafe.escape("CP-001 said hello")).isEqualTo("CP-001 said hello");
    }

    @Test
    void newlineCannotForgeALogLine() {
        assertThat(LogSafe.escape("CP1\n2026-12-07 INFO ADMIN connected"))
                .isEqualTo("CP1\\n2026-12-07 INFO ADMIN connected")
                .doesNotContain("\n");
    }

    @Test
    void escapesControlAndNonAsciiCharactersAndBackslash() {
        assertThat(LogSafe.escape("a\u001b[31mb\r\t\\\u00e9", 100)).isEqualTo("a\\u001b[31mb\\r\\t\\\\\\u00e9");
    }

    @Test
    void cutsLongTextAndSaysHowMuchWasLeftOut() {
        String text = "x".repeat(1_000_000);
        assertThat(LogSafe.escape(text)).isEqualTo("x".repeat(64) + "...(999936 more)");
        assertThat(LogSafe.escape("abcdef", 3)).isEqualTo("abc...(3 more)");
    }

    @Test
    void doesNotSplitASurrogatePair() {
        String text = "ab\uD83D\uDE00cd";
        assertThat(LogSafe.escape(text, 3)).isEqualTo("ab...(4 more)");
    }

    @Test
    void nullIsSpelledOut() {
        assertThat(LogSafe.escape((Object) null)).isEqualTo("null");
        assertThatThrownBy(() -> LogSafe.escape("a", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
