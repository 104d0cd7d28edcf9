package dev.ocpp.examples.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * What one server did in the measured window.
 *
 * @param kind      which server
 * @param round     which round of the run, from 1
 * @param stations  connections making calls
 * @param latencies per-call latency in microseconds, measured window only
 * @param elapsed   the measured window
 * @param serverCpu CPU time of the server process in the window
 * @param errors    CALLERROR replies, failed sends and lost connections during the whole run
 * @param isolated  whether {@code serverCpu} is the server alone (separate process)
 * @param failure   why the server could not be measured at all (it did not start, or no station could connect), or
 *                  {@code null}; such a result has no calls and one error
 */
public record BenchResult(ServerKind kind, int round, int stations, Histogram latencies, Duration elapsed,
                          CpuTime serverCpu, long errors, boolean isolated, String failure) {

    /** A server that could not be measured, so that the run goes on with the others and the table shows why. */
    static BenchResult failed(ServerKind kind, int round, int stations, String why) {
        return new BenchResult(kind, round, stations, new Histogram(3), Duration.ofNanos(1),
                new CpuTime(Duration.ZERO, null, null), 1, true, why);
    }

    public long calls() {
        return latencies.getTotalCount();
    }

    public double callsPerSecond() {
        return calls() / (elapsed.toNanos() / 1e9);
    }

    /** Server CPU microseconds per call; NaN without calls. */
    public double cpuMicrosPerCall() {
        return perCall(serverCpu.total());
    }

    /** Server user-mode CPU microseconds per call; NaN if unknown. */
    public double userMicrosPerCall() {
        return serverCpu.user() == null ? Double.NaN : perCall(serverCpu.user());
    }

    /** Server kernel-mode CPU microseconds per call; NaN if unknown. */
    public double systemMicrosPerCall() {
        return serverCpu.system() == null ? Double.NaN : perCall(serverCpu.system());
    }

    private double perCall(Duration cpu) {
        return calls() == 0 ? Double.NaN : cpu.toNanos() / 1e3 / calls();
    }

    /** The server's CPU use as a share of one core, e.g. 1.5 for one and a half cores busy. */
    public double cores() {
        return serverCpu.total().toNanos() / (double) elapsed.toNanos();
    }

    /** A latency percentile in milliseconds. */
    public double percentileMillis(double percentile) {
        return latencies.getValueAtPercentile(percentile) / 1e3;
    }
}
