package dev.ocpp.core.testing;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** An executor whose work runs when the test says so, on the test's thread. */
public final class QueueExecutor implements Executor {

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable command) {
        queue.add(command);
    }

    /**
     * Runs queued work newest first, and the work it queues, until none is left: the order a pool of many threads
     * may well pick, which no code may rely on being first in, first out.
     */
    public void runAllNewestFirst() {
        while (true) {
            Runnable r;
            synchronized (this) {
                r = queue.pollLast();
            }
            if (r == null) {
                return;
            }
            r.run();
        }
    }

    /** Runs queued work, and the work it queues, until none is left. */
    public void runAll() {
        while (true) {
            Runnable r;
            synchronized (this) {
                r = queue.poll();
            }
            if (r == null) {
                return;
            }
            r.run();
        }
    }
}
