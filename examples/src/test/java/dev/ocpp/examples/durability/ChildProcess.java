package dev.ocpp.examples.durability;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A class's {@code main} in a child JVM on this test's class path, whose output lines are read as they come (also
 * those printed just before it was killed), and which is killed with SIGKILL ({@link Process#destroyForcibly()}
 * on Linux) when asked or when closed.
 */
final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private final String name;

    private ChildProcess(Process process, String name) {
        this.process = process;
        this.name = name;
        this.reader = new Thread(this::read, "child-reader-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProcess start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ChildProcess(p, main.getSimpleName());
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException ended) {
            // The process is gone; what was read is kept.
        } finally {
            synchronized (lines) {
                lines.add("\u0000eof");
                lines.notifyAll();
            }
        }
    }

    /** Every line so far (without the end marker). */
    List<String> lines() {
        synchronized (lines) {
            return lines.stream().filter(l -> !l.equals("\u0000eof")).toList();
        }
    }

    /** How many lines so far start with {@code prefix}. */
    int count(String prefix) {
        return (int) lines().stream().filter(l -> l.startsWith(prefix)).count();
    }

    /** Waits until a line matches; fails with the output if the process ends first or time is up. */
    String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    String l = lines.get(seen);
                    if (l.equals("\u0000eof")) {
                        throw new AssertionError(name + " ended before the expected line; output: " + lines());
                    }
                    if (match.test(l)) {
                        return l;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + ": no expected line within " + timeout + "; output: "
                            + tail());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** Waits until {@code n} lines start with {@code prefix}. */
    void awaitCount(String prefix, int n, Duration timeout) throws InterruptedException {
        int[] counted = {0};
        awaitLine(l -> l.startsWith(prefix) && ++counted[0] >= n, timeout);
    }

    /**
     * SIGKILL, then waits for the process and for its last output to be read. Through the process handle: the
     * {@link Process}'s own destroy also closes our end of its output, which could lose lines printed just before.
     */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        reader.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** Waits for the process to exit by itself; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + "; output: " + tail());
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private List<String> tail() {
        List<String> all = lines();
        return all.subList(Math.max(0, all.size() - 40), all.size());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
