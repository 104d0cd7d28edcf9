package dev.ocpp.testkit.faults;

import dev.ocpp.core.TimeoutScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A seeded, declarative list of faults for {@link Faults#wrap}: each rule says what happens, to which frames
 * ({@link FrameMatch}), and how often ({@link Frequency}). Immutable: every rule method returns a new plan.
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.seeded(42)
 *         .scheduler(clock)                                                   // delays run on a VirtualClock
 *         .drop(FrameMatch.results("BootNotification").received(), Frequency.once())
 *         .delayUpTo(FrameMatch.calls("Heartbeat").sent(), Duration.ofSeconds(2), Frequency.probability(0.3))
 *         .refuseHandshakes(401, Frequency.once());
 * TransportClientFactory faulty = Faults.wrap(csms.stationTransport(), plan);
 * }</pre>
 *
 * <p><b>One fault per frame.</b> For each frame the frame rules are asked in the order they were added; the first
 * that matches the frame and fires (its frequency counts the match) applies, and the rules after it are neither
 * asked nor counted. The connection rules ({@link #cutAfterFrames}, {@link #halfOpenAfterFrames}) count frames on
 * their own, whatever the frame rules did; {@link #refuseHandshakes} and {@link #failTlsHandshakes} count connection
 * attempts.
 *
 * <p><b>Same seed, same decisions.</b> Every random choice (probabilities, random delays, which malformed frame,
 * which unknown id) is drawn from the seed, on a stream of its own per rule and direction; given the same frames in
 * the same order (as in memory on a {@code VirtualClock}), the same seed makes the same decisions, and
 * {@link FaultyTransport#decisionLog()} lists them without message ids, so that two runs can be compared.
 */
public final class FaultPlan {

    /** Where an injected frame goes relative to the frame that triggers it. */
    public enum Position {
        /** The injected frame travels just before the matching frame. */
        BEFORE,
        /** The injected frame travels just after the matching frame. */
        AFTER
    }

    enum Kind { DROP, DELAY, DUPLICATE, ANSWER_LATE, REWRITE_ID, INJECT, CUT_ON, HALF_OPEN_ON, CUT_AFTER,
        HALF_OPEN_AFTER, REFUSE, FAIL_TLS }

    /** One rule; unused fields are null or zero. */
    record Rule(Kind kind, FrameMatch match, Frequency frequency, Duration fixed, Duration upTo, String text,
            Position position, long frames, int status) {

        boolean isFrameRule() {
            return kind != Kind.CUT_AFTER && kind != Kind.HALF_OPEN_AFTER && kind != Kind.REFUSE
                    && kind != Kind.FAIL_TLS;
        }

        String describe() {
            switch (kind) {
                case DROP:
                    return "drop " + match + ", " + frequency;
                case DELAY:
                    return "delay " + (fixed != null ? fixed.toMillis() + " ms" : "up to " + upTo.toMillis() + " ms")
                            + " " + match + ", " + frequency;
                case DUPLICATE:
                    return "duplicate " + match + ", " + frequency;
                case ANSWER_LATE:
                    return "answer late by " + fixed.toMillis() + " ms " + match + ", " + frequency;
                case REWRITE_ID:
                    return "rewrite the id of " + match + " to " + (text == null ? "an unknown id" : text) + ", "
                            + frequency;
                case INJECT:
                    return "inject " + (text == null ? "a typical malformed frame" : "'" + text + "'") + " "
                            + position.name().toLowerCase() + " " + match + ", " + frequency;
                case CUT_ON:
                    return "cut on " + match + ", " + frequency;
                case HALF_OPEN_ON:
                    return "half-open on " + match + ", " + frequency;
                case CUT_AFTER:
                    return "cut after " + frames + " frames, " + frequency + " connection(s)";
                case HALF_OPEN_AFTER:
                    return "half-open after " + frames + " frames, " + frequency + " connection(s)";
                case FAIL_TLS:
                    return "fail TLS handshakes (simulated), " + frequency + " attempt(s)";
                default:
                    return "refuse handshakes with HTTP " + status + ", " + frequency + " attempt(s)";
            }
        }
    }

    private final long seed;
    private final TimeoutScheduler scheduler;
    private final List<Rule> rules;

    private FaultPlan(long seed, TimeoutScheduler scheduler, List<Rule> rules) {
        this.seed = seed;
        this.scheduler = scheduler;
        this.rules = List.copyOf(rules);
    }

    /** An empty plan (no faults) whose random choices draw on {@code seed}. */
    public static FaultPlan seeded(long seed) {
        return new FaultPlan(seed, null, List.of());
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /**
     * The scheduler that times delays and late answers; give the {@code VirtualClock} of the test so that they pass
     * only as it advances. Without one, {@link Faults#wrap} starts a timer thread of its own, stopped by
     * {@link FaultyTransport#close()}.
     */
    public FaultPlan scheduler(TimeoutScheduler scheduler) {
        return new FaultPlan(seed, Objects.requireNonNull(scheduler, "scheduler"), rules);
    }

    /** The scheduler given with {@link #scheduler(TimeoutScheduler)}, if any. */
    public Optional<TimeoutScheduler> scheduler() {
        return Optional.ofNullable(scheduler);
    }

    /** The rules, one line each, in order. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            lines.add("rule " + (i + 1) + ": " + rules.get(i).describe());
        }
        return lines;
    }

    List<Rule> rules() {
        return rules;
    }

    /**
     * Matching frames are lost: a sent one never reaches the server (its send still completes, as a write into a
     * dead network does), a received one never reaches the station.
     */
    public FaultPlan drop(FrameMatch frames, Frequency often) {
        return with(new Rule(Kind.DROP, frames, often, null, null, null, null, 0, 0));
    }

    /**
     * Matching frames are held for {@code delay}, on the plan's scheduler. Frames behind them in the same direction
     * wait too: the order of each direction is kept, as on a TCP connection.
     */
    public FaultPlan delay(FrameMatch frames, Duration delay, Frequency often) {
        requirePositive(delay);
        return with(new Rule(Kind.DELAY, frames, often, delay, null, null, null, 0, 0));
    }

    /**
     * As {@link #delay}, each matching frame held for a random time between zero and {@code max} (whole
     * milliseconds, drawn from the seed).
     */
    public FaultPlan delayUpTo(FrameMatch frames, Duration max, Frequency often) {
        requirePositive(max);
        return with(new Rule(Kind.DELAY, frames, often, null, max, null, null, 0, 0));
    }

    /**
     * Matching CALLs travel twice, one right after the other, with the same message id: a retransmission the
     * receiver must cope with (OCPP-J 1.6 §4.1.1, OCPP 2.0.1 Part 4 §4.1.1: a message id identifies one CALL).
     * Frames other than CALLs never match.
     */
    public FaultPlan duplicateCall(FrameMatch calls, Frequency often) {
        return with(new Rule(Kind.DUPLICATE, calls, often, null, null, null, null, 0, 0));
    }

    /**
     * Answers (CALLRESULT or CALLERROR, either direction) to CALLs of {@code action} are held for {@code by}, while
     * other frames pass them: a peer that answers late. Past the caller's call timeout the answer arrives for a CALL
     * its caller gave up on (neither version says what to do with an answer to an unknown CALL; implementations
     * ignore it).
     */
    public FaultPlan answerLate(String action, Duration by, Frequency often) {
        requirePositive(by);
        return with(new Rule(Kind.ANSWER_LATE, FrameMatch.answers(Objects.requireNonNull(action, "action")), often,
                by, null, null, null, 0, 0));
    }

    /**
     * Matching answers (CALLRESULT or CALLERROR) carry an unknown message id instead of their own (drawn from the
     * seed, {@code "fault-"} and 16 hex digits), so that they answer no CALL. Frames other than answers never match.
     */
    public FaultPlan rewriteAnswerId(FrameMatch answers, Frequency often) {
        return with(new Rule(Kind.REWRITE_ID, answers, often, null, null, null, null, 0, 0));
    }

    /**
     * As {@link #rewriteAnswerId(FrameMatch, Frequency)}, with message id {@code id}: a wrong id, such as one of a
     * CALL answered already.
     */
    public FaultPlan rewriteAnswerId(FrameMatch answers, String id, Frequency often) {
        return with(new Rule(Kind.REWRITE_ID, answers, often, null, null, Objects.requireNonNull(id, "id"), null, 0,
                0));
    }

    /** Frame {@code text} travels {@code where} each matching frame, in the same direction. */
    public FaultPlan inject(FrameMatch frames, Position where, String text, Frequency often) {
        return with(new Rule(Kind.INJECT, frames, often, null, null, Objects.requireNonNull(text, "text"),
                Objects.requireNonNull(where, "where"), 0, 0));
    }

    /** As {@link #inject}, a frame picked from {@link Faults#TYPICAL_MALFORMED} by the seed. */
    public FaultPlan injectMalformed(FrameMatch frames, Position where, Frequency often) {
        return with(new Rule(Kind.INJECT, frames, often, null, null, null, Objects.requireNonNull(where, "where"), 0,
                0));
    }

    /** When a matching frame comes, it is lost and the connection is aborted (both sides see code 1006). */
    public FaultPlan cutOn(FrameMatch frames, Frequency often) {
        return with(new Rule(Kind.CUT_ON, frames, often, null, null, null, null, 0, 0));
    }

    /**
     * When a matching frame comes, it is lost and the connection goes half-open: from then on nothing is delivered
     * either way (sends still complete), yet the connection stays open, until it is closed or aborted. A peer only
     * notices by a call timeout or a missing pong.
     */
    public FaultPlan halfOpenOn(FrameMatch frames, Frequency often) {
        return with(new Rule(Kind.HALF_OPEN_ON, frames, often, null, null, null, null, 0, 0));
    }

    /**
     * A connection is aborted once {@code frames} frames (both directions together) have been handed on; the
     * frequency counts connections (so {@code Frequency.once()} cuts the first connection only, and its reconnection
     * lives on).
     */
    public FaultPlan cutAfterFrames(long frames, Frequency connections) {
        return with(new Rule(Kind.CUT_AFTER, FrameMatch.any(), connections, null, null, null, null,
                requireCount(frames), 0));
    }

    /** A connection goes half-open (see {@link #halfOpenOn}) once {@code frames} frames were handed on. */
    public FaultPlan halfOpenAfterFrames(long frames, Frequency connections) {
        return with(new Rule(Kind.HALF_OPEN_AFTER, FrameMatch.any(), connections, null, null, null, null,
                requireCount(frames), 0));
    }

    /**
     * Connection attempts are refused as a server would refuse the WebSocket upgrade with HTTP {@code status}: the
     * connect fails with a {@link dev.ocpp.core.spi.HandshakeRejectedException}, which the library's client reports
     * as a {@code ConnectionEvent.HandshakeRefused} and retries after its back-off. Typical statuses: 401 (Basic
     * credentials refused, security profiles 1 and 2: 2.0.1 Part 2 A00.FR.207) and 404 (unknown identity, OCPP-J 1.6
     * §3.2, 2.0.1 Part 4 §3.2; the station retries with a back-off). The frequency counts attempts:
     * {@code Frequency.times(2)} refuses the first two.
     */
    public FaultPlan refuseHandshakes(int status, Frequency attempts) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an HTTP error status: " + status);
        }
        return with(new Rule(Kind.REFUSE, FrameMatch.any(), attempts, null, null, null, null, 0, status));
    }

    /**
     * Connection attempts fail as a failed TLS handshake fails them: the connect fails with an
     * {@link javax.net.ssl.SSLHandshakeException}, and the wrapped transport is not asked. The frequency counts
     * attempts, as for {@link #refuseHandshakes}.
     *
     * <p>This is a simulation on the transport seam: no TLS is spoken, so it works in memory, where there is no TLS
     * to fail, and tests what the code above the transport makes of the failure (a security event, the back-off of
     * its reconnection). It cannot show how a real TLS stack fails; for that, put a {@link FaultProxy} with
     * {@link FaultProxy#failTlsHandshakes} in front of a {@code wss://} server.
     */
    public FaultPlan failTlsHandshakes(Frequency attempts) {
        return with(new Rule(Kind.FAIL_TLS, FrameMatch.any(), attempts, null, null, null, null, 0, 0));
    }

    private FaultPlan with(Rule rule) {
        Objects.requireNonNull(rule.match(), "frames");
        Objects.requireNonNull(rule.frequency(), "often");
        List<Rule> more = new ArrayList<>(rules);
        more.add(rule);
        return new FaultPlan(seed, scheduler, more);
    }

    private static void requirePositive(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be positive: " + d);
        }
    }

    private static long requireCount(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("must be positive: " + n);
        }
        return n;
    }

    @Override
    public String toString() {
        return "FaultPlan[seed " + seed + ", " + String.join("; ", describe()) + "]";
    }
}
