package dev.ocpp.examples.bench;

import dev.ocpp.transport.netty.NettyServerTransport;
import dev.ocpp.transport.tyrus.TyrusServerTransport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-server} (hidden): one server under test for {@link LoadHarness} and {@link ConnsBench}, meant to run
 * in its own JVM. Prints {@code listening <url>} once ready and runs until its standard input closes, which is how
 * the harness stops it (and why it stops if the harness dies). A {@value #HEAP} line on standard input makes it
 * collect garbage and answer with one {@code heap used=<bytes> committed=<bytes> max=<bytes>} line: the heap a
 * server really holds, which only the server's own JVM can tell.
 */
@Command(name = "bench-server",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Internal: a server for the bench harness; stops when standard input closes.")
public final class BenchServer implements Callable<Integer> {

    /** The request for a heap figure on standard input. */
    static final String HEAP = "heap";

    @Option(names = "--kind", required = true, paramLabel = "KIND", converter = ServerKind.Converter.class,
            description = "netty-echo, tyrus-echo, rpc-tyrus or rpc-netty.")
    ServerKind kind;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
            description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--echo-threads", defaultValue = "1", paramLabel = "N",
            description = "Event-loop threads of the raw Netty echo (default: ${DEFAULT-VALUE}).")
    int echoThreads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Started server = start(kind, host, port, echoThreads);
        out.println(kind.label() + " listening " + server.endpoint());
        out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals(HEAP)) {
                    out.println(heapLine());
                    out.flush();
                }
            }
        } finally {
            server.close();
        }
        return 0;
    }

    /** Heap in use after a full collection, as one line the parent parses. */
    static String heapLine() {
        // System.gc() is a request; with the default collector it runs a full collection, which is what is wanted.
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return String.format(Locale.ROOT, "heap used=%d committed=%d max=%d", heap.getUsed(), heap.getCommitted(),
                heap.getMax());
    }

    /** A started server of any kind: where to reach it and how to stop it. */
    record Started(URI endpoint, AutoCloseable server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    /**
     * Starts a server of {@code kind}.
     *
     * @param echoThreads event-loop threads of the raw Netty echo; ignored by the others
     */
    static Started start(ServerKind kind, String host, int port, int echoThreads) throws IOException {
        switch (kind) {
            case NETTY_ECHO: {
                NettyEchoServer echo = NettyEchoServer.start(host, port, echoThreads);
                return new Started(echo.endpoint(), echo);
            }
            case TYRUS_ECHO: {
                EchoServer echo = EchoServer.start(host, port);
                return new Started(echo.endpoint(), echo);
            }
            case RPC_TYRUS: {
                TypedRpcServer rpc = TypedRpcServer.start(new TyrusServerTransport(), host, port);
                return new Started(rpc.endpoint(), rpc);
            }
            case RPC_NETTY: {
                TypedRpcServer rpc = TypedRpcServer.start(new NettyServerTransport(), host, port);
                return new Started(rpc.endpoint(), rpc);
            }
            case RPC_NETTY_INLINE: {
                TypedRpcServer rpc = TypedRpcServer.start(new NettyServerTransport(), host, port, true);
                return new Started(rpc.endpoint(), rpc);
            }
            default:
                throw new IllegalArgumentException(kind.toString());
        }
    }
}
