package dev.ocpp.transport.testsuite;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

/**
 * What transports log while a test runs, to check that hostile input leaves no stack trace behind. It sees both
 * logging paths the transports of this project use: SLF4J's simple backend (the tests' binding; it writes to
 * whatever {@code System.err} is at the time of each line, and Netty logs through SLF4J too), captured by teeing
 * {@code System.err} and {@code System.out}; and {@code java.util.logging} (Tyrus and Grizzly), captured by a
 * handler on the root logger that takes every record at every level.
 *
 * <p>Only what the backends are configured to print reaches the captured text: SLF4J lines below the test's
 * configured level are not seen. JUL records are seen at every level. Tests of the suite do not run in parallel, so
 * a capture sees only its own test's output (and that of servers it started).
 */
public final class LogCapture implements AutoCloseable {

    /** A line of a printed Java stack trace: {@code <tab>at some.Class.method(...)}. */
    private static final Pattern STACK_LINE = Pattern.compile("(?m)^\\s+at [\\w$.<>/]+\\(");

    private final PrintStream originalErr = System.err;
    private final PrintStream originalOut = System.out;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final List<LogRecord> thrown = new CopyOnWriteArrayList<>();
    private final Handler jul = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getThrown() != null) {
                thrown.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final java.util.logging.Logger root = java.util.logging.Logger.getLogger("");

    private LogCapture() {
        System.setErr(new PrintStream(tee(originalErr), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(tee(originalOut), true, StandardCharsets.UTF_8));
        jul.setLevel(Level.ALL);
        root.addHandler(jul);
    }

    /** Starts capturing; {@link #close()} stops. */
    public static LogCapture start() {
        return new LogCapture();
    }

    private OutputStream tee(PrintStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (text) {
                    text.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (text) {
                    text.write(b, off, len);
                }
                original.write(b, off, len);
            }

            @Override
            public void flush() {
                original.flush();
            }
        };
    }

    /** Everything printed so far. */
    public String text() {
        synchronized (text) {
            return text.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * The stack traces logged so far: printed lines that look like frames of one, and JUL records carrying a
     * throwable (whatever their level), described one per entry.
     */
    public List<String> stackTraces() {
        List<String> found = new java.util.ArrayList<>();
        java.util.regex.Matcher m = STACK_LINE.matcher(text());
        while (m.find()) {
            found.add("printed: " + m.group().trim());
        }
        for (LogRecord r : thrown) {
            found.add("java.util.logging " + r.getLevel() + " " + r.getLoggerName() + ": " + r.getThrown());
        }
        return found;
    }

    @Override
    public void close() {
        root.removeHandler(jul);
        System.setErr(originalErr);
        System.setOut(originalOut);
    }
}
