package dev.ocpp.transport.jakarta.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time in submission order, on the threads that submit them, without ever blocking a submitter.
 *
 * <p>A connection's events come from the container's I/O threads and from the shared timer (ping deadlines, aborts);
 * {@link dev.ocpp.core.spi.TransportListener} must never see two of them at once. A lock would make an I/O thread
 * wait for the timer; here whichever thread finds the executor idle drains the queue, and any other thread only
 * enqueues and returns.
 */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    /** Also used by the Tyrus client's socket, whose Grizzly events come from several threads as well. */
    public SerialExecutor() {
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (pending.getAndIncrement() != 0) {
            return;
        }
        do {
            Runnable next = tasks.poll();
            try {
                next.run();
            } catch (RuntimeException e) {
                // A throwing listener must not stop the events of this connection.
                LOG.warn("Transport listener failed", e);
            }
        } while (pending.decrementAndGet() != 0);
    }
}
