package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Ping/pong liveness, for transports that speak WebSocket control frames: a peer that never answers pings is dropped
 * with {@code onFailure} and 1006, on the server and on the client, and peers that answer stay connected across
 * many intervals.
 *
 * <p>No test here measures a duration. The keep-alive runs on real time, so the tests only wait, with bounds far
 * above the expected time, for a drop to happen or for a number of pings to go by; a slow machine makes them slower,
 * not red. The pong timeout is long enough that no scheduling delay makes a live peer's pong late.
 */
public abstract class PingPongConformance extends ConformanceBase {

    private static final Duration PING = Duration.ofMillis(200);
    /* The margin a live peer's pong has against a loaded machine: one GC pause could eat 300 ms. */
    private static final Duration PONG_TIMEOUT = Duration.ofMillis(1500);
    /*
     * The live-peer tests wait for this many pings or pongs: 20 intervals (4 s) is more than twice PING + PONG_TIMEOUT,
     * so a side that ignored pongs would have dropped the peer long before the count is reached.
     */
    private static final int LIVE_PINGS = 20;

    /**
     * How many pongs {@code connection} has received so far: the one thing about keep-alive the SPI does not show,
     * and the only way to tell that pings really went both ways between two ends of the transport under test.
     */
    protected abstract long pongsReceived(TransportConnection connection);

    @Test
    void peerThatNeverAnswersPingsIsDroppedWithAFailureAnd1006() throws Exception {
        TransportServer server = startServer(b -> b.pingInterval(PING).pongTimeout(PONG_TIMEOUT));
        try (RawWebSocket silent = RawWebSocket.connect(server.localAddress(), "/ocpp/SILENT", Map.of())) {
            assertThat(silent.status).isEqualTo(101);
            RecordingListener serverSide = handler.nextConnection();

            assertThat(serverSide.awaitClosed().code()).isEqualTo(1006);
            assertThat(serverSide.firstFailure).isDone();
            assertThat(serverSide.events()).containsSubsequence("open", "failure", "closed 1006");
            serverSide.assertContractKept();
        }
    }

    @Test
    void peerThatAnswersPingsStaysConnectedAcrossManyIntervals() throws Exception {
        TransportServer server = startServer(b -> b.pingInterval(PING).pongTimeout(PONG_TIMEOUT));
        try (RawWebSocket live = RawWebSocket.connect(server.localAddress(), "/ocpp/LIVE", Map.of())) {
            RecordingListener serverSide = handler.nextConnection();
            TransportConnection connection = serverSide.awaitOpen();
            CountDownLatch livePings = new CountDownLatch(LIVE_PINGS);
            live.answerPings(new AtomicInteger(), livePings::countDown);

            assertThat(livePings.await(Await.WAIT.toMillis() * 3, TimeUnit.MILLISECONDS))
                    .as(LIVE_PINGS + " pings answered").isTrue();

            assertThat(serverSide.closed).isNotDone();
            assertThat(connection.isOpen()).isTrue();
            Await.until("the server to count the pongs", () -> pongsReceived(connection) >= LIVE_PINGS);
            serverSide.assertContractKept();
        }
    }

    @Test
    void clientAndServerPingingEachOtherStayConnected() throws Exception {
        TransportServer server = startServer(b -> b.pingInterval(PING).pongTimeout(PONG_TIMEOUT));
        RecordingListener client = new RecordingListener();
        TransportConnection clientSide = connect(client(uri(server, "CP1"), BOTH)
                .pingInterval(PING).pongTimeout(PONG_TIMEOUT).build(), client);
        TransportConnection serverSide = handler.nextConnection().awaitOpen();

        Await.until(LIVE_PINGS + " pongs each way",
                () -> pongsReceived(clientSide) >= LIVE_PINGS && pongsReceived(serverSide) >= LIVE_PINGS);

        assertThat(clientSide.isOpen()).isTrue();
        assertThat(serverSide.isOpen()).isTrue();
        assertThat(client.closed).isNotDone();
        clientSide.close(1000, "done");
        assertThat(client.awaitClosed().code()).isEqualTo(1000);
    }

    @Test
    void clientDropsAServerThatStopsAnsweringWithAFailureAnd1006() throws Exception {
        // The transport half of a station noticing a hung CSMS: the path stays open but swallows every byte.
        TransportServer server = startServer(b -> { });
        try (SilenceableProxy proxy = new SilenceableProxy(server.localAddress().getPort())) {
            RecordingListener client = new RecordingListener();
            connect(client(URI.create("ws://127.0.0.1:" + proxy.port() + PATH + "/CP1"), BOTH)
                    .pingInterval(PING).pongTimeout(PONG_TIMEOUT).build(), client);
            handler.nextConnection().awaitOpen();

            proxy.silence();

            assertThat(client.awaitClosed().code()).isEqualTo(1006);
            assertThat(client.firstFailure).isDone();
            client.assertContractKept();
        }
    }
}
