package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ordering, for every transport: text arrives in the order {@code sendText} was called, whole, from any number of
 * threads at once ({@link TransportConnection} is thread-safe), in both directions.
 */
public abstract class OrderingConformance extends ConformanceBase {

    private TransportServer server;

    @BeforeEach
    void startTheServer() throws Exception {
        server = startServer(b -> { });
    }

    @Test
    void concurrentSendsAllArriveIntactAndEachThreadsInOrder() throws Exception {
        TransportConnection c = connect(server, new RecordingListener());
        RecordingListener serverSide = handler.nextConnection();
        int threads = 4;
        int perThread = 250;
        // Big enough to need several network writes each, so that interleaved writes would show as torn messages.
        String padding = "p".repeat(2000);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        try {
            List<Future<List<CompletionStage<Void>>>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add(pool.submit(() -> {
                    go.await();
                    List<CompletionStage<Void>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(c.sendText(thread + ":" + i + ":" + padding));
                    }
                    return mine;
                }));
            }
            go.countDown();
            for (var s : senders) {
                s.get(Await.WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .forEach(stage -> sent.add(stage.toCompletableFuture()));
            }
        } finally {
            pool.shutdownNow();
        }

        Map<Integer, Integer> next = new HashMap<>();
        for (int n = 0; n < threads * perThread; n++) {
            String[] parts = serverSide.nextText().split(":", 3);
            int thread = Integer.parseInt(parts[0]);
            assertThat(Integer.parseInt(parts[1])).as("order of thread " + thread)
                    .isEqualTo(next.getOrDefault(thread, 0));
            assertThat(parts[2]).isEqualTo(padding);
            next.put(thread, Integer.parseInt(parts[1]) + 1);
        }
        Await.done(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)));
        serverSide.assertContractKept();
    }

    @Test
    void serverToClientTextArrivesInSendOrder() throws Exception {
        RecordingListener client = new RecordingListener();
        connect(server, client);
        TransportConnection serverSide = handler.nextConnection().awaitOpen();

        for (int i = 0; i < 500; i++) {
            serverSide.sendText("m" + i);
        }

        for (int i = 0; i < 500; i++) {
            assertThat(client.nextText()).isEqualTo("m" + i);
        }
        client.assertContractKept();
    }

    @Test
    void textSentFromInsideOnOpenArrivesFirst() throws Exception {
        // The engine sends its first message from onOpen: the transport must accept it there and keep it first.
        RecordingListener client = new RecordingListener() {
            @Override
            public void onOpen(TransportConnection connection) {
                super.onOpen(connection);
                connection.sendText("first");
            }
        };
        TransportConnection c = connect(server, client);
        c.sendText("second");

        RecordingListener serverSide = handler.nextConnection();
        assertThat(serverSide.nextText()).isEqualTo("first");
        assertThat(serverSide.nextText()).isEqualTo("second");
        c.close(1000, "");
    }
}
