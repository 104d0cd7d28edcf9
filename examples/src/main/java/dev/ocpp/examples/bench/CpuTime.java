package dev.ocpp.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process's CPU time so far: the total from {@link ProcessHandle.Info#totalCpuDuration()} and, where the
 * operating system tells (Linux {@code /proc}), its split into user and kernel time. The split matters here because
 * loopback networking is paid in the kernel by both servers alike, while the OCPP path's extra work is mostly user
 * time plus the kernel time of its thread hand-offs.
 *
 * @param total  user + system
 * @param user   user time, or {@code null} if unknown
 * @param system kernel time, or {@code null} if unknown
 */
record CpuTime(Duration total, Duration user, Duration system) {

    /** Reads the CPU time of process {@code pid}. */
    static CpuTime of(ProcessHandle process) {
        Duration total = process.info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("The OS does not report the CPU time of process "
                        + process.pid()));
        long[] ticks = procStatTicks(process.pid());
        if (ticks == null || ticks[0] + ticks[1] == 0) {
            return new CpuTime(total, null, null);
        }
        // Apportion the JDK's total by the tick ratio, so no assumption about the kernel's tick rate is needed.
        Duration user = Duration.ofNanos(Math.round(total.toNanos() * (double) ticks[0] / (ticks[0] + ticks[1])));
        return new CpuTime(total, user, total.minus(user));
    }

    CpuTime minus(CpuTime earlier) {
        boolean split = user != null && earlier.user != null;
        return new CpuTime(total.minus(earlier.total), split ? user.minus(earlier.user) : null,
                split ? system.minus(earlier.system) : null);
    }

    /** utime and stime of {@code /proc/<pid>/stat} (fields 14 and 15), or {@code null} off Linux. */
    private static long[] procStatTicks(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.isReadable(stat)) {
            return null;
        }
        try {
            String text = Files.readString(stat);
            // The command name (field 2) is parenthesised and may hold spaces; count fields after its end.
            String[] rest = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(rest[11]), Long.parseLong(rest[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
