package dev.ocpp.transport.tyrus;

import static dev.ocpp.transport.tyrus.Fixtures.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sending, closing and aborting, and the events both sides see. */
class ConnectionLifecycleTest {

    private final TestHandler handler = new TestHandler(Fixtures.PATH, BOTH);
    private TransportServer server;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer(handler, b -> { });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TransportConnection connect(RecordingListener client) throws Exception {
        return Fixtures.connect(Fixtures.client(Fixtures.uri(server, "CP1"), BOTH).build(), client);
    }

    @Test
    void concurrentSendsAllArriveIntactAndEachThreadsInOrder() throws Exception {
        RecordingListener client = new RecordingListener();
        TransportConnection c = connect(client);
        RecordingListener serverSide = handler.nextConnection();
        int threads = 4;
        int perThread = 250;
        String padding = "p".repeat(2000);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        try {
            List<java.util.concurrent.Future<List<CompletionStage<Void>>>> senders = new ArrayList<>();
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
                s.get(10, TimeUnit.SECONDS).forEach(stage -> sent.add(stage.toCompletableFuture()));
            }
        } finally {
            pool.shutdownNow();
        }

        Map<Integer, Integer> next = new HashMap<>();
        for (int n = 0; n < threads * perThread; n++) {
            String[] parts = serverSide.nextText().split(":", 3);
            int thread = Integer.parseInt(parts[0]);
            assertThat(Integer.parseInt(parts[1])).as("order of thread " + thread).isEqualTo(next.getOrDefault(thread, 0));
            assertThat(parts[2]).isEqualTo(padding);
            next.put(thread, Integer.parseInt(parts[1]) + 1);
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        serverSide.assertContractKept();
    }

    @Test
    void afterCloseSendFailsIsOpenIsFalseAndNothingFollowsOnClosed() throws Exception {
        RecordingListener client = new RecordingListener();
        TransportConnection c = connect(client);
        RecordingListener serverSide = handler.nextConnection();

        c.close(1000, "bye");
        RecordingListener.Closed closed = client.awaitClosed();

        assertThat(closed.code()).isEqualTo(1000);
        assertThat(c.isOpen()).isFalse();
        Throwable sendFailure = catchThrowable(() -> c.sendText("late").toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertThat(sendFailure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class);
        c.close(1000, "again");
        c.abort();
        assertThat(serverSide.awaitClosed().code()).isEqualTo(1000);
        assertThat(serverSide.closing.getNow(null)).isEqualTo(new RecordingListener.Closed(1000, "bye"));
        assertThat(client.events).containsExactly("open", "closed 1000");
        client.assertContractKept();
        serverSide.assertContractKept();
    }

    @Test
    void serverCloseReachesTheClientAsClosingThenClosed() throws Exception {
        RecordingListener client = new RecordingListener();
        connect(client);
        TransportConnection serverSide = handler.nextConnection().awaitOpen();

        serverSide.sendText("last words");
        serverSide.close(4001, "custom reason");

        assertThat(client.nextText()).isEqualTo("last words");
        assertThat(client.awaitClosed()).isEqualTo(new RecordingListener.Closed(4001, "custom reason"));
        assertThat(client.events).containsExactly("open", "text", "closing 4001", "closed 4001");
        assertThat(serverSide.isOpen()).isFalse();
    }

    @Test
    void abortDeliversClosed1006AtOnceAndThePeerSeesTheConnectionEnd() throws Exception {
        RecordingListener client = new RecordingListener();
        TransportConnection c = connect(client);
        RecordingListener serverSide = handler.nextConnection();

        c.abort();

        assertThat(client.awaitClosed().code()).isEqualTo(1006);
        assertThat(serverSide.awaitClosed()).isNotNull();
        assertThat(c.isOpen()).isFalse();
        client.assertContractKept();
    }

    @Test
    void peerVanishingWithoutCloseFrameIsClosed1006() throws Exception {
        RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of());
        RecordingListener serverSide = handler.nextConnection();
        serverSide.awaitOpen();

        raw.close();

        assertThat(serverSide.awaitClosed().code()).isEqualTo(1006);
        serverSide.assertContractKept();
    }

    @Test
    void listenerClosingInsideOnOpenStillGetsEventsInOrder() throws Exception {
        RecordingListener client = new RecordingListener() {
            @Override
            public void onOpen(TransportConnection connection) {
                super.onOpen(connection);
                connection.close(1002, "No agreed OCPP subprotocol");
            }
        };
        connect(client);

        assertThat(client.awaitClosed().code()).isEqualTo(1002);
        assertThat(handler.nextConnection().awaitClosed().code()).isEqualTo(1002);
        client.assertContractKept();
    }

    @Test
    void connectReturnsAtOnceAndFailsWithIOExceptionWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        ClientTransportConfig config = Fixtures.client(URI.create("ws://127.0.0.1:" + port + "/ocpp/CP1"), BOTH)
                .build();
        RecordingListener client = new RecordingListener();

        CompletableFuture<TransportConnection> stage = new TyrusClientTransport().connect(config, client)
                .toCompletableFuture();

        Throwable failure = catchThrowable(() -> stage.get(10, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                .isNotInstanceOf(HandshakeRejectedException.class);
        assertThat(client.events).isEmpty();
    }

    @Test
    void connectTimesOutWhenTheServerNeverAnswers() throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ClientTransportConfig config = Fixtures.client(
                    URI.create("ws://127.0.0.1:" + mute.getLocalPort() + "/ocpp/CP1"), BOTH)
                    .connectTimeout(Duration.ofMillis(300)).build();
            RecordingListener client = new RecordingListener();

            Throwable failure = catchThrowable(() -> new TyrusClientTransport().connect(config, client)
                    .toCompletableFuture().get(5, TimeUnit.SECONDS));

            assertThat(failure).cause().isInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(client.events).isEmpty();
        }
    }
}
