package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The bound on a connection's outgoing queue, for transports that write to a network that can push back: a peer
 * that stops reading cannot make the queue grow without end; the send past the bound fails with an
 * {@link IOException} and the connection is closed.
 */
public abstract class SendQueueConformance extends ConformanceBase {

    @Test
    void peerThatNeverReadsOverflowsTheBoundedQueueAndIsClosed() throws Exception {
        TransportServer server = startServer(b -> b.maxQueuedSends(8));
        // Not try-with-resources: the socket is closed in the middle of the test, to let the server finish.
        RawWebSocket deaf = RawWebSocket.connect(server.localAddress(), "/ocpp/DEAF", Map.of());
        try {
            assertThat(deaf.status).isEqualTo(101);
            RecordingListener serverSide = handler.nextConnection();
            TransportConnection c = serverSide.awaitOpen();
            String big = "x".repeat(256 * 1024);
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            // Loopback socket buffers hold a few MiB; 64 MiB cannot all be in flight, so the queue must overflow.
            for (int i = 0; i < 256 && c.isOpen(); i++) {
                sends.add(c.sendText(big).toCompletableFuture());
            }

            CompletableFuture<Void> refused = sends.stream().filter(CompletableFuture::isCompletedExceptionally)
                    .findFirst().orElseThrow(() -> new AssertionError("no send was refused of " + sends.size()));
            assertThat(refused).failsWithin(Await.WAIT).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IOException.class);
            assertThat(c.isOpen()).isFalse();
            deaf.close();
            serverSide.awaitClosed();
            serverSide.assertContractKept();
        } finally {
            deaf.close();
        }
    }
}
