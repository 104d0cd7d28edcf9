package dev.ocpp.examples.bench;

import java.io.IOException;
import java.net.URI;

/**
 * A server under test inside the harness's own JVM. Its CPU time includes the load clients, so the numbers only
 * show that the harness works; it exists for quick smoke runs that must not spawn processes.
 */
final class InProcessServer implements RunningServer {

    private final BenchServer.Started server;

    private InProcessServer(BenchServer.Started server) {
        this.server = server;
    }

    static InProcessServer start(ServerKind kind, String host) throws IOException {
        return new InProcessServer(BenchServer.start(kind, host, 0, 1));
    }

    @Override
    public URI endpoint() {
        return server.endpoint();
    }

    @Override
    public CpuTime cpuTime() {
        return CpuTime.of(ProcessHandle.current());
    }

    @Override
    public boolean isolated() {
        return false;
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public String heapAfterGc() {
        return BenchServer.heapLine();
    }

    @Override
    public boolean pinned() {
        return false;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the server", e);
        }
    }
}
