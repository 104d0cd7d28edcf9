package dev.ocpp.examples.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench conns}: what idle stations cost a server (issue 14). One server JVM (heap capped, by default at
 * {@value #DEFAULT_HEAP}) holds N connections opened in batches from this JVM; each connection boots once (typed
 * CSMS) and then sends a Heartbeat every H seconds, the connections spread evenly over the period, and every
 * Heartbeat must be answered. After all are connected and one full heartbeat cycle has passed, it reports the
 * connections held, the server's resident memory before connecting and with N connections ({@code VmRSS} of
 * {@code /proc/<pid>/status}), the difference per connection, the server's heap after a garbage collection, the
 * heartbeat latencies and the heartbeats left unanswered, against the aims.
 */
@Command(name = "conns",
        mixinStandardHelpOptions = true,
        description = {
            "Memory per idle connection: N stations on one server JVM, one Heartbeat each every H seconds.",
            "Starts one server in its own JVM (-Xmx512m unless --server-jvm-option says otherwise), opens N "
                    + "connections in batches, boots each (typed CSMS; the echo just echoes it), then sends one "
                    + "Heartbeat per connection every H seconds spread evenly. After one full cycle it prints "
                    + "connections held, server RSS before and with N connections, RSS per connection, heap after "
                    + "GC, heartbeat latency and unanswered heartbeats, against the aims (<= 10 KiB per "
                    + "connection, 19,000 connections, heap <= 512 MiB)."
        })
public final class ConnsBench implements Callable<Integer> {

    static final String DEFAULT_HEAP = "-Xmx512m";
    /** The aims. */
    static final double AIM_KIB_PER_CONNECTION = 10;
    static final int AIM_CONNECTIONS = 19_000;
    static final long AIM_HEAP_BYTES = 512L * 1024 * 1024;

    private static final Pattern HEAP_USED = Pattern.compile("used=(\\d+)");

    @Option(names = "--server", defaultValue = "rpc-netty", paramLabel = "KIND", converter = ServerKind.Converter.class,
            description = "netty-echo, rpc-netty, rpc-tyrus or tyrus-echo (default: ${DEFAULT-VALUE}).")
    ServerKind server;

    @Option(names = "--connections", defaultValue = "19000", paramLabel = "N",
            description = "Connections to open and hold (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--heartbeat-seconds", defaultValue = "60", paramLabel = "H",
            description = "Heartbeat period of every connection (default: ${DEFAULT-VALUE}).")
    double heartbeatSeconds;

    @Option(names = "--seconds", paramLabel = "S",
            description = "Measured window after all are connected; at least one heartbeat cycle is advised "
                    + "(default: one heartbeat period).")
    Double seconds;

    @Option(names = "--batch", defaultValue = "500", paramLabel = "B",
            description = "Connections opened at a time; the next batch starts when these are up (and booted) "
                    + "(default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--connect-timeout-seconds", defaultValue = "600", paramLabel = "S",
            description = "Time allowed for opening all connections (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    @Option(names = "--server-jvm-option", paramLabel = "OPTION",
            description = "JVM option for the server process (repeatable); replaces the default " + DEFAULT_HEAP
                    + " when it sets -Xmx.")
    List<String> serverJvmOptions = new ArrayList<>();

    @Mixin
    LoadSideOptions loadSide = new LoadSideOptions();


    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (connections < 1 || heartbeatSeconds <= 0 || batch < 1 || (seconds != null && seconds <= 0)
                || !loadSide.valid()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--connections and --batch must be >= 1, --heartbeat-seconds and --seconds > 0");
        }
        double window = seconds != null ? seconds : heartbeatSeconds;
        List<String> options = new ArrayList<>(serverJvmOptions);
        if (options.stream().noneMatch(o -> o.startsWith("-Xmx"))) {
            options.add(0, DEFAULT_HEAP);
        }
        try (Pinning pinning = Pinning.apply(loadSide.pinningRefusal(null))) {
            int threads = loadSide.threads();
            out.printf(Locale.ROOT, "Connections: %s, %d connections in batches of %d, one Heartbeat each every "
                            + "%.1f s, %.1f s measured; server JVM options %s%n", server.label(), connections, batch,
                    heartbeatSeconds, window, options);
            out.printf(Locale.ROOT, "CPU pinning: %s; load: %d Netty %s event-loop thread(s)%n",
                    pinning.describe(), threads, NettyLoops.kind());
            out.flush();
            RunningServer running;
            try {
                running = ChildProcessServer.start(server, LoadHarness.HOST, pinning.serverPrefix(), options,
                        List.of(), Duration.ofSeconds(60));
            } catch (IOException e) {
                out.println("FAILED: the " + server.label() + " server did not start: " + e.getMessage());
                return 1;
            }
            try (running; LoadGenerator load = new LoadGenerator(running.endpoint(), LoadHarness.SUBPROTOCOL,
                    threads)) {
                return measure(running, load, window, out);
            }
        }
    }

    private int measure(RunningServer running, LoadGenerator load, double window, PrintWriter out)
            throws InterruptedException {
        long rss0 = rssKiB(running.pid());
        Long heap0 = heapUsed(running.heapAfterGc());
        out.printf(Locale.ROOT, "Server pid %d at %s: baseline RSS %d KiB, heap after GC %s MiB%n", running.pid(),
                running.endpoint(), rss0, mib(heap0));
        out.flush();
        long t0 = System.nanoTime();
        // Only the typed CSMS keeps per-station state worth measuring; the echoes get the boot all the same.
        // The first batch on its own: the RSS it adds includes the server's warming up (classes loaded, code
        // compiled, buffer pools grown), so the growth from there to N is the marginal cost of a connection.
        int firstBatch = Math.min(batch, connections);
        long rss1;
        try {
            load.connect(firstBatch, batch, connectTimeoutSeconds * 1000L, true);
            rss1 = rssKiB(running.pid());
            load.connect(connections - firstBatch, batch,
                    Math.max(1, connectTimeoutSeconds * 1000L - (System.nanoTime() - t0) / 1_000_000), true);
        } catch (java.io.IOException e) {
            out.println("FAILED while connecting: " + e.getMessage() + " (" + load.opened() + " open)");
            out.flush();
            return 1;
        }
        out.printf(Locale.ROOT, "%d connections open and booted in %.1f s; heartbeats start%n", load.opened(),
                (System.nanoTime() - t0) / 1e9);
        out.flush();
        load.startHeartbeats(Duration.ofNanos(Math.round(heartbeatSeconds * 1e9)));
        load.interval();
        // Timed wait: the measurement window itself, not synchronization.
        Thread.sleep(Math.round(window * 1000));
        long held = load.opened();
        long rssN = rssKiB(running.pid());
        load.stop(10_000);
        Histogram latencies = load.interval();
        Long heapN = heapUsed(running.heapAfterGc());
        long unanswered = load.beatsSkipped() + (load.beatsSent() - load.beatsAnswered());
        double perConnection = rss0 < 0 || rssN < 0 ? Double.NaN : (rssN - rss0) / (double) connections;
        double marginal = rss1 < 0 || rssN < 0 || connections == firstBatch ? Double.NaN
                : (rssN - rss1) / (double) (connections - firstBatch);

        StringBuilder sb = new StringBuilder();
        sb.append("\n| server | connections held | RSS baseline MiB | RSS with N MiB | RSS per connection KiB "
                + "| heap after GC MiB | heartbeats answered | p50 ms | p99 ms | max ms | unanswered | errors |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        sb.append(String.format(Locale.ROOT, "| %s | %d / %d | %.1f | %.1f | %.2f | %s | %d | %.2f | %.2f | %.2f "
                        + "| %d | %d |%n", server.label(), held, connections, rss0 / 1024.0, rssN / 1024.0,
                perConnection, mib(heapN), load.beatsAnswered(), latencies.getValueAtPercentile(50) / 1e3,
                latencies.getValueAtPercentile(99) / 1e3, latencies.getMaxValue() / 1e3, unanswered,
                load.errors()));
        sb.append(String.format(Locale.ROOT, "%nAims: <= %.0f KiB per idle connection: %s; %,d connections: %s; "
                        + "heap <= 512 MiB: %s; every heartbeat answered: %s%n", AIM_KIB_PER_CONNECTION,
                Double.isNaN(perConnection) ? "unknown (no /proc)"
                        : perConnection <= AIM_KIB_PER_CONNECTION ? "met" : "NOT met",
                AIM_CONNECTIONS, held >= AIM_CONNECTIONS ? "met" : "NOT met (" + held + " held)",
                heapN == null ? "unknown" : heapN <= AIM_HEAP_BYTES ? "met" : "NOT met",
                unanswered == 0 ? "yes" : "NO"));
        sb.append(Double.isNaN(marginal) ? "" : String.format(Locale.ROOT, "Marginal RSS per connection after the "
                + "first %d: %.2f KiB ((RSS_N - RSS_%d) / %d)%n", firstBatch, marginal, firstBatch,
                connections - firstBatch));
        sb.append("(baseline heap after GC ").append(mib(heap0)).append(" MiB; ").append(load.beatsSent())
                .append(" heartbeats sent, ").append(load.beatsSkipped()).append(" skipped because the previous "
                        + "one was unanswered)\n");
        out.print(sb);
        out.flush();
        boolean ok = held == connections && unanswered == 0 && load.errors() == 0 && load.beatsAnswered() > 0;
        if (!ok) {
            spec.commandLine().getErr().println("Not every connection was held or every heartbeat answered; "
                    + "see the table.");
        }
        return ok ? 0 : 1;
    }

    /** VmRSS of the process in KiB, or -1 off Linux. */
    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux or the process is gone: reported as unknown.
        }
        return -1;
    }

    private static Long heapUsed(String heapLine) {
        if (heapLine == null) {
            return null;
        }
        Matcher m = HEAP_USED.matcher(heapLine);
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }

    private static String mib(Long bytes) {
        return bytes == null ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
