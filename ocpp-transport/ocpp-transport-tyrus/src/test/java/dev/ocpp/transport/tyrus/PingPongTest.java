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

/**
 * Keep-alive: pings every interval, a peer without pongs is dropped, a live one is kept.
 *
 * <p>The keep-alive runs on the transport's shared timer thread and real time; there is no clock to inject, so these
 * tests bound real durations instead, each from an instant that makes the bound hold however slow the machine is:
 * lower bounds start before the connection exists, upper bounds are many times the expected duration, and the pong
 * timeout is long enough that no scheduling delay of a loaded CI machine makes a live peer's pong late.
 */
class PingPongTest {

    private static final Duration PING = Duration.ofMillis(200);
    /*
     * A live peer is dropped if one pong takes longer than this to come back, so it is the margin against a loaded
     * machine: 1.5 s, where 300 ms could be eaten by one GC pause or a starved pong thread.
     */
    private static final Duration PONG_TIMEOUT = Duration.ofMillis(1500);
    /*
     * The live-peer tests wait for this many pings or pongs: 20 intervals (4 s) is more than twice PING + PONG_TIMEOUT
     * (1.7 s). A side that ignored pongs would drop the peer when the first ping's deadline ran out, before the 9th
     * ping (the one timer thread runs tasks in due order), so reaching this count proves pongs keep a peer alive.
     */
    private static final int LIVE_PINGS = 20;

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
        // Taken before the TCP connection exists: the server cannot arm the first ping earlier, so the drop can come
        // no sooner than PING + PONG_TIMEOUT after this instant, whatever the load. (Measuring from awaitOpen(), as
        // before, started the clock late by however long the test thread waited to be scheduled, which made the
        // lower bound fail on a busy machine.)
        long beforeConnect = System.nanoTime();
        try (RawWebSocket silent = RawWebSocket.connect(server.localAddress(), "/ocpp/SILENT", Map.of())) {
            assertThat(silent.status).isEqualTo(101);
            RecordingListener serverSide = handler.nextConnection();
            serverSide.awaitOpen();

            // Generous upper bound: it only has to happen, and a slow machine only makes it later.
            RecordingListener.Closed closed = serverSide.closed.get(
                    PING.plus(PONG_TIMEOUT).plus(RecordingListener.WAIT).toMillis(), TimeUnit.MILLISECONDS);

            Duration elapsed = Duration.ofNanos(System.nanoTime() - beforeConnect);
            assertThat(closed.code()).isEqualTo(1006);
            assertThat(elapsed).as("not dropped before the first ping's pong was due")
                    .isGreaterThanOrEqualTo(PING.plus(PONG_TIMEOUT));
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
            CountDownLatch livePings = new CountDownLatch(LIVE_PINGS);
            live.answerPings(pings, livePings::countDown);

            // Expected after LIVE_PINGS * PING (4 s); the wait is long only so that a slow machine cannot fail it.
            assertThat(livePings.await(30, TimeUnit.SECONDS)).as(LIVE_PINGS + " pings answered").isTrue();

            assertThat(serverSide.closed).isNotDone();
            assertThat(connection.isOpen()).isTrue();
            Fixtures.await("the server to count the pongs",
                    () -> ((JakartaConnection) connection).pongsReceived() >= LIVE_PINGS);
            serverSide.assertContractKept();
        }
    }

    @Test
    void tyrusClientAndServerPingingEachOtherStayConnected() throws Exception {
        RecordingListener client = new RecordingListener();
        JakartaConnection clientSide = (JakartaConnection) Fixtures.connect(Fixtures.client(
                Fixtures.uri(server, "CP1"), BOTH).pingInterval(PING).pongTimeout(PONG_TIMEOUT).build(), client);
        JakartaConnection serverSide = (JakartaConnection) handler.nextConnection().awaitOpen();

        // Pings are at a fixed rate, so a delayed timer catches up: LIVE_PINGS pongs take about 4 s of the 10 s wait.
        Fixtures.await(LIVE_PINGS + " pongs each way",
                () -> clientSide.pongsReceived() >= LIVE_PINGS && serverSide.pongsReceived() >= LIVE_PINGS);

        assertThat(clientSide.isOpen()).isTrue();
        assertThat(serverSide.isOpen()).isTrue();
        assertThat(client.closed).isNotDone();
        clientSide.close(1000, "done");
        assertThat(client.awaitClosed().code()).isEqualTo(1000);
    }
}
