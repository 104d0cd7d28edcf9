package dev.ocpp.transport.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.ConnectionLimits;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.transport.testsuite.Await;
import dev.ocpp.transport.testsuite.RawWebSocket;
import dev.ocpp.transport.testsuite.RecordingHandler;
import dev.ocpp.transport.testsuite.RecordingListener;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Netty server's deadline for connections that never upgrade ({@link ConnectionLimits#handshakeTimeout()}): a
 * socket that says nothing is closed once it passes, an upgraded WebSocket is not.
 */
class UpgradeDeadlineTest {

    private static final List<String> BOTH = List.of("ocpp2.0.1", "ocpp1.6");
    private final RecordingHandler handler = new RecordingHandler("/ocpp", BOTH);

    /*
     * Timing, made safe for a loaded machine (the deadline is a real-time task on the connection's event loop):
     * - 2 s, so that the WebSocket finishes its upgrade well within its own deadline on a cold JVM;
     * - one event loop and the WebSocket first: its deadline is due before the silent socket's, so by the time the
     *   silent socket is cut, the WebSocket's deadline has passed too, and a wrongly cut WebSocket would show;
     * - "not cut too early" is measured from before the silent socket connects; "cut at all" has a read timeout
     *   many times the deadline.
     */
    @Test
    void connectionsThatNeverUpgradeAreClosedAfterTheDeadlineButWebSocketsStay() throws Exception {
        Duration deadline = Duration.ofSeconds(2);
        ServerTransportConfig config = ServerTransportConfig.builder().host("127.0.0.1").port(0)
                .path("/ocpp").subprotocols(BOTH).pingInterval(Duration.ZERO)
                .connectionLimits(ConnectionLimits.builder().handshakeTimeout(deadline).build()).build();
        try (TransportServer server = NettyServer.start(config, handler, 1);
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
