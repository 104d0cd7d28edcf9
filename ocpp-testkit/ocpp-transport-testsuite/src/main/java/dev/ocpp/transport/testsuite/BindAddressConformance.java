package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Binding, for transports on real sockets: the server listens on exactly the configured address
 * ({@link dev.ocpp.core.spi.TransportServerFactory#start}), a port held by anything fails with an
 * {@link IOException}, a closed server releases its port, and a client that reaches a port where nothing answers
 * gives up after its connect timeout.
 */
public abstract class BindAddressConformance extends ConformanceBase {

    private static final int CONNECT_MILLIS = 5000;

    @Test
    void serverOnLoopbackOneIsNotReachableThroughAnotherLoopbackAddress() throws Exception {
        TransportServer server = startServer(b -> b.host("127.0.0.1"));
        int port = server.localAddress().getPort();

        // Linux routes all of 127/8 to the loopback interface, so 127.0.0.2 is a local address a wildcard bind
        // would answer on.
        try (Socket other = new Socket()) {
            assertThatThrownBy(() -> other.connect(new InetSocketAddress("127.0.0.2", port), CONNECT_MILLIS))
                    .isInstanceOf(ConnectException.class);
        }
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            assertThat(raw.status).isEqualTo(101);
        }
    }

    @Test
    void portHeldByAPlainSocketFailsWithIOException() throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ServerTransportConfig busy = ServerTransportConfig.builder().host("127.0.0.1")
                    .port(holder.getLocalPort()).build();

            assertThatThrownBy(() -> fixture().serverFactory().start(busy, handler)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void closedServerReleasesItsPort() throws Exception {
        TransportServer server = startServer(b -> { });
        InetSocketAddress address = server.localAddress();

        server.close();

        try (Socket probe = new Socket()) {
            assertThatThrownBy(() -> probe.connect(address, CONNECT_MILLIS)).isInstanceOf(ConnectException.class);
        }
        try (ServerSocket again = new ServerSocket(address.getPort(), 1, address.getAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(address.getPort());
        }
    }

    @Test
    void connectGivesUpAfterItsTimeoutWhenTheServerNeverAnswers() throws Exception {
        // A listening socket nobody reads from: TCP connects, the upgrade answer never comes.
        try (ServerSocket mute = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            RecordingListener client = new RecordingListener();
            java.net.URI uri = java.net.URI.create("ws://127.0.0.1:" + mute.getLocalPort() + PATH + "/CP1");

            Throwable failure = catchThrowable(() -> connect(client(uri, BOTH)
                    .connectTimeout(java.time.Duration.ofMillis(300)).build(), client));

            assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class);
            assertThat(client.events()).isEmpty();
        }
    }
}
