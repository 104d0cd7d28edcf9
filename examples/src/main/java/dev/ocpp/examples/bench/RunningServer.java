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

    @Override
    void close();
}
