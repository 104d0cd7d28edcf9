package dev.ocpp.examples.bench;

import java.net.URI;

/** A server under test, wherever it runs. */
interface RunningServer extends AutoCloseable {

    /** The WebSocket endpoint without the identity. */
    URI endpoint();

    /** The CPU time consumed so far by the process that runs the server. */
    CpuTime cpuTime();

    /** Whether {@link #cpuTime()} measures the server alone (a separate process) rather than the whole harness. */
    boolean isolated();

    /** The process that runs the server, for its memory figures in {@code /proc}. */
    long pid();

    /**
     * The server JVM's heap after a garbage collection, as {@code heap used=<bytes> committed=<bytes>
     * max=<bytes>}, or {@code null} if it could not be had in time.
     */
    String heapAfterGc();

    /** Whether the server process runs pinned to its own CPU. */
    boolean pinned();

    @Override
    void close();
}
