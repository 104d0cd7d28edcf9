package dev.ocpp.examples.testing;

import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A command's output, collected as text, that a test can wait on without sleeping: each write wakes the waiters to
 * look again. For what a command only prints, with no frame on the wire to wait for instead.
 */
public final class AwaitableOutput extends Writer {

    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        text.append(chars, offset, length);
        notifyAll();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    /**
     * Waits until the output contains {@code part}.
     *
     * @throws TimeoutException if it does not within {@code timeout}
     */
    public synchronized void await(String part, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (text.indexOf(part) < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("\"" + part + "\" not printed within " + timeout + "; output:\n" + text);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public synchronized String toString() {
        return text.toString();
    }
}
