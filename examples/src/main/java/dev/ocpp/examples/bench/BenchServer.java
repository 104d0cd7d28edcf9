package dev.ocpp.examples.bench;

import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.examples.csms.CsmsHandlers;
import dev.ocpp.examples.support.Transports;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-server} (hidden): one server under test for {@link LoadHarness}, meant to run in its own JVM.
 * Prints {@code listening <url>} once ready and runs until its standard input closes, which is how the harness
 * stops it (and why it stops if the harness dies).
 */
@Command(name = "bench-server",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Internal: a server for the bench harness; stops when standard input closes.")
public final class BenchServer implements Callable<Integer> {

    @Option(names = "--kind", required = true, paramLabel = "KIND",
            description = "echo or rpc.")
    String kind;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
            description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ServerKind k = ServerKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
        AutoCloseable server;
        URI endpoint;
        if (k == ServerKind.ECHO) {
            EchoServer echo = EchoServer.start(host, port);
            server = echo;
            endpoint = echo.endpoint();
        } else {
            RpcServer rpc = RpcServer.start(host, port);
            server = rpc;
            endpoint = rpc.endpoint();
        }
        out.println(k.label() + " listening " + endpoint);
        out.flush();
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // Input is ignored; only its end matters.
        }
        server.close();
        return 0;
    }

    /** The full RPC path: an {@link OcppServer} on Tyrus with the example CSMS's Heartbeat answer. */
    static final class RpcServer implements AutoCloseable {
        private final OcppServer server;
        private final String host;

        private RpcServer(OcppServer server, String host) {
            this.server = server;
            this.host = host;
        }

        static RpcServer start(String host, int port) throws IOException {
            OcppServer server = OcppServer.builder(Transports.tyrus().server())
                    .host(host)
                    .port(port)
                    .path("/ocpp")
                    .serve(OcppVersion.OCPP16, CsmsHandlers.forVersion(OcppVersion.OCPP16, Duration.ofSeconds(300),
                            Clock.systemUTC()))
                    .serve(OcppVersion.OCPP201, CsmsHandlers.forVersion(OcppVersion.OCPP201,
                            Duration.ofSeconds(300), Clock.systemUTC()))
                    .build();
            try {
                server.start();
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            return new RpcServer(server, host);
        }

        URI endpoint() {
            return URI.create("ws://" + host + ":" + server.port() + "/ocpp");
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
