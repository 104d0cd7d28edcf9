package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Close codes and reasons, for every transport: what one side closes with is what the other side hears, an abort is
 * 1006 on both sides, and a closing server says 1001 (going away) to every connection it holds.
 */
public abstract class CloseCodeConformance extends ConformanceBase {

    private TransportServer server;

    @BeforeEach
    void startTheServer() throws Exception {
        server = startServer(b -> { });
    }

    @Test
    void serverCloseReachesTheClientAsClosingThenClosedWithItsCodeAndReason() throws Exception {
        RecordingListener client = new RecordingListener();
        connect(server, client);
        TransportConnection serverSide = handler.nextConnection().awaitOpen();

        serverSide.sendText("last words");
        serverSide.close(4001, "custom reason");

        assertThat(client.nextText()).isEqualTo("last words");
        assertThat(client.awaitClosed()).isEqualTo(new RecordingListener.Closed(4001, "custom reason"));
        assertThat(client.closing.getNow(null)).isEqualTo(new RecordingListener.Closed(4001, "custom reason"));
        assertThat(client.events()).containsExactly("open", "text", "closing 4001", "closed 4001");
        assertThat(serverSide.isOpen()).isFalse();
    }

    @Test
    void clientCloseCodeAndReasonReachTheServer() throws Exception {
        TransportConnection c = connect(server, new RecordingListener());
        RecordingListener serverSide = handler.nextConnection();
        serverSide.awaitOpen();

        // An application code (RFC 6455 §7.4.2), which every client may send; the protocol codes a client sends are
        // in ClientCloseCodeConformance.
        c.close(4002, "custom reason");

        assertThat(serverSide.awaitClosed()).isEqualTo(new RecordingListener.Closed(4002, "custom reason"));
        assertThat(serverSide.closing.getNow(null)).isEqualTo(serverSide.closed.getNow(null));
        serverSide.assertContractKept();
    }

    @Test
    void abortDeliversClosed1006AndThePeerSeesTheConnectionEnd() throws Exception {
        RecordingListener client = new RecordingListener();
        TransportConnection c = connect(server, client);
        RecordingListener serverSide = handler.nextConnection();
        serverSide.awaitOpen();

        c.abort();

        assertThat(client.awaitClosed().code()).isEqualTo(1006);
        assertThat(c.isOpen()).isFalse();
        serverSide.awaitClosed();
        assertThat(client.events()).containsExactly("open", "closed 1006");
        client.assertContractKept();
        serverSide.assertContractKept();
    }

    @Test
    void closingTheServerClosesItsConnectionsWithGoingAway() throws Exception {
        RecordingListener client = new RecordingListener();
        connect(server, client);
        RecordingListener serverSide = handler.nextConnection();
        serverSide.awaitOpen();

        server.close();

        assertThat(client.awaitClosed().code()).isEqualTo(1001);
        assertThat(serverSide.awaitClosed().code()).isEqualTo(1001);
        client.assertContractKept();
        serverSide.assertContractKept();
    }
}
