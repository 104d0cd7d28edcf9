package dev.ocpp.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.security.SecurityEvent;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A flood of refusals cannot grow the queue of undelivered security events without limit. */
class EventSinkBoundTest {

    private static final InetSocketAddress ATTACKER = new InetSocketAddress("127.0.0.2", 40000);

    @Test
    void eventsBeyondTheBoundAreDroppedAndCountedWhileTheListenerIsBehind() {
        List<Runnable> queued = new ArrayList<>();
        AtomicInteger delivered = new AtomicInteger();
        // An executor that never catches up: what a slow listener looks like under a password flood.
        EventSink sink = new EventSink(e -> delivered.incrementAndGet(), queued::add, Clock.systemUTC());
        for (int i = 0; i < 5000; i++) {
            sink.report(SecurityEvent.Reason.WRONG_PASSWORD, "CP-001", ATTACKER, "password does not match");
        }
        assertThat(queued).hasSize(EventSink.DEFAULT_MAX_PENDING);
        assertThat(sink.dropped()).isEqualTo(5000 - EventSink.DEFAULT_MAX_PENDING);

        // Once the listener catches up, events are taken again.
        queued.forEach(Runnable::run);
        assertThat(delivered.get()).isEqualTo(EventSink.DEFAULT_MAX_PENDING);
        queued.clear();
        sink.report(SecurityEvent.Reason.WRONG_PASSWORD, "CP-001", ATTACKER, "password does not match");
        assertThat(queued).hasSize(1);
    }

    @Test
    void boundIsConfigurable() {
        List<Runnable> queued = new ArrayList<>();
        EventSink sink = new EventSink(e -> { }, queued::add, Clock.systemUTC(), 3);
        for (int i = 0; i < 10; i++) {
            sink.report(SecurityEvent.Reason.WRONG_PASSWORD, "CP-001", ATTACKER, "password does not match");
        }
        assertThat(queued).hasSize(3);
        assertThat(sink.dropped()).isEqualTo(7);
    }

    @Test
    void executorThatRefusesDoesNotLeakPendingSlots() {
        EventSink sink = new EventSink(e -> { }, task -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        }, Clock.systemUTC(), 2);
        for (int i = 0; i < 10; i++) {
            sink.report(SecurityEvent.Reason.WRONG_PASSWORD, "CP-001", ATTACKER, "password does not match");
        }
        assertThat(sink.dropped()).isZero();
    }

    @Test
    void dropsAreLoggedAtMostOncePerInterval() {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        java.time.Instant[] now = {java.time.Instant.parse("2026-12-07T06:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now[0];
            }
        };
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            EventSink sink = new EventSink(e -> { }, task -> { }, clock, 2);
            for (int i = 0; i < 1000; i++) {
                sink.report(SecurityEvent.Reason.WRONG_PASSWORD, "CP-001", ATTACKER, "password does not match");
            }
            now[0] = now[0].plus(EventSink.DROP_LOG_INTERVAL);
            sink.report(SecurityEvent.Reason.WRONG_PASSWORD, "CP-001", ATTACKER, "password does not match");
        } finally {
            System.setErr(original);
        }
        List<String> drops = captured.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("Dropped")).toList();
        assertThat(drops).hasSize(2);
        assertThat(drops.get(0)).contains("Dropped 1 security event(s)");
        assertThat(drops.get(1)).contains("Dropped 998 security event(s)").contains("999 dropped in all");
    }
}
