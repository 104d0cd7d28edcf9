package dev.ocpp.transport.tyrus;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.transport.testsuite.Await;
import dev.ocpp.transport.testsuite.RecordingHandler;
import dev.ocpp.transport.testsuite.RecordingListener;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Servers and clients on 127.0.0.1 with ephemeral ports. */
final class Fixtures {

    static final String PATH = "/ocpp";
    static final List<String> BOTH = List.of("ocpp2.0.1", "ocpp1.6");

    private Fixtures() {
    }

    static TransportServer startServer(RecordingHandler handler, Consumer<ServerTransportConfig.Builder> settings)
            throws Exception {
        ServerTransportConfig.Builder b = ServerTransportConfig.builder()
                .host("127.0.0.1").port(0).path(PATH).subprotocols(BOTH)
                .pingInterval(java.time.Duration.ZERO);
        settings.accept(b);
        return new TyrusServerTransport().start(b.build(), handler);
    }

    static URI uri(TransportServer server, String rawIdentity) {
        InetSocketAddress a = server.localAddress();
        return URI.create("ws://127.0.0.1:" + a.getPort() + PATH + "/" + rawIdentity);
    }

    static ClientTransportConfig.Builder client(URI uri, List<String> subprotocols) {
        return ClientTransportConfig.builder(uri).subprotocols(subprotocols).pingInterval(java.time.Duration.ZERO);
    }

    static TransportConnection connect(ClientTransportConfig config, RecordingListener listener) throws Exception {
        return new TyrusClientTransport().connect(config, listener).toCompletableFuture()
                .get(Await.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for a condition that has no event of its own to wait on (checked every 10 ms). */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Await.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
