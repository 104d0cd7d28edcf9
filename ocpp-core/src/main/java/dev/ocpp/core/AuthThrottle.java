package dev.ocpp.core;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the server slows down password guessing: failed authentications (refusals of the {@link Authenticator},
 * answered with HTTP 401, OCPP-J 1.6 §3.2 and OCPP 2.0.1 Part 4 §3.2) are counted per station identity and per
 * remote address (the IP address, not the port). After {@link Builder#failuresBeforeLockout(int)} failures
 * (default 5) the identity or address is locked out for {@link Builder#firstLockout(Duration)} (default 1 s); each
 * further failure after a lockout doubles it, up to {@link Builder#maxLockout(Duration)} (default 5 minutes). A
 * quiet period of {@link Builder#resetAfter(Duration)} (default 15 minutes) without failures forgets the count.
 * On by default ({@link #defaults()}); {@link #disabled()} turns it off.
 *
 * <p>While locked out, an upgrade request is answered with 401 at once, without asking the authenticator: the
 * server never sleeps or delays on a transport thread, so refusing is what keeps a flood from slowing down other
 * stations. Every decision is reported to the {@link Listener}s set with
 * {@link OcppServer.Builder#authThrottleListener(Listener)}.
 *
 * <p><b>Trade-offs.</b>
 * <ul>
 *   <li>The lockout of an identity must not let anyone lock a real station out from elsewhere: the address from
 *       which the identity last authenticated successfully is exempt from that identity's lockout (not from an
 *       address lockout). An attacker who shares that address (the same NAT or carrier-grade NAT as the station)
 *       therefore meets only the address lockout, which then also holds up the real station behind it; a station
 *       that moves to a new address while its identity is locked out waits for the lockout to end.</li>
 *   <li>The address lockout holds up every station behind one address (a NAT) while it lasts, including ones that
 *       have never failed; that is the price of stopping one address from trying many identities.</li>
 *   <li>Memory is bounded: at most {@link Builder#maxTracked(int)} addresses, identities and last-good addresses
 *       (default 100,000 each) are remembered; past that, the least recently used one is forgotten first. An
 *       attacker with more addresses than that can make the server forget some lockouts early.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class AuthThrottle {

    private static final AuthThrottle DEFAULTS = builder().build();
    private static final AuthThrottle DISABLED = builder().enabled(false).build();

    private final boolean enabled;
    private final int failuresBeforeLockout;
    private final Duration firstLockout;
    private final Duration maxLockout;
    private final Duration resetAfter;
    private final int maxTracked;
    private final Clock clock;

    private AuthThrottle(Builder b) {
        this.enabled = b.enabled;
        this.failuresBeforeLockout = b.failuresBeforeLockout;
        this.firstLockout = b.firstLockout;
        this.maxLockout = b.maxLockout;
        this.resetAfter = b.resetAfter;
        this.maxTracked = b.maxTracked;
        this.clock = b.clock;
    }

    /** On, with the defaults above. */
    public static AuthThrottle defaults() {
        return DEFAULTS;
    }

    /** Off: every failed authentication is just a 401 and the next attempt is tried again. */
    public static AuthThrottle disabled() {
        return DISABLED;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean enabled() {
        return enabled;
    }

    public int failuresBeforeLockout() {
        return failuresBeforeLockout;
    }

    public Duration firstLockout() {
        return firstLockout;
    }

    public Duration maxLockout() {
        return maxLockout;
    }

    public Duration resetAfter() {
        return resetAfter;
    }

    public int maxTracked() {
        return maxTracked;
    }

    /** Where lockout times are read from (default the system clock); tests pass a clock of their own. */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return enabled ? "AuthThrottle[" + failuresBeforeLockout + " failures, lockout " + firstLockout + " to "
                + maxLockout + ", reset after " + resetAfter + ", max tracked " + maxTracked + "]"
                : "AuthThrottle[disabled]";
    }

    /** What was locked out: the remote address or the station identity. */
    public enum Scope {
        ADDRESS, IDENTITY
    }

    /** What the throttle decided. */
    public enum Decision {
        /** A failed authentication started a lockout. */
        LOCKED_OUT,
        /** An upgrade request was refused (401) because of a lockout, without asking the authenticator. */
        REFUSED
    }

    /**
     * One throttling decision.
     *
     * @param decision  what happened
     * @param scope     whether the address or the identity is locked out
     * @param identity  the identity the request was for (as received: escape it before logging)
     * @param remote    the peer's address, or {@code null} where the transport does not know it
     * @param failures  the failures counted for the scope so far
     * @param remaining how long the lockout still lasts
     */
    public record Event(Decision decision, Scope scope, String identity, InetSocketAddress remote, int failures,
                        Duration remaining) {
    }

    /**
     * Hears throttling decisions. Called on a transport thread: it must be fast and must not block (hand the event
     * to an executor for anything slow). An exception it throws is logged and ignored.
     */
    @FunctionalInterface
    public interface Listener {
        void onThrottle(Event event);
    }

    /** Builds an {@link AuthThrottle}; every setting has the default described on the class. */
    public static final class Builder {
        private boolean enabled = true;
        private int failuresBeforeLockout = 5;
        private Duration firstLockout = Duration.ofSeconds(1);
        private Duration maxLockout = Duration.ofMinutes(5);
        private Duration resetAfter = Duration.ofMinutes(15);
        private int maxTracked = 100_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** How many failures an identity or address may have before it is locked out (default 5, at least 1). */
        public Builder failuresBeforeLockout(int failures) {
            if (failures < 1) {
                throw new IllegalArgumentException("failures before lockout must be at least 1: " + failures);
            }
            this.failuresBeforeLockout = failures;
            return this;
        }

        /** The first lockout (default 1 s); each further failure doubles it. */
        public Builder firstLockout(Duration lockout) {
            this.firstLockout = positive(lockout, "first lockout");
            return this;
        }

        /** The longest lockout (default 5 minutes). */
        public Builder maxLockout(Duration lockout) {
            this.maxLockout = positive(lockout, "max lockout");
            return this;
        }

        /** After how long without failures the count of an identity or address is forgotten (default 15 min). */
        public Builder resetAfter(Duration quiet) {
            this.resetAfter = positive(quiet, "reset after");
            return this;
        }

        /** How many identities, and how many addresses, are tracked at most (default 100,000). */
        public Builder maxTracked(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max tracked must be at least 1: " + max);
            }
            this.maxTracked = max;
            return this;
        }

        /** The clock lockouts are timed with (default {@link Clock#systemUTC()}). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public AuthThrottle build() {
            if (maxLockout.compareTo(firstLockout) < 0) {
                throw new IllegalArgumentException("max lockout " + maxLockout + " is shorter than the first "
                        + firstLockout);
            }
            return new AuthThrottle(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
