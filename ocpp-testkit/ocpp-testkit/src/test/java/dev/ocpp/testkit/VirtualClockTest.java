package dev.ocpp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.TimeoutScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Virtual time moves only on advance, running what falls due in order, at its due time. */
class VirtualClockTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final VirtualClock clock = new VirtualClock(T0);
    private final List<String> ran = new ArrayList<>();

    private Runnable note(String name) {
        return () -> ran.add(name + "@" + Duration.between(T0, clock.instant()).toSeconds());
    }

    @Test
    void aTaskPlannedForAnInstantIsDueThenWhenEverItWasPlanned() {
        Instant start = clock.instant();
        clock.advance(Duration.ofMinutes(10));
        // Planned after the clock moved: due at the instant, not 15 minutes from now.
        clock.scheduleAt(start.plus(Duration.ofMinutes(15)), note("at-15"));
        // Planned for an instant that has passed: due at once.
        clock.scheduleAt(start.plus(Duration.ofMinutes(5)), note("passed"));

        clock.advance(Duration.ZERO);
        assertThat(ran).containsExactly("passed@600");
        clock.advance(Duration.ofMinutes(5));
        assertThat(ran).containsExactly("passed@600", "at-15@900");
    }

    @Test
    void dueTasksRunEarliestFirstEachAtItsDueTime() {
        clock.schedule(note("c"), Duration.ofSeconds(3));
        clock.schedule(note("a"), Duration.ofSeconds(1));
        clock.schedule(note("b"), Duration.ofSeconds(2));

        assertThat(clock.advance(Duration.ofSeconds(5))).isEqualTo(3);

        assertThat(ran).containsExactly("a@1", "b@2", "c@3");
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aFailingTaskDoesNotStopTheOthersAndIsReportedAtTheEndOfTheStep() {
        clock.schedule(note("a"), Duration.ofSeconds(1));
        clock.schedule(() -> {
            throw new IllegalStateException("boom");
        }, Duration.ofSeconds(2));
        clock.schedule(note("c"), Duration.ofSeconds(3));

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(5))).hasMessage("boom");

        assertThat(ran).containsExactly("a@1", "c@3");
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(5));
        assertThat(clock.pending()).isZero();
    }

    @Test
    void tasksDueTogetherRunInSchedulingOrder() {
        for (String name : List.of("first", "second", "third", "fourth")) {
            clock.schedule(note(name), Duration.ofSeconds(4));
        }
        clock.schedule(note("earlier"), Duration.ofSeconds(2));

        clock.advance(Duration.ofSeconds(4));

        assertThat(ran).containsExactly("earlier@2", "first@4", "second@4", "third@4", "fourth@4");
    }

    @Test
    void tasksScheduledByTasksWithinTheStepRunInTheSameAdvance() {
        // A retry chain: each run schedules the next 10 s after its own due time, not after the end of the step.
        clock.schedule(new Runnable() {
            int round;

            @Override
            public void run() {
                note("r" + round++).run();
                clock.schedule(this, Duration.ofSeconds(10));
            }
        }, Duration.ofSeconds(10));
        clock.schedule(note("other"), Duration.ofSeconds(25));

        assertThat(clock.advance(Duration.ofSeconds(35))).isEqualTo(4);

        assertThat(ran).containsExactly("r0@10", "r1@20", "other@25", "r2@30");
        assertThat(clock.pending()).isEqualTo(1);
        assertThat(clock.nextDue()).contains(Duration.ofSeconds(5));
    }

    @Test
    void tasksNotYetDueWaitForALaterAdvance() {
        clock.schedule(note("late"), Duration.ofSeconds(30));

        assertThat(clock.advance(Duration.ofSeconds(29))).isZero();
        assertThat(ran).isEmpty();
        assertThat(clock.pending()).isEqualTo(1);
        assertThat(clock.nextDue()).contains(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("late@30");
        assertThat(clock.pending()).isZero();
        assertThat(clock.nextDue()).isEmpty();
    }

    @Test
    void aCancelledTaskNeverRuns() {
        TimeoutScheduler.Cancellable cancelled = clock.schedule(note("cancelled"), Duration.ofSeconds(1));
        clock.schedule(note("kept"), Duration.ofSeconds(2));
        cancelled.cancel();

        assertThat(clock.pending()).isEqualTo(1);
        assertThat(clock.advance(Duration.ofSeconds(3))).isEqualTo(1);
        assertThat(ran).containsExactly("kept@2");
    }

    @Test
    void aTaskCanCancelALaterOneDueInTheSameStep() {
        TimeoutScheduler.Cancellable[] timeout = new TimeoutScheduler.Cancellable[1];
        clock.schedule(() -> timeout[0].cancel(), Duration.ofSeconds(1));  // the answer came before the timeout
        timeout[0] = clock.schedule(note("timeout"), Duration.ofSeconds(2));

        clock.advance(Duration.ofSeconds(5));

        assertThat(ran).isEmpty();
    }

    @Test
    void theClockViewReadsVirtualTime() {
        Clock view = clock.clock();
        assertThat(view.instant()).isEqualTo(T0);
        assertThat(view.getZone()).isEqualTo(ZoneId.of("Z"));

        clock.advance(Duration.ofMinutes(90));

        assertThat(view.instant()).isEqualTo(T0.plus(Duration.ofMinutes(90)));
        assertThat(view.millis()).isEqualTo(T0.plus(Duration.ofMinutes(90)).toEpochMilli());
        Clock paris = view.withZone(ZoneId.of("Europe/Paris"));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris.instant()).isEqualTo(view.instant());
    }

    @Test
    void zeroAndNegativeDelaysAreDueNowAndRunWithoutMovingTime() {
        clock.schedule(note("zero"), Duration.ZERO);
        clock.schedule(note("negative"), Duration.ofSeconds(-5));

        assertThat(clock.runDue()).isEqualTo(2);

        assertThat(ran).containsExactly("zero@0", "negative@0");
        assertThat(clock.instant()).isEqualTo(T0);
    }

    @Test
    void aNegativeStepIsRefusedAndTimeStays() {
        clock.advance(Duration.ofSeconds(10));

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(10));
    }
}
