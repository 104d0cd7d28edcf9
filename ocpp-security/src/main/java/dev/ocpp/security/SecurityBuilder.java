package dev.ocpp.security;

import dev.ocpp.security.internal.EventSink;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The settings both sides' configurations share: TLS policy and where security events go.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class SecurityBuilder<B extends SecurityBuilder<B>> {

    final SecurityProfile profile;
    TlsPolicy tlsPolicy;
    private SecurityEventListener listener = SecurityEventListener.none();
    private Executor executor;
    private Clock clock = Clock.systemUTC();
    private int maxPendingEvents = EventSink.DEFAULT_MAX_PENDING;

    SecurityBuilder(SecurityProfile profile, TlsPolicy defaultPolicy) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.tlsPolicy = defaultPolicy;
    }

    abstract B self();

    /** TLS versions and suites (profiles 2 and 3). */
    public B tlsPolicy(TlsPolicy policy) {
        this.tlsPolicy = Objects.requireNonNull(policy, "policy");
        return self();
    }

    /** Receives every refusal or failure as a {@link SecurityEvent}. */
    public B onEvent(SecurityEventListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return self();
    }

    /** Where the listener runs; a shared daemon thread unless set. Never a transport thread. */
    public B eventExecutor(Executor executor) {
        this.executor = executor;
        return self();
    }

    /** The clock for event timestamps. */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /**
     * How many events may wait for the listener at once (default {@value EventSink#DEFAULT_MAX_PENDING}). A flood
     * of refusals (password guessing) produces events faster than a slow listener takes them; past this bound
     * further events are dropped, and their count is logged at most once a minute.
     */
    public B maxPendingEvents(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max pending events must be at least 1: " + max);
        }
        this.maxPendingEvents = max;
        return self();
    }

    EventSink eventSink() {
        return new EventSink(listener, executor, clock, maxPendingEvents);
    }
}
