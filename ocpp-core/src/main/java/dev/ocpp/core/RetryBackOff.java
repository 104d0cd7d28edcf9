package dev.ocpp.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a charging station waits before each reconnect attempt, as OCPP 2.0.1 Part 4 §5.3 (with errata 2025-04)
 * prescribes with the OCPPCommCtrlr variables {@code RetryBackOffWaitMinimum}, {@code RetryBackOffRandomRange} and
 * {@code RetryBackOffRepeatTimes}:
 * <ul>
 *   <li>the first attempt after a lost connection waits {@code waitMinimum} plus a random part of at most
 *       {@code randomRange};</li>
 *   <li>after each failed attempt the back-off doubles, at most {@code repeatTimes} times, with a fresh random part
 *       added every time; after that the last back-off is kept;</li>
 *   <li>a successful connection starts again from {@code waitMinimum}.</li>
 * </ul>
 * OCPP 1.6 asks only for "an appropriate back-off" (OCPP-J 1.6 errata §3.4); this library uses the same rule there.
 *
 * <p>Defaults ({@link #defaults()}): minimum 10 s, random range 10 s, 5 doublings, so waits run from 10-20 s up to
 * 320-330 s. The random part spreads the reconnects of many stations after a CSMS restart.
 *
 * @param waitMinimum the back-off before the first attempt, without the random part
 * @param randomRange the largest random part added to each wait
 * @param repeatTimes how many times the back-off doubles
 */
public record RetryBackOff(Duration waitMinimum, Duration randomRange, int repeatTimes) {

    private static final RetryBackOff DEFAULTS = new RetryBackOff(Duration.ofSeconds(10), Duration.ofSeconds(10), 5);

    public RetryBackOff {
        Objects.requireNonNull(waitMinimum, "waitMinimum");
        Objects.requireNonNull(randomRange, "randomRange");
        if (waitMinimum.isNegative() || randomRange.isNegative() || repeatTimes < 0) {
            throw new IllegalArgumentException("back-off settings must not be negative");
        }
        // 2^30 times any sane minimum overflows Duration long before anyone waits that long.
        if (repeatTimes > 30) {
            throw new IllegalArgumentException("repeatTimes above 30 is not supported");
        }
    }

    /** Minimum 10 s, random range 10 s, 5 doublings. */
    public static RetryBackOff defaults() {
        return DEFAULTS;
    }

    /** From the three OCPPCommCtrlr variables, in seconds (OCPP 2.0.1 Part 4 §8.1-8.3). */
    public static RetryBackOff ofSeconds(int waitMinimum, int randomRange, int repeatTimes) {
        return new RetryBackOff(Duration.ofSeconds(waitMinimum), Duration.ofSeconds(randomRange), repeatTimes);
    }

    /** The back-off before attempt {@code failures + 1}, without the random part. */
    public Duration backOff(int failures) {
        if (failures < 0) {
            throw new IllegalArgumentException("negative failure count");
        }
        return waitMinimum.multipliedBy(1L << Math.min(failures, repeatTimes));
    }

    /**
     * The wait before the next attempt.
     *
     * @param failures how many attempts have failed since the last successful connection (0 for the first attempt
     *                 after a connection was lost)
     * @param random   a random number in [0, 1], which scales the random part
     */
    public Duration delay(int failures, double random) {
        if (!(random >= 0 && random <= 1)) {
            throw new IllegalArgumentException("random must lie in [0, 1]");
        }
        long extra = Math.round(randomRange.toMillis() * random);
        return backOff(failures).plusMillis(extra);
    }

    public RetryBackOff withWaitMinimum(Duration value) {
        return new RetryBackOff(value, randomRange, repeatTimes);
    }

    public RetryBackOff withRandomRange(Duration value) {
        return new RetryBackOff(waitMinimum, value, repeatTimes);
    }

    public RetryBackOff withRepeatTimes(int value) {
        return new RetryBackOff(waitMinimum, randomRange, value);
    }
}
