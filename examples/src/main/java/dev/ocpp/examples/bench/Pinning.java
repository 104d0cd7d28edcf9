package dev.ocpp.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU pinning for the harness: the server child JVM on CPU 0, the load side (this JVM) on the others, so that the
 * load clients never steal the server's core and the server's CPU time is what one core can do. Applied only where
 * {@code taskset} exists and there are at least two CPUs; otherwise, or when turned off, nothing is pinned and
 * {@link #describe()} says so, since unpinned numbers on a shared machine read differently.
 *
 * <p>The load side is pinned by re-pinning every thread of this JVM ({@code taskset -a -p}) before the load
 * threads start; threads created afterwards inherit the mask. {@link #close()} gives this JVM its original CPUs
 * back, which matters when the harness runs inside a longer-lived JVM (tests, IDE).
 */
final class Pinning implements AutoCloseable {

    private static final String TASKSET = "taskset";

    private final boolean applied;
    private final String reason;
    private final String loadCpus;
    private final String originalCpus;

    private Pinning(boolean applied, String reason, String loadCpus, String originalCpus) {
        this.applied = applied;
        this.reason = reason;
        this.loadCpus = loadCpus;
        this.originalCpus = originalCpus;
    }

    /**
     * Decides and, when possible and wanted, pins this JVM to CPUs 1..n-1.
     *
     * @param whyNot why pinning is not wanted, or {@code null} if it is
     */
    static Pinning apply(String whyNot) {
        if (whyNot != null) {
            return new Pinning(false, whyNot, null, null);
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus < 2) {
            return new Pinning(false, "only " + cpus + " CPU available", null, null);
        }
        if (!tasksetWorks()) {
            return new Pinning(false, "no usable taskset command", null, null);
        }
        String original = allowedCpus();
        String load = cpus == 2 ? "1" : "1-" + (cpus - 1);
        long pid = ProcessHandle.current().pid();
        if (!run(List.of(TASKSET, "-a", "-p", "-c", load, Long.toString(pid)))) {
            return new Pinning(false, "taskset could not pin the load side", null, null);
        }
        return new Pinning(true, null, load, original);
    }

    /** Whether the server must be started under {@link #serverPrefix()}. */
    boolean applied() {
        return applied;
    }

    /** The command words in front of the server's {@code java} command: pin it to CPU 0. */
    List<String> serverPrefix() {
        return applied ? List.of(TASKSET, "-c", "0") : List.of();
    }

    /** One line for the report. */
    String describe() {
        return applied ? "pinned: server on CPU 0, load on CPU " + loadCpus : "not pinned: " + reason;
    }

    /** Gives this JVM back the CPUs it had before. */
    @Override
    public void close() {
        if (applied && originalCpus != null) {
            run(List.of(TASKSET, "-a", "-p", "-c", originalCpus, Long.toString(ProcessHandle.current().pid())));
        }
    }

    private static boolean tasksetWorks() {
        return run(List.of(TASKSET, "-p", Long.toString(ProcessHandle.current().pid())));
    }

    /** This process's allowed CPUs as a list like {@code 0-3}, from {@code /proc/self/status}, or null. */
    private static String allowedCpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc unreadable: nothing to restore to.
        }
        return null;
    }

    private static boolean run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
