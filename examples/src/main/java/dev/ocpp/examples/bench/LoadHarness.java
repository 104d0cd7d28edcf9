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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: measures what the OCPP RPC path costs on top of the WebSocket stack. The same raw load clients
 * ({@link LoadGenerator}) drive, one after the other in one run, a raw Tyrus echo endpoint and an
 * {@link dev.ocpp.core.OcppServer} on the Tyrus transport answering Heartbeat. Each server runs in its own JVM so
 * that its CPU time is measured alone; the comparison that matters is server CPU per call, RPC over echo, which
 * the project aims to keep at or under {@value #GOAL}x with 100 stations.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Load harness: OCPP RPC server versus raw Tyrus echo, CPU per call and latency.",
            "Compares the full OCPP RPC path (OcppServer on Tyrus answering Heartbeat) with a raw Tyrus echo "
                    + "endpoint, each in its own JVM on loopback, under the same load: K stations making back-to-back "
                    + "calls (one outstanding CALL per connection). Prints calls/s, latency percentiles, server CPU "
                    + "per call and the RPC/echo ratios as a markdown table. Stops by itself."
        })
public final class LoadHarness implements Callable<Integer> {

    /** The aim: RPC server CPU per call at most this multiple of the echo's. */
    static final double GOAL = 1.3;
    private static final String HOST = "127.0.0.1";
    private static final String SUBPROTOCOL = "ocpp1.6";

    @Option(names = "--stations", defaultValue = "100", paramLabel = "K",
            description = "Concurrent connections, each with one outstanding call (default: ${DEFAULT-VALUE}).")
    int stations;

    @Option(names = "--seconds", defaultValue = "15", paramLabel = "S",
            description = "Measured window per server (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "5", paramLabel = "S",
            description = "Unmeasured load before each window, for the JIT (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--servers", split = ",", defaultValue = "echo,rpc", paramLabel = "LIST",
            description = "Servers to measure, in order: echo, rpc (default: ${DEFAULT-VALUE}).")
    List<ServerKind> servers;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "N",
            description = "Measure the servers N times, alternating, each time in fresh JVMs; the ratios are then "
                    + "also given as medians (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--jfr", paramLabel = "PREFIX",
            description = "Record each server JVM with Java Flight Recorder into PREFIX-echo.jfr and PREFIX-rpc.jfr "
                    + "and print their hot spots in the measured window.")
    Path jfr;

    @Option(names = "--server-jvm-option", paramLabel = "OPTION",
            description = "Extra JVM option for the server processes (repeatable), e.g. --server-jvm-option=-Xmx1g.")
    List<String> serverJvmOptions = new ArrayList<>();

    @Option(names = "--in-process", hidden = true,
            description = "Run the servers in this JVM (smoke tests only: CPU figures then include the clients).")
    boolean inProcess;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (stations < 1 || seconds <= 0 || warmupSeconds < 0 || rounds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--stations and --rounds must be >= 1, --seconds > 0 and --warmup-seconds >= 0");
        }
        out.printf(Locale.ROOT,
                "Load harness: %d stations, %.1f s warm-up + %.1f s measured per server, loopback, %s%n",
                stations, warmupSeconds, seconds, inProcess ? "servers IN THIS JVM (smoke run: CPU figures "
                        + "include the clients)" : "each server in its own JVM");
        out.flush();
        List<BenchResult> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (ServerKind kind : servers) {
                results.add(measure(kind, round, out));
            }
        }
        out.println();
        out.print(table(results));
        out.flush();
        boolean failed = results.stream().anyMatch(r -> r.calls() == 0 || r.errors() > 0);
        if (failed) {
            spec.commandLine().getErr().println("Some server answered no calls or errors occurred; see the table.");
        }
        return failed ? 1 : 0;
    }

    private BenchResult measure(ServerKind kind, int round, PrintWriter out)
            throws IOException, InterruptedException {
        String tag = rounds == 1 ? kind.label() : kind.label() + ", round " + round;
        out.printf("[%s] starting server%n", tag);
        out.flush();
        Path recording = jfr == null ? null : jfr.toAbsolutePath().resolveSibling(jfr.getFileName() + "-"
                + kind.name().toLowerCase(Locale.ROOT) + (rounds == 1 ? "" : "-r" + round) + ".jfr");
        Instant windowStart;
        Instant windowEnd;
        BenchResult result;
        try (RunningServer server = startServer(kind, recording);
             LoadGenerator load = new LoadGenerator(server.endpoint(), SUBPROTOCOL)) {
            load.connect(stations, 30_000);
            out.printf(Locale.ROOT, "[%s] %d stations connected to %s; warming up %.1f s%n", tag, stations,
                    server.endpoint(), warmupSeconds);
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
                    cpuAfter.minus(cpuBefore), load.errors(), server.isolated());
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

    private RunningServer startServer(ServerKind kind, Path recording) throws IOException {
        if (inProcess) {
            return InProcessServer.start(kind, HOST);
        }
        List<String> options = new ArrayList<>(serverJvmOptions);
        if (recording != null) {
            options.add("-XX:StartFlightRecording=filename=" + recording + ",settings=" + JfrHotSpots.settings()
                    + ",dumponexit=true");
        }
        return ChildProcessServer.start(kind, HOST, options, Duration.ofSeconds(60));
    }

    /** The results as a markdown table, followed by the RPC/echo ratios of each round that measured both. */
    static String table(List<BenchResult> results) {
        boolean multiRound = results.stream().anyMatch(r -> r.round() > 1);
        StringBuilder sb = new StringBuilder();
        sb.append("| server | stations | calls | calls/s | p50 ms | p99 ms | p99.9 ms | server CPU (cores) "
                + "| server CPU/call µs | user / sys µs | errors |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchResult r : results) {
            String split = Double.isNaN(r.userMicrosPerCall()) ? "n/a"
                    : String.format(Locale.ROOT, "%.1f / %.1f", r.userMicrosPerCall(), r.systemMicrosPerCall());
            sb.append(String.format(Locale.ROOT,
                    "| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.1f | %s | %d |%n",
                    r.kind().label() + (multiRound ? " (round " + r.round() + ")" : ""), r.stations(), r.calls(),
                    r.callsPerSecond(), r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(99.9),
                    r.cores(), r.cpuMicrosPerCall(), split, r.errors()));
        }
        List<double[]> ratios = new ArrayList<>();
        boolean isolated = true;
        for (int round = 1; ; round++) {
            BenchResult echo = find(results, ServerKind.ECHO, round);
            BenchResult rpc = find(results, ServerKind.RPC, round);
            if (echo == null && rpc == null) {
                break;
            }
            if (echo != null && rpc != null) {
                ratios.add(new double[] {rpc.cpuMicrosPerCall() / echo.cpuMicrosPerCall(),
                    rpc.callsPerSecond() / echo.callsPerSecond()});
                isolated &= echo.isolated() && rpc.isolated();
            }
        }
        if (ratios.isEmpty()) {
            return sb.toString();
        }
        sb.append('\n');
        StringBuilder cpu = new StringBuilder("| server CPU per call |");
        StringBuilder throughput = new StringBuilder("| throughput (calls/s) |");
        if (ratios.size() == 1) {
            sb.append("| ratio RPC/echo | value |\n|---|---:|\n");
        } else {
            sb.append("| ratio RPC/echo |");
            for (int i = 1; i <= ratios.size(); i++) {
                sb.append(" round ").append(i).append(" |");
            }
            sb.append(" median |\n|---|").append("---:|".repeat(ratios.size() + 1)).append('\n');
        }
        for (double[] r : ratios) {
            cpu.append(String.format(Locale.ROOT, " %.2fx |", r[0]));
            throughput.append(String.format(Locale.ROOT, " %.2fx |", r[1]));
        }
        double cpuRatio = median(ratios, 0);
        if (ratios.size() > 1) {
            cpu.append(String.format(Locale.ROOT, " %.2fx |", cpuRatio));
            throughput.append(String.format(Locale.ROOT, " %.2fx |", median(ratios, 1)));
        }
        sb.append(cpu).append('\n').append(throughput).append('\n');
        sb.append(String.format(Locale.ROOT, "%nGoal: RPC CPU per call <= %.1fx echo%s: %s%s%n", GOAL,
                ratios.size() > 1 ? " (median)" : "", cpuRatio <= GOAL ? "met" : "NOT met",
                isolated ? "" : " (in-process run: CPU includes the load clients, not meaningful)"));
        return sb.toString();
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static BenchResult find(List<BenchResult> results, ServerKind kind, int round) {
        return results.stream().filter(r -> r.kind() == kind && r.round() == round).findFirst().orElse(null);
    }
}
