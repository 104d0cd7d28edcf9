package dev.ocpp.examples.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: measures what the OCPP path costs on top of the WebSocket stack (issue 14). The same raw Netty load
 * clients ({@link LoadGenerator}) drive, one after the other in one run, a raw Netty echo, a raw Tyrus echo and the
 * library's typed, validating 1.6 CSMS on the Tyrus and on the Netty transport ({@link ServerKind}). Each server runs
 * in its own JVM, pinned to CPU 0 while the load runs on the other CPUs where {@code taskset} allows
 * ({@link Pinning}), so that its CPU time is measured alone. The comparison that matters is server CPU per call
 * against the raw Netty echo measured in the same run; the aim is typed RPC on Netty at or under
 * {@value #GOAL}x with 100 stations. {@code bench conns} ({@link ConnsBench}) measures memory per idle connection.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        subcommands = ConnsBench.class,
        description = {
            "Load harness: typed OCPP RPC servers versus raw WebSocket echoes, CPU per call and latency.",
            "Measures, each in its own JVM on loopback and under the same load (K stations making back-to-back "
                    + "Heartbeat calls, one outstanding CALL per connection, from raw Netty clients): a raw Netty "
                    + "echo, a raw Tyrus echo, and the typed, validating OCPP 1.6 CSMS on the Tyrus and on the Netty "
                    + "transport. The server is pinned to CPU 0 and the load to the other CPUs when taskset exists "
                    + "and there are at least 2 CPUs (--no-pin turns it off). Prints calls/s, latency percentiles, "
                    + "server CPU per call (user/sys) and each server's CPU per call against the raw Netty echo of "
                    + "the same run as a markdown table. Stops by itself.",
            "'bench conns' measures memory per idle connection instead."
        })
public final class LoadHarness implements Callable<Integer> {

    /** The aim: typed RPC on Netty at most this multiple of the raw Netty echo's CPU per call. */
    static final double GOAL = 1.5;
    static final String HOST = "127.0.0.1";
    static final String SUBPROTOCOL = "ocpp1.6";

    @Option(names = "--stations", defaultValue = "100", paramLabel = "K",
            description = "Concurrent connections, each with one outstanding call (default: ${DEFAULT-VALUE}).")
    int stations;

    @Option(names = "--seconds", defaultValue = "15", paramLabel = "S",
            description = "Measured window per server (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "5", paramLabel = "S",
            description = "Unmeasured load before each window, for the JIT (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--servers", split = ",", defaultValue = "netty-echo,tyrus-echo,rpc-tyrus,rpc-netty",
            paramLabel = "LIST", converter = ServerKind.Converter.class,
            description = "Servers to measure, in order: netty-echo, tyrus-echo, rpc-tyrus, rpc-netty "
                    + "(default: ${DEFAULT-VALUE}; echo and rpc still mean tyrus-echo and rpc-tyrus).")
    List<ServerKind> servers;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "N",
            description = "Measure the servers N times, alternating, each time in fresh JVMs; the ratios are then "
                    + "also given as medians (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--jfr", paramLabel = "PREFIX",
            description = "Record each server JVM with Java Flight Recorder into PREFIX-<server>.jfr and print its "
                    + "hot spots in the measured window.")
    Path jfr;

    @Option(names = "--server-jvm-option", paramLabel = "OPTION",
            description = "Extra JVM option for the server processes (repeatable), e.g. --server-jvm-option=-Xmx1g.")
    List<String> serverJvmOptions = new ArrayList<>();

    @Mixin
    LoadSideOptions loadSide = new LoadSideOptions();


    @Option(names = "--echo-threads", defaultValue = "1", paramLabel = "N",
            description = "Event-loop threads of the raw Netty echo (default: ${DEFAULT-VALUE}: the server has one "
                    + "core when pinned).")
    int echoThreads;

    @Option(names = "--in-process", hidden = true,
            description = "Run the servers in this JVM (smoke tests only: CPU figures then include the clients).")
    boolean inProcess;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (stations < 1 || seconds <= 0 || warmupSeconds < 0 || rounds < 1 || !loadSide.valid() || echoThreads < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--stations, --rounds and --echo-threads must be >= 1, --seconds > 0, --warmup-seconds and "
                            + "--load-threads >= 0");
        }
        List<BenchResult> results = new ArrayList<>();
        try (Pinning pinning = Pinning.apply(loadSide.pinningRefusal(
                inProcess ? "servers in this JVM (--in-process)" : null))) {
            int threads = loadSide.threads();
            out.printf(Locale.ROOT,
                    "Load harness: %d stations, %.1f s warm-up + %.1f s measured per server, loopback, %s%n",
                    stations, warmupSeconds, seconds, inProcess ? "servers IN THIS JVM (smoke run: CPU figures "
                            + "include the clients)" : "each server in its own JVM");
            out.printf(Locale.ROOT, "CPU pinning: %s; load: %d Netty %s event-loop thread(s)%n",
                    pinning.describe(), threads, NettyLoops.kind());
            out.flush();
            for (int round = 1; round <= rounds; round++) {
                for (ServerKind kind : servers) {
                    results.add(measure(kind, round, pinning, threads, out));
                }
            }
            out.println();
            out.print(table(results));
            out.println("CPU pinning: " + pinning.describe());
            out.flush();
        }
        boolean failed = results.stream().anyMatch(r -> r.calls() == 0 || r.errors() > 0);
        if (failed) {
            spec.commandLine().getErr().println("Some server answered no calls or errors occurred; see the table.");
        }
        return failed ? 1 : 0;
    }

    private BenchResult measure(ServerKind kind, int round, Pinning pinning, int threads, PrintWriter out)
            throws IOException, InterruptedException {
        String tag = rounds == 1 ? kind.label() : kind.label() + ", round " + round;
        out.printf("[%s] starting server%n", tag);
        out.flush();
        Path recording = jfr == null ? null : jfr.toAbsolutePath().resolveSibling(jfr.getFileName() + "-"
                + kind.cliName() + (rounds == 1 ? "" : "-r" + round) + ".jfr");
        Instant windowStart;
        Instant windowEnd;
        BenchResult result;
        RunningServer server;
        try {
            server = startServer(kind, recording, pinning, List.of());
        } catch (IOException | RuntimeException e) {
            // One server that cannot start (e.g. a transport not built yet) must not cost the others' numbers.
            out.printf("[%s] FAILED to start: %s%n", tag, e.getMessage());
            out.flush();
            return BenchResult.failed(kind, round, stations, "did not start");
        }
        try (server; LoadGenerator load = new LoadGenerator(server.endpoint(), SUBPROTOCOL, threads)) {
            try {
                load.connect(stations, 200, 30_000, false);
            } catch (IOException e) {
                out.printf("[%s] FAILED to connect: %s%n", tag, e.getMessage());
                out.flush();
                return BenchResult.failed(kind, round, stations, "connect failed");
            }
            out.printf(Locale.ROOT, "[%s] %d stations connected to %s%s; warming up %.1f s%n", tag, stations,
                    server.endpoint(), server.pinned() ? " (server pinned to CPU 0)" : "", warmupSeconds);
            out.flush();
            load.start();
            // Timed waits are the measurement itself here, not synchronization.
            Thread.sleep(Math.round(warmupSeconds * 1000));
            load.interval();
            CpuTime cpuBefore = server.cpuTime();
            long t0 = System.nanoTime();
            windowStart = Instant.now();
            Thread.sleep(Math.round(seconds * 1000));
            Histogram latencies = load.interval();
            CpuTime cpuAfter = server.cpuTime();
            long t1 = System.nanoTime();
            windowEnd = Instant.now();
            load.stop(10_000);
            result = new BenchResult(kind, round, stations, latencies, Duration.ofNanos(t1 - t0),
                    cpuAfter.minus(cpuBefore), load.errors(), server.isolated(), null);
            out.printf(Locale.ROOT, "[%s] %d calls, %.0f calls/s, server CPU %.1f µs/call%n", tag,
                    result.calls(), result.callsPerSecond(), result.cpuMicrosPerCall());
            out.flush();
        }
        if (recording != null) {
            out.println("[" + tag + "] flight recording: " + recording);
            JfrHotSpots.print(recording, windowStart, windowEnd, out, 15);
            out.flush();
        }
        return result;
    }

    private RunningServer startServer(ServerKind kind, Path recording, Pinning pinning, List<String> extra)
            throws IOException {
        if (inProcess) {
            return InProcessServer.start(kind, HOST);
        }
        List<String> options = new ArrayList<>(serverJvmOptions);
        options.addAll(extra);
        if (recording != null) {
            options.add("-XX:StartFlightRecording=filename=" + recording + ",settings=" + JfrHotSpots.settings()
                    + ",dumponexit=true");
        }
        return ChildProcessServer.start(kind, HOST, pinning.serverPrefix(), options, List.of(
                "--echo-threads=" + echoThreads), Duration.ofSeconds(60));
    }

    /**
     * The results as a markdown table, then each server's CPU per call and throughput against the raw Netty echo
     * (the baseline) and, for continuity with earlier measurements, the typed RPC on Tyrus against the raw
     * Tyrus echo, per round and as medians.
     */
    static String table(List<BenchResult> results) {
        boolean multiRound = results.stream().anyMatch(r -> r.round() > 1);
        StringBuilder sb = new StringBuilder();
        sb.append("| server | stations | calls | calls/s | p50 ms | p99 ms | p99.9 ms | server CPU (cores) "
                + "| server CPU/call µs | user / sys µs | errors |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResult r : results) {
            String name = r.kind().label() + (multiRound ? " (round " + r.round() + ")" : "");
            if (r.failure() != null) {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %s | | | | | | | | %d |%n", name, r.stations(),
                        "FAILED: " + r.failure(), r.errors()));
                continue;
            }
            String split = Double.isNaN(r.userMicrosPerCall()) ? "n/a"
                    : String.format(Locale.ROOT, "%.1f / %.1f", r.userMicrosPerCall(), r.systemMicrosPerCall());
            sb.append(String.format(Locale.ROOT,
                    "| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.1f | %s | %d |%n",
                    name, r.stations(), r.calls(), r.callsPerSecond(), r.percentileMillis(50),
                    r.percentileMillis(99), r.percentileMillis(99.9), r.cores(), r.cpuMicrosPerCall(), split,
                    r.errors()));
        }
        int roundCount = results.stream().mapToInt(BenchResult::round).max().orElse(0);
        boolean isolated = results.stream().allMatch(BenchResult::isolated);
        StringBuilder ratios = new StringBuilder();
        for (ServerKind kind : ServerKind.values()) {
            if (kind != ServerKind.NETTY_ECHO) {
                ratioRows(ratios, results, roundCount, kind, ServerKind.NETTY_ECHO);
            }
        }
        ratioRows(ratios, results, roundCount, ServerKind.RPC_TYRUS, ServerKind.TYRUS_ECHO);
        if (ratios.length() == 0) {
            sb.append("\nNo ratios: the raw Netty echo (or, for Tyrus, the raw Tyrus echo) was not measured with a "
                    + "server to compare.\n");
            return sb.toString();
        }
        sb.append('\n').append("| ratio |");
        for (int i = 1; i <= roundCount; i++) {
            sb.append(roundCount == 1 ? " value |" : " round " + i + " |");
        }
        sb.append(roundCount > 1 ? " median |" : "").append("\n|---|")
                .append("---:|".repeat(roundCount + (roundCount > 1 ? 1 : 0))).append('\n').append(ratios);
        double[] goal = ratios(results, roundCount, ServerKind.RPC_NETTY, ServerKind.NETTY_ECHO, true);
        if (goal.length == 0) {
            sb.append(String.format(Locale.ROOT, "%nGoal: typed RPC (Netty) CPU per call <= %.1fx raw Netty echo: "
                    + "not measured (needs both in the same run)%n", GOAL));
        } else {
            double median = median(goal);
            sb.append(String.format(Locale.ROOT, "%nGoal: typed RPC (Netty) CPU per call <= %.1fx raw Netty echo"
                    + "%s: %.2fx, %s%s%n", GOAL, goal.length > 1 ? " (median)" : "", median,
                    median <= GOAL ? "met" : "NOT met",
                    isolated ? "" : " (in-process run: CPU includes the load clients, not meaningful)"));
        }
        return sb.toString();
    }

    private static void ratioRows(StringBuilder sb, List<BenchResult> results, int roundCount, ServerKind kind,
                                  ServerKind baseline) {
        double[] cpu = ratios(results, roundCount, kind, baseline, true);
        if (cpu.length == 0) {
            return;
        }
        double[] throughput = ratios(results, roundCount, kind, baseline, false);
        row(sb, kind.label() + " / " + baseline.label() + ": server CPU per call", cpu, roundCount);
        row(sb, kind.label() + " / " + baseline.label() + ": calls/s", throughput, roundCount);
    }

    private static void row(StringBuilder sb, String name, double[] values, int roundCount) {
        sb.append("| ").append(name).append(" |");
        for (double v : values) {
            sb.append(Double.isNaN(v) ? " - |" : String.format(Locale.ROOT, " %.2fx |", v));
        }
        if (roundCount > 1) {
            sb.append(String.format(Locale.ROOT, " %.2fx |", median(values)));
        }
        sb.append('\n');
    }

    /** Per round, kind over baseline (NaN for a round missing either); empty if no round has both. */
    private static double[] ratios(List<BenchResult> results, int roundCount, ServerKind kind, ServerKind baseline,
                                   boolean cpu) {
        double[] values = new double[roundCount];
        boolean any = false;
        for (int round = 1; round <= roundCount; round++) {
            BenchResult k = find(results, kind, round);
            BenchResult b = find(results, baseline, round);
            if (k == null || b == null || k.failure() != null || b.failure() != null) {
                values[round - 1] = Double.NaN;
                continue;
            }
            values[round - 1] = cpu ? k.cpuMicrosPerCall() / b.cpuMicrosPerCall()
                    : k.callsPerSecond() / b.callsPerSecond();
            any = true;
        }
        return any ? values : new double[0];
    }

    /** The median of the values that are numbers. */
    private static double median(double[] all) {
        double[] values = java.util.Arrays.stream(all).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = values.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static BenchResult find(List<BenchResult> results, ServerKind kind, int round) {
        return results.stream().filter(r -> r.kind() == kind && r.round() == round).findFirst().orElse(null);
    }
}
