package dev.ocpp.transport.tyrus;

import static dev.ocpp.transport.tyrus.Fixtures.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.transport.tyrus.internal.TyrusContainerSupport;
import dev.ocpp.transport.tyrus.internal.TyrusServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server listens on exactly the configured address and port. */
class BindingTest {

    private final TestHandler handler = new TestHandler(Fixtures.PATH, BOTH);

    @Test
    void portZeroBindsAFreePortThatLocalAddressReports() throws Exception {
        try (TransportServer server = Fixtures.startServer(handler, b -> { })) {
            InetSocketAddress address = server.localAddress();

            assertThat(address.getPort()).isPositive();
            assertThat(address.getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            try (RawWebSocket raw = RawWebSocket.connect(address, "/ocpp/CP1", Map.of())) {
                assertThat(raw.status).isEqualTo(101);
            }
        }
    }

    @Test
    void serverOnLoopbackOneIsNotReachableThroughAnotherLocalAddress() throws Exception {
        try (TransportServer server = Fixtures.startServer(handler, b -> b.host("127.0.0.1"))) {
            int port = server.localAddress().getPort();

            assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.2", port), 2000))
                    .isInstanceOf(ConnectException.class);
            try (Socket ok = new Socket()) {
                ok.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                assertThat(ok.isConnected()).isTrue();
            }
        }
    }

    @Test
    void explicitPortIsUsedAndABusyPortFailsWithIOException() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
            ServerTransportConfig busy = ServerTransportConfig.builder().host("127.0.0.1").port(port).build();
            assertThatThrownBy(() -> new TyrusServerTransport().start(busy, handler)).isInstanceOf(IOException.class);
        }
        try (TransportServer server = Fixtures.startServer(handler, b -> b.port(port))) {
            assertThat(server.localAddress().getPort()).isEqualTo(port);
        }
    }

    @Test
    void closedServerReleasesItsPort() throws Exception {
        TransportServer server = Fixtures.startServer(handler, b -> { });
        InetSocketAddress address = server.localAddress();

        server.close();
        server.close(); // idempotent

        assertThatThrownBy(() -> new Socket().connect(address, 2000)).isInstanceOf(ConnectException.class);
    }

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
                .path(Fixtures.PATH).subprotocols(BOTH).pingInterval(Duration.ZERO).build();
        try (TransportServer server = TyrusServer.start(config, handler, TyrusContainerSupport.INSTANCE, deadline);
             RawWebSocket upgraded = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            RecordingListener serverSide = handler.nextConnection();
            serverSide.awaitOpen();
            long beforeSilentConnect = System.nanoTime();
            try (Socket silent = new Socket("127.0.0.1", server.localAddress().getPort())) {
                silent.setSoTimeout((int) deadline.plus(RecordingListener.WAIT).toMillis());

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
