package dev.ocpp.transport.tyrus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.transport.jakarta.JakartaClientTransport;
import dev.ocpp.transport.testsuite.Await;
import dev.ocpp.transport.testsuite.RecordingHandler;
import dev.ocpp.transport.testsuite.RecordingListener;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TransportClientFactory#close()} of both client transports, over real WebSockets on 127.0.0.1: it aborts the
 * open connections (onClosed 1006 on the client's listener, the server sees the connection go) and refuses later
 * connects with {@link IllegalStateException}. {@link JakartaClientTransport} runs on a plain Tyrus client as its
 * container, which needs no servlet container.
 */
class ClientTransportCloseTest {

    private final RecordingHandler handler = new RecordingHandler(Fixtures.PATH, Fixtures.BOTH);
    private TransportServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void closingATyrusClientTransportAbortsItsOpenConnectionAndRefusesLaterConnects() throws Exception {
        closingAbortsTheOpenConnectionAndRefusesLaterConnects(new TyrusClientTransport());
    }

    @Test
    void closingAJakartaClientTransportAbortsItsOpenConnectionAndRefusesLaterConnects() throws Exception {
        ClientManager container = ClientManager.createClient();
        try {
            closingAbortsTheOpenConnectionAndRefusesLaterConnects(new JakartaClientTransport(container));
        } finally {
            container.shutdown();
        }
    }

    @Test
    void closingAClientTransportTwiceIsHarmlessAndClosingAnUnusedOneToo() throws Exception {
        TyrusClientTransport unused = new TyrusClientTransport();
        unused.close();
        unused.close();
        assertThat(connectFailure(unused)).isInstanceOf(IllegalStateException.class);
    }

    private void closingAbortsTheOpenConnectionAndRefusesLaterConnects(TransportClientFactory transport)
            throws Exception {
        server = Fixtures.startServer(handler, b -> { });
        RecordingListener client = new RecordingListener();
        transport.connect(Fixtures.client(Fixtures.uri(server, "CS-1"), List.of("ocpp1.6")).build(), client)
                .toCompletableFuture().get(Await.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        RecordingListener serverSide = handler.nextConnection();
        serverSide.awaitOpen();

        transport.close();

        assertThat(client.awaitClosed().code()).isEqualTo(1006);
        // The abort really reached the wire: the server learns the connection is gone.
        serverSide.awaitClosed();
        client.assertContractKept();
        assertThat(connectFailure(transport)).isInstanceOf(IllegalStateException.class);
        transport.close();
    }

    private Throwable connectFailure(TransportClientFactory transport) throws Exception {
        String uri = server != null ? Fixtures.uri(server, "CS-2").toString() : "ws://127.0.0.1:9/ocpp/CS-2";
        Throwable t = catchThrowable(() -> transport.connect(
                        Fixtures.client(java.net.URI.create(uri), List.of("ocpp1.6")).build(), new RecordingListener())
                .toCompletableFuture().get(Await.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        return t.getCause();
    }
}
