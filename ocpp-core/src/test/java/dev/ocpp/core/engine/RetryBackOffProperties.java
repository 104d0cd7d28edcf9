package dev.ocpp.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.RetryBackOff;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The arithmetic of OCPP 2.0.1 Part 4 §5.3 for any settings, failure count and random draw. */
class RetryBackOffProperties {

    @Property
    void everyWaitIsTheDoubledMinimumPlusARandomPartWithinTheRange(
            @ForAll @IntRange(min = 0, max = 3600) int minimum, @ForAll @IntRange(min = 0, max = 600) int range,
            @ForAll @IntRange(min = 0, max = 10) int repeat, @ForAll @IntRange(min = 0, max = 40) int failures,
            @ForAll @DoubleRange(min = 0, max = 1) double random) {
        RetryBackOff b = RetryBackOff.ofSeconds(minimum, range, repeat);
        Duration base = Duration.ofSeconds(minimum).multipliedBy(1L << Math.min(failures, repeat));
        Duration wait = b.delay(failures, random);
        assertThat(wait).isBetween(base, base.plusSeconds(range));
        // Doubling stops at the repeat count: later waits keep the last back-off.
        assertThat(b.backOff(failures + 1)).isEqualTo(failures >= repeat ? b.backOff(failures)
                : b.backOff(failures).multipliedBy(2));
    }
}
