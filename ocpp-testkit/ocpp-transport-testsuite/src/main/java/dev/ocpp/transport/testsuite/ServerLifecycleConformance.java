package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Starting and stopping servers, for every transport: port 0 picks a port that {@code localAddress} reports, an
 * explicit port is used, a port another server of the same transport holds fails with an {@link IOException}, and
 * a closed server (closed any number of times) takes no more connections. What this means for real sockets is in
 * {@link BindAddressConformance}.
 */
public abstract class ServerLifecycleConformance extends ConformanceBase {

    @Test
    void portZeroPicksAPortThatLocalAddressReportsOnTheConfiguredHost() throws Exception {
        TransportServer server = startServer(b -> { });

        assertThat(server.localAddress().getPort()).isPositive();
        assertThat(server.localAddress().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        connect(server, new RecordingListener()).close(1000, "");
    }

    @Test
    void explicitPortIsUsedAndAPortAnotherServerHoldsFailsWithIOException() throws Exception {
        TransportServer first = startServer(b -> { });
        int port = first.localAddress().getPort();
        ServerTransportConfig same = ServerTransportConfig.builder().host("127.0.0.1").port(port).build();

        assertThatThrownBy(() -> fixture().serverFactory().start(same, handler)).isInstanceOf(IOException.class);

        first.close();
        TransportServer second = startServer(b -> b.port(port));
        assertThat(second.localAddress().getPort()).isEqualTo(port);
    }

    @Test
    void closedServerTakesNoMoreConnectionsAndClosingAgainDoesNothing() throws Exception {
        TransportServer server = startServer(b -> { });
        URI uri = uri(server, "CP1");

        server.close();
        server.close();

        RecordingListener client = new RecordingListener();
        Throwable failure = catchThrowable(() -> connect(client(uri, BOTH).build(), client));
        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class);
        assertThat(client.events()).isEmpty();
        assertThat(handler.hasUntakenRequest()).isFalse();
    }
}
