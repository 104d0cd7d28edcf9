package dev.ocpp.core.testing;

import dev.ocpp.core.TimeoutScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Time that moves only when told to: tasks run on the test's thread when {@link #advance} passes their due time. */
public final class ManualScheduler implements TimeoutScheduler {

    private long now;
    private final List<Task> tasks = new ArrayList<>();

    private static final class Task {
        final long due;
        final Runnable run;
        boolean cancelled;

        Task(long due, Runnable run) {
            this.due = due;
            this.run = run;
        }
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Task t = new Task(now + delay.toNanos(), task);
        tasks.add(t);
        return () -> {
            synchronized (ManualScheduler.this) {
                t.cancelled = true;
            }
        };
    }

    /**
     * Moves the clock on and runs what fell due, earliest first (in scheduling order when due together). Tasks
     * scheduled by those run wait for the next advance.
     */
    public void advance(Duration d) {
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            now += d.toNanos();
            // A stable sort: tasks due at the same time keep their scheduling order.
            tasks.sort((a, b) -> Long.compare(a.due, b.due));
            for (var it = tasks.iterator(); it.hasNext(); ) {
                Task t = it.next();
                if (t.due <= now) {
                    if (!t.cancelled) {
                        due.add(t.run);
                    }
                    it.remove();
                }
            }
        }
        due.forEach(Runnable::run);
    }

    /** Tasks neither run nor cancelled. */
    public synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }
}
