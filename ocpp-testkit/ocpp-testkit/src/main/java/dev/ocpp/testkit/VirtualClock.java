package dev.ocpp.testkit;

import dev.ocpp.core.TimeoutScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Time that moves only when a test says so, for heartbeat, timeout, retry and back-off rules (OCPP 1.6 §4.2 and
 * §4.6, 2.0.1 B01-B03 and G02, OCPP-J call timeouts) tested without waiting. It is both a {@link TimeoutScheduler},
 * for {@link dev.ocpp.core.SessionConfig.Builder#scheduler}, and a {@link Clock} ({@link #clock()}) for timestamps.
 *
 * <p>{@link #advance(Duration)} runs every task that falls due within the step, earliest first (tasks due together
 * in the order they were scheduled), including tasks those tasks schedule within the same step, each with the
 * clock set to its due time; they run on the thread that calls {@code advance}. A task that throws does not stop
 * the others or the step; the first such exception is thrown from {@code advance} at the end. Thread-safe.
 */
public final class VirtualClock implements TimeoutScheduler {

    private final ZoneId zone;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: nanoseconds since {@link #start}. */
    private long now;
    private final Instant start;
    /** Guarded by {@link #lock}. */
    private final List<Task> tasks = new ArrayList<>();
    /** Guarded by {@link #lock}: tie-breaker, so that tasks due together run in scheduling order. */
    private long scheduled;

    private static final class Task {
        final long due;
        final long order;
        final Runnable run;
        volatile boolean cancelled;

        Task(long due, long order, Runnable run) {
            this.due = due;
            this.order = order;
            this.run = run;
        }
    }

    /** A clock that starts at {@code start}, in UTC. */
    public VirtualClock(Instant start) {
        this.start = Objects.requireNonNull(start, "start");
        this.zone = ZoneOffset.UTC;
    }

    /** A clock that starts at the real current time, rounded down to the second. */
    public VirtualClock() {
        this(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
    }

    /** The current virtual time. */
    public Instant instant() {
        synchronized (lock) {
            return start.plusNanos(now);
        }
    }

    /** A {@link Clock} view that reads this virtual time. */
    public Clock clock() {
        return new View(zone);
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        long d = Math.max(0, delay.toNanos());
        Task t;
        synchronized (lock) {
            t = new Task(now + d, scheduled++, task);
            tasks.add(t);
        }
        return () -> t.cancelled = true;
    }

    /**
     * Runs {@code task} once the virtual time reaches {@code at} (in the {@link #advance} that reaches it; in the next
     * one when it has passed). Unlike {@link #schedule}, the time it falls due does not depend on when this is
     * called: a task planned while another thread advances the clock is still due at {@code at}, not a whole delay
     * after wherever the clock had got to.
     */
    public Cancellable scheduleAt(Instant at, Runnable task) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(task, "task");
        Task t;
        synchronized (lock) {
            long due = Math.max(now, Duration.between(start, at).toNanos());
            t = new Task(due, scheduled++, task);
            tasks.add(t);
        }
        return () -> t.cancelled = true;
    }

    /**
     * Moves time on by {@code step}, running what falls due on the way (see the class comment). Returns how many
     * tasks ran.
     */
    public int advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + step);
        }
        long end;
        synchronized (lock) {
            end = now + step.toNanos();
        }
        int ran = 0;
        RuntimeException failed = null;
        while (true) {
            Task due = null;
            synchronized (lock) {
                tasks.removeIf(t -> t.cancelled);
                for (Task t : tasks) {
                    if (t.due <= end && (due == null || t.due < due.due
                            || (t.due == due.due && t.order < due.order))) {
                        due = t;
                    }
                }
                if (due == null) {
                    now = end;
                    break;
                }
                tasks.remove(due);
                now = Math.max(now, due.due);
            }
            ran++;
            try {
                due.run.run();
            } catch (RuntimeException e) {
                // As on a real scheduler, one failing task does not stop the others; the test still hears of it.
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return ran;
    }

    /** Runs what is due now without moving time. */
    public int runDue() {
        return advance(Duration.ZERO);
    }

    /** How many tasks are waiting, neither run nor cancelled. */
    public int pending() {
        synchronized (lock) {
            return (int) tasks.stream().filter(t -> !t.cancelled).count();
        }
    }

    /** How long until the next task falls due, if any is waiting. */
    public java.util.Optional<Duration> nextDue() {
        synchronized (lock) {
            return tasks.stream().filter(t -> !t.cancelled).mapToLong(t -> t.due).min().stream()
                    .mapToObj(due -> Duration.ofNanos(Math.max(0, due - now))).findFirst();
        }
    }

    private final class View extends Clock {
        private final ZoneId viewZone;

        View(ZoneId viewZone) {
            this.viewZone = viewZone;
        }

        @Override
        public ZoneId getZone() {
            return viewZone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new View(other);
        }

        @Override
        public Instant instant() {
            return VirtualClock.this.instant();
        }
    }
}
