package dev.ocpp.transport.tyrus;

import static dev.ocpp.transport.tyrus.Fixtures.BOTH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.transport.jakarta.internal.JakartaConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keep-alive: pings every interval, a peer without pongs is dropped, a live one is kept. */
class PingPongTest {

    private static final Duration PING = Duration.ofMillis(200);
    private static final Duration PONG_TIMEOUT = Duration.ofMillis(300);

    private final TestHandler handler = new TestHandler(Fixtures.PATH, BOTH);
    private TransportServer server;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer(handler, b -> b.pingInterval(PING).pongTimeout(PONG_TIMEOUT));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void peerThatNeverAnswersPingsIsDroppedAfterPingIntervalPlusPongTimeout() throws Exception {
        try (RawWebSocket silent = RawWebSocket.connect(server.localAddress(), "/ocpp/SILENT", Map.of())) {
            assertThat(silent.status).isEqualTo(101);
            RecordingListener serverSide = handler.nextConnection();
            serverSide.awaitOpen();
            long opened = System.nanoTime();

            RecordingListener.Closed closed = serverSide.closed.get(5, TimeUnit.SECONDS);

            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
            assertThat(closed.code()).isEqualTo(1006);
            assertThat(elapsedMs).isGreaterThanOrEqualTo(PING.plus(PONG_TIMEOUT).toMillis() - 50);
            assertThat(serverSide.firstFailure).isCompletedWithValueMatching(t -> t instanceof TimeoutException);
            assertThat(serverSide.events).containsSubsequence("open", "closed 1006");
            serverSide.assertContractKept();
        }
    }

    @Test
    void peerThatAnswersPingsStaysConnectedAcrossSeveralIntervals() throws Exception {
        try (RawWebSocket live = RawWebSocket.connect(server.localAddress(), "/ocpp/LIVE", Map.of())) {
            RecordingListener serverSide = handler.nextConnection();
            TransportConnection connection = serverSide.awaitOpen();
            AtomicInteger pings = new AtomicInteger();
            CountDownLatch sixPings = new CountDownLatch(6);
            live.answerPings(pings, sixPings::countDown);

            assertThat(sixPings.await(10, TimeUnit.SECONDS)).as("six pings answered").isTrue();

            assertThat(serverSide.closed).isNotDone();
            assertThat(connection.isOpen()).isTrue();
            Fixtures.await("the server to count the pongs",
                    () -> ((JakartaConnection) connection).pongsReceived() >= 6);
            serverSide.assertContractKept();
        }
    }

    @Test
    void tyrusClientAndServerPingingEachOtherStayConnected() throws Exception {
        RecordingListener client = new RecordingListener();
        JakartaConnection clientSide = (JakartaConnection) Fixtures.connect(Fixtures.client(
                Fixtures.uri(server, "CP1"), BOTH).pingInterval(PING).pongTimeout(PONG_TIMEOUT).build(), client);
        JakartaConnection serverSide = (JakartaConnection) handler.nextConnection().awaitOpen();

        Fixtures.await("five pongs each way",
                () -> clientSide.pongsReceived() >= 5 && serverSide.pongsReceived() >= 5);

        assertThat(clientSide.isOpen()).isTrue();
        assertThat(serverSide.isOpen()).isTrue();
        assertThat(client.closed).isNotDone();
        clientSide.close(1000, "done");
        assertThat(client.awaitClosed().code()).isEqualTo(1000);
    }
}
