package dev.ocpp.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.delivery.TransactionTracker.Range;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeqNoSetTest {

    @Test
    void consecutiveNumbersMakeOneRangeWhateverTheirOrder() {
        SeqNoSet s = new SeqNoSet();
        for (long n : new long[] {5, 3, 4, 7, 6}) {
            s.add(n);
        }
        assertThat(s.rangeCount()).isEqualTo(1);
        assertThat(s.lowest()).isEqualTo(3);
        assertThat(s.highest()).isEqualTo(7);
        assertThat(s.missingBetween(3, 7)).isEmpty();
    }

    @Test
    void missingNumbersAreTheHolesWithinTheBounds() {
        SeqNoSet s = new SeqNoSet();
        for (long n : new long[] {0, 1, 2, 3, 5, 8, 9, 10, 11, 12}) {
            s.add(n);
        }
        assertThat(s.missingBetween(2, 9)).containsExactly(new Range(4, 4), new Range(6, 7));
        assertThat(s.missingBetween(-2, 14)).containsExactly(new Range(-2, -1), new Range(4, 4), new Range(6, 7),
                new Range(13, 14));
        assertThat(s.missingBetween(6, 7)).containsExactly(new Range(6, 7));
    }

    @Test
    void theExtremesOfLongDoNotOverflow() {
        SeqNoSet s = new SeqNoSet();
        s.add(Long.MAX_VALUE);
        s.add(Long.MIN_VALUE);
        s.add(Long.MAX_VALUE - 1);
        s.add(Long.MIN_VALUE + 1);

        assertThat(s.rangeCount()).isEqualTo(2);
        assertThat(s.contains(Long.MAX_VALUE)).isTrue();
        assertThat(s.contains(0)).isFalse();
        assertThat(s.missingBetween(Long.MAX_VALUE - 2, Long.MAX_VALUE)).containsExactly(
                new Range(Long.MAX_VALUE - 2, Long.MAX_VALUE - 2));
        assertThat(s.missingBetween(Long.MIN_VALUE, Long.MAX_VALUE)).containsExactly(
                new Range(Long.MIN_VALUE + 2, Long.MAX_VALUE - 2));
    }

    @Test
    void trimmingForgetsTheLowestRanges() {
        SeqNoSet s = new SeqNoSet();
        for (long n : List.of(1L, 3L, 5L, 7L)) {
            s.add(n);
        }
        s.trim(2);
        assertThat(s.rangeCount()).isEqualTo(2);
        assertThat(s.lowest()).isEqualTo(5);
        assertThat(s.contains(1)).isFalse();
    }
}
