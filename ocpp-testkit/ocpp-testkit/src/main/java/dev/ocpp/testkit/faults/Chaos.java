package dev.ocpp.testkit.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A seeded schedule of network faults for a {@link FaultProxy}: how often a fault strikes (on average), which kinds
 * in which proportions, and how long holds, delay bursts and refusals last. Immutable; each {@code with} method
 * returns a changed copy.
 *
 * <p>The decisions ({@link Fault}) depend on the seed and these settings only, never on timing or on which
 * connections happen to be open, so a failing run is replayed by giving the same seed again, and {@link #plan(int)}
 * lists them without a proxy. Which connection a fault hits is decided when it is applied, from the fault's
 * {@link Fault#target()} and the connections open at that moment, so that part (in the proxy's fault log) follows
 * the run.
 */
public final class Chaos {

    /** What a fault does. */
    public enum Kind {
        /** One connection is reset on both sides. */
        CUT,
        /** One connection goes silent both ways for {@link Fault#length()}, then is reset; held bytes are lost. */
        BLACKHOLE_THEN_CUT,
        /** One connection goes silent both ways for {@link Fault#length()}, then delivers everything it held. */
        BLACKHOLE_THEN_RESUME,
        /** One connection delays each chunk by up to {@link Fault#maxChunkDelay()} for {@link Fault#length()}. */
        DELAY_BURST,
        /** New connections are accepted and reset at once for {@link Fault#length()}; open ones go on. */
        REFUSE
    }

    /**
     * One decision of the schedule.
     *
     * @param number        1 for the first fault of the schedule
     * @param after         the wait since the previous fault (or since the schedule started)
     * @param kind          what it does
     * @param length        how long the hold, burst or refusal lasts; zero for a cut
     * @param maxChunkDelay the upper bound of each chunk's delay in a delay burst; zero for other kinds
     * @param target        picks the connection: the open ones sorted by id, this number modulo their count
     * @param delaySeed     seeds the chunk delays of a delay burst (drawn for every kind, so that the kinds do not
     *                      shift each other's draws)
     */
    public record Fault(int number, Duration after, Kind kind, Duration length, Duration maxChunkDelay, long target,
            long delaySeed) {

        /** One line for logs: number, wait, kind and lengths. */
        public String describe() {
            String what;
            switch (kind) {
                case CUT:
                    what = "cut";
                    break;
                case BLACKHOLE_THEN_CUT:
                    what = "blackhole " + length.toMillis() + " ms then cut";
                    break;
                case BLACKHOLE_THEN_RESUME:
                    what = "blackhole " + length.toMillis() + " ms then resume";
                    break;
                case DELAY_BURST:
                    what = "delay burst " + length.toMillis() + " ms, chunks up to " + maxChunkDelay.toMillis()
                            + " ms (delay seed " + delaySeed + ")";
                    break;
                default:
                    what = "refuse new connections " + length.toMillis() + " ms";
                    break;
            }
            return "fault #" + number + " after " + after.toMillis() + " ms: " + what;
        }
    }

    private final long seed;
    private final Duration meanInterval;
    private final double[] weights;
    private final Duration minHold;
    private final Duration maxHold;
    private final Duration minBurst;
    private final Duration maxBurst;
    private final Duration maxChunkDelay;
    private final Duration minRefusal;
    private final Duration maxRefusal;

    private Chaos(long seed, Duration meanInterval, double[] weights, Duration minHold, Duration maxHold,
            Duration minBurst, Duration maxBurst, Duration maxChunkDelay, Duration minRefusal, Duration maxRefusal) {
        this.seed = seed;
        this.meanInterval = meanInterval;
        this.weights = weights;
        this.minHold = minHold;
        this.maxHold = maxHold;
        this.minBurst = minBurst;
        this.maxBurst = maxBurst;
        this.maxChunkDelay = maxChunkDelay;
        this.minRefusal = minRefusal;
        this.maxRefusal = maxRefusal;
    }

    /**
     * A schedule with this seed and defaults meant for OCPP over loopback: a fault every 3 s on average; 40 % cuts,
     * 20 % each blackhole-then-cut, blackhole-then-resume and delay burst, no refusals; holds of 0.5 to 5 s, delay
     * bursts of 1 to 5 s with chunks delayed up to 200 ms, refusals of 0.5 to 3 s.
     */
    public static Chaos seeded(long seed) {
        return new Chaos(seed, Duration.ofSeconds(3), new double[] {0.4, 0.2, 0.2, 0.2, 0},
                Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(3));
    }

    /**
     * The mean wait between faults, at least 1 ms (the schedule counts in milliseconds); the waits are exponential
     * (faults strike at random, not on a beat).
     */
    public Chaos every(Duration mean) {
        Objects.requireNonNull(mean, "mean");
        if (mean.toMillis() < 1) {
            throw new IllegalArgumentException("the mean wait must be at least 1 ms: " + mean);
        }
        return new Chaos(seed, mean, weights, minHold, maxHold, minBurst, maxBurst, maxChunkDelay, minRefusal,
                maxRefusal);
    }

    /** The proportions of the connection faults, with no refusals; relative weights, not necessarily adding to 1. */
    public Chaos mix(double cut, double blackholeThenCut, double blackholeThenResume, double delayBurst) {
        return mix(cut, blackholeThenCut, blackholeThenResume, delayBurst, 0);
    }

    /** The proportions of all kinds, in the order of {@link Kind}; relative weights, not necessarily adding to 1. */
    public Chaos mix(double cut, double blackholeThenCut, double blackholeThenResume, double delayBurst,
            double refuse) {
        double[] w = {cut, blackholeThenCut, blackholeThenResume, delayBurst, refuse};
        double sum = 0;
        for (double x : w) {
            if (!(x >= 0) || Double.isInfinite(x)) {
                throw new IllegalArgumentException("weights must be finite and not negative: " + x);
            }
            sum += x;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("at least one weight must be above zero");
        }
        return new Chaos(seed, meanInterval, w, minHold, maxHold, minBurst, maxBurst, maxChunkDelay, minRefusal,
                maxRefusal);
    }

    /** How long a blackhole lasts before it resumes or cuts: uniform between these. */
    public Chaos holds(Duration min, Duration max) {
        requireRange(min, max);
        return new Chaos(seed, meanInterval, weights, min, max, minBurst, maxBurst, maxChunkDelay, minRefusal,
                maxRefusal);
    }

    /** How long a delay burst lasts (uniform between {@code min} and {@code max}) and each chunk's delay bound. */
    public Chaos delayBursts(Duration min, Duration max, Duration chunkDelayUpTo) {
        requireRange(min, max);
        requireRange(Duration.ZERO, chunkDelayUpTo);
        return new Chaos(seed, meanInterval, weights, minHold, maxHold, min, max, chunkDelayUpTo, minRefusal,
                maxRefusal);
    }

    /** How long new connections are refused: uniform between these. */
    public Chaos refusals(Duration min, Duration max) {
        requireRange(min, max);
        return new Chaos(seed, meanInterval, weights, minHold, maxHold, minBurst, maxBurst, maxChunkDelay, min, max);
    }

    /** The seed every decision is drawn from. */
    public long seed() {
        return seed;
    }

    /** The mean wait between faults. */
    public Duration meanInterval() {
        return meanInterval;
    }

    /** The first {@code count} faults of this schedule, exactly as a proxy running it decides them. */
    public List<Fault> plan(int count) {
        List<Fault> faults = new ArrayList<>(count);
        Iterator<Fault> it = decisions();
        for (int i = 0; i < count; i++) {
            faults.add(it.next());
        }
        return faults;
    }

    /**
     * The schedule's faults, without end. Every fault takes the same five draws from one {@link Random} (whose
     * algorithm the Java specification fixes) and uses {@link StrictMath}, so the sequence is the same on every JDK
     * and platform.
     */
    Iterator<Fault> decisions() {
        Random random = new Random(seed);
        return new Iterator<>() {
            private int number;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Fault next() {
                number++;
                // Exponential waits make the faults a Poisson process: no rhythm the peers could fall into step with.
                double u = random.nextDouble();
                long afterMillis = Math.round(-meanInterval.toMillis() * StrictMath.log(1 - u));
                Kind kind = pick(random.nextDouble());
                double lengthDraw = random.nextDouble();
                long target = random.nextLong();
                long delaySeed = random.nextLong();
                Duration length;
                Duration chunkDelay = Duration.ZERO;
                switch (kind) {
                    case CUT:
                        length = Duration.ZERO;
                        break;
                    case BLACKHOLE_THEN_CUT:
                    case BLACKHOLE_THEN_RESUME:
                        length = between(minHold, maxHold, lengthDraw);
                        break;
                    case DELAY_BURST:
                        length = between(minBurst, maxBurst, lengthDraw);
                        chunkDelay = maxChunkDelay;
                        break;
                    default:
                        length = between(minRefusal, maxRefusal, lengthDraw);
                        break;
                }
                return new Fault(number, Duration.ofMillis(afterMillis), kind, length, chunkDelay, target,
                        delaySeed);
            }
        };
    }

    private Kind pick(double draw) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double point = draw * sum;
        double upTo = 0;
        Kind last = null;
        for (Kind k : Kind.values()) {
            double w = weights[k.ordinal()];
            if (w > 0) {
                upTo += w;
                last = k;
                if (point < upTo) {
                    return k;
                }
            }
        }
        // Rounding can leave the draw a hair above the last sum: it belongs to the last kind with any weight.
        return last;
    }

    private static Duration between(Duration min, Duration max, double draw) {
        long span = max.toMillis() - min.toMillis();
        return Duration.ofMillis(min.toMillis() + (long) Math.floor(draw * (span + 1)));
    }

    private static void requireRange(Duration min, Duration max) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= min <= max: " + min + ", " + max);
        }
    }

    @Override
    public String toString() {
        return "Chaos[seed " + seed + ", every " + meanInterval.toMillis() + " ms on average, mix cut/bh-cut/bh-resume"
                + "/delay/refuse " + weights[0] + "/" + weights[1] + "/" + weights[2] + "/" + weights[3] + "/"
                + weights[4] + "]";
    }
}
