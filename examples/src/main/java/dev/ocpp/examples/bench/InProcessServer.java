package dev.ocpp.examples.bench;

import java.io.IOException;
import java.net.URI;

/**
 * A server under test inside the harness's own JVM. Its CPU time includes the load clients, so the numbers only
 * show that the harness works; it exists for quick smoke runs that must not spawn processes.
 */
final class InProcessServer implements RunningServer {

    private final AutoCloseable server;
    private final URI endpoint;

    private InProcessServer(AutoCloseable server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    static InProcessServer start(ServerKind kind, String host) throws IOException {
        if (kind == ServerKind.ECHO) {
            EchoServer echo = EchoServer.start(host, 0);
            return new InProcessServer(echo, echo.endpoint());
        }
        BenchServer.RpcServer rpc = BenchServer.RpcServer.start(host, 0);
        return new InProcessServer(rpc, rpc.endpoint());
    }

    @Override
    public URI endpoint() {
        return endpoint;
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
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the server", e);
        }
    }
}
