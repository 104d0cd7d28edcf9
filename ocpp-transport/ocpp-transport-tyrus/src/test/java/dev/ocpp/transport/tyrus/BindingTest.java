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

    @Test
    void connectionsThatNeverUpgradeAreClosedAfterTheDeadlineButWebSocketsStay() throws Exception {
        ServerTransportConfig config = ServerTransportConfig.builder().host("127.0.0.1").port(0)
                .path(Fixtures.PATH).subprotocols(BOTH).pingInterval(java.time.Duration.ZERO).build();
        try (TransportServer server = TyrusServer.start(config, handler, TyrusContainerSupport.INSTANCE,
                java.time.Duration.ofMillis(300));
             Socket silent = new Socket("127.0.0.1", server.localAddress().getPort());
             RawWebSocket upgraded = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            RecordingListener serverSide = handler.nextConnection();
            silent.setSoTimeout(5000);

            assertThat(silent.getInputStream().read()).as("end of stream").isEqualTo(-1);

            upgraded.sendText("still here");
            assertThat(serverSide.nextText()).isEqualTo("still here");
            assertThat(serverSide.closed).isNotDone();
        }
    }
}
