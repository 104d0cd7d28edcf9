package dev.ocpp.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.transport.testsuite.Await;
import dev.ocpp.transport.testsuite.RecordingHandler;
import dev.ocpp.transport.testsuite.RecordingListener;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each Netty server and client transport owns its event loops and stops them when closed: after {@code close()}
 * returns, or soon after for the threads' last steps, none of its threads is left (a redeployed application must not
 * leak them). A closed client transport drops its open connections and refuses new ones.
 */
class NettyThreadOwnershipTest {

    private static final List<String> BOTH = List.of("ocpp2.0.1", "ocpp1.6");

    @Test
    void closingTheServerAndTheClientTransportLeavesNoNettyThreadAndTheClientRefusesNewConnections()
            throws Exception {
        RecordingHandler handler = new RecordingHandler("/ocpp", BOTH);
        NettyClientTransport client = new NettyClientTransport();
        RecordingListener clientSide = new RecordingListener();
        TransportServer server = new NettyServerTransport(1).start(ServerTransportConfig.builder()
                .host("127.0.0.1").port(0).path("/ocpp").subprotocols(BOTH).pingInterval(Duration.ZERO).build(),
                handler);
        URI uri = URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + "/ocpp/CP1");
        ClientTransportConfig config = ClientTransportConfig.builder(uri).subprotocols(BOTH)
                .pingInterval(Duration.ZERO).build();
        client.connect(config, clientSide).toCompletableFuture().get(Await.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        handler.nextConnection().awaitOpen();
        assertThat(nettyThreads()).isNotEmpty();

        client.close();

        assertThat(clientSide.awaitClosed().code()).as("an open connection is dropped").isEqualTo(1006);
        Throwable refused = catchThrowable(() -> client.connect(config, new RecordingListener())
                .toCompletableFuture().get(Await.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(refused).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);

        server.close();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!nettyThreads().isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(20); // a thread's last steps after its loop ended have no event to wait on
        }
        assertThat(nettyThreads()).as("threads left behind").isEmpty();
    }

    private static List<String> nettyThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("ocpp-netty")).toList();
    }
}
