package dev.ocpp.transport.tyrus;

import static dev.ocpp.transport.tyrus.Fixtures.BOTH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.ConnectionLimits;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.transport.testsuite.Await;
import dev.ocpp.transport.testsuite.RawWebSocket;
import dev.ocpp.transport.testsuite.RecordingHandler;
import dev.ocpp.transport.testsuite.RecordingListener;
import dev.ocpp.transport.tyrus.internal.TyrusContainerSupport;
import dev.ocpp.transport.tyrus.internal.TyrusServer;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Tyrus server's own deadline for connections that never upgrade (an internal setting, outside the transport
 * SPI; what the SPI promises about binding is in the conformance suite, see {@code TyrusBindAddressConformanceTest}).
 */
class BindingTest {

    private final RecordingHandler handler = new RecordingHandler(Fixtures.PATH, BOTH);

    /*
     * Timing, made safe for a loaded machine (the deadline runs on the transport's shared timer thread in real time;
     * there is no clock to inject):
     * - the deadline is 2 s, not 300 ms: the WebSocket has to finish its upgrade within it or it would be cut as a
     *   silent socket, and a cold, busy JVM can spend a few hundred milliseconds on a first handshake;
     * - the WebSocket connects first, the silent socket second. Deadlines run on one timer thread in due order, so
     *   by the time the silent socket is cut, the WebSocket's own deadline has passed: if the deadline wrongly hit
     *   upgraded connections, the text below could not get through. (With the silent socket first, as before, the
     *   WebSocket's deadline fell after the checks and a wrongly cut WebSocket went unnoticed.);
     * - "not cut too early" is measured from before the silent socket connects, an instant the server's accept (and
     *   so its timer) cannot precede; "cut at all" has a read timeout many times the deadline.
     */
    @Test
    void connectionsThatNeverUpgradeAreClosedAfterTheDeadlineButWebSocketsStay() throws Exception {
        Duration deadline = Duration.ofSeconds(2);
        ServerTransportConfig config = ServerTransportConfig.builder().host("127.0.0.1").port(0)
                .path(Fixtures.PATH).subprotocols(BOTH).pingInterval(Duration.ZERO)
                .connectionLimits(ConnectionLimits.builder().handshakeTimeout(deadline).build()).build();
        try (TransportServer server = TyrusServer.start(config, handler, TyrusContainerSupport.INSTANCE);
             RawWebSocket upgraded = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            RecordingListener serverSide = handler.nextConnection();
            serverSide.awaitOpen();
            long beforeSilentConnect = System.nanoTime();
            try (Socket silent = new Socket("127.0.0.1", server.localAddress().getPort())) {
                silent.setSoTimeout((int) deadline.plus(Await.WAIT).toMillis());

                assertThat(silent.getInputStream().read()).as("end of stream").isEqualTo(-1);

                assertThat(Duration.ofNanos(System.nanoTime() - beforeSilentConnect))
                        .as("the silent socket is not cut before its deadline").isGreaterThanOrEqualTo(deadline);
            }
            upgraded.sendText("still here");
            assertThat(serverSide.nextText()).isEqualTo("still here");
            assertThat(serverSide.closed).isNotDone();
        }
    }
}
