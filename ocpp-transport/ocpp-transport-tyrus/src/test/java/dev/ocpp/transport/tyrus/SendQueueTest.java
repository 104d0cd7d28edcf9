package dev.ocpp.transport.tyrus;

import static dev.ocpp.transport.tyrus.Fixtures.BOTH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outgoing queue of a connection is bounded: a peer that stops reading cannot make it grow without end. */
class SendQueueTest {

    private final TestHandler handler = new TestHandler(Fixtures.PATH, BOTH);
    private TransportServer server;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer(handler, b -> b.maxQueuedSends(8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void peerThatNeverReadsOverflowsTheBoundedQueueAndIsClosed() throws Exception {
        try (RawWebSocket deaf = RawWebSocket.connect(server.localAddress(), "/ocpp/DEAF", Map.of())) {
            assertThat(deaf.status).isEqualTo(101);
            RecordingListener serverSide = handler.nextConnection();
            TransportConnection c = serverSide.opened.get(5, TimeUnit.SECONDS);
            String big = "x".repeat(256 * 1024);
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            // Loopback socket buffers hold a few MiB; 64 MiB cannot all be in flight, so the queue must overflow.
            for (int i = 0; i < 256 && c.isOpen(); i++) {
                sends.add(c.sendText(big).toCompletableFuture());
            }
            assertThat(sends).anySatisfy(f -> assertThat(f).isCompletedExceptionally());
            assertThat(sends.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst().orElseThrow())
                    .failsWithin(1, TimeUnit.SECONDS)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(IOException.class);
            assertThat(c.isOpen()).isFalse();
            deaf.close();
            serverSide.closed.get(15, TimeUnit.SECONDS);
            serverSide.assertContractKept();
        }
    }
}
