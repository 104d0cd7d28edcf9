package dev.ocpp.testkit.faults;

import java.util.Random;

/**
 * How often a rule of a {@link FaultPlan} fires among the events it matches (frames, or for connection rules
 * connections and connection attempts), counted from the start of the faulty transport, over all its connections.
 * Immutable. Random choices draw on the plan's seed, so the same seed and the same frames give the same choices.
 */
public final class Frequency {

    private enum Kind { ALWAYS, FIRST, NTH, PROBABILITY }

    private final Kind kind;
    private final long n;
    private final double p;

    private Frequency(Kind kind, long n, double p) {
        this.kind = kind;
        this.n = n;
        this.p = p;
    }

    /** Every match. */
    public static Frequency always() {
        return new Frequency(Kind.ALWAYS, 0, 1);
    }

    /** The first match only. */
    public static Frequency once() {
        return times(1);
    }

    /** The first {@code n} matches. */
    public static Frequency times(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        return new Frequency(Kind.FIRST, n, 1);
    }

    /** The {@code n}-th match only (1 for the first). */
    public static Frequency nth(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        return new Frequency(Kind.NTH, n, 1);
    }

    /** Each match with probability {@code p}, drawn from the plan's seed. */
    public static Frequency probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be within [0, 1]: " + p);
        }
        return new Frequency(Kind.PROBABILITY, 0, p);
    }

    /** Whether the {@code match}-th match (1 for the first) fires; draws from {@code random} for probabilities only. */
    boolean fires(long match, Random random) {
        switch (kind) {
            case ALWAYS:
                return true;
            case FIRST:
                return match <= n;
            case NTH:
                return match == n;
            default:
                return random.nextDouble() < p;
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case ALWAYS:
                return "always";
            case FIRST:
                return n == 1 ? "once" : "the first " + n;
            case NTH:
                return "match #" + n;
            default:
                return "with p=" + p;
        }
    }
}
