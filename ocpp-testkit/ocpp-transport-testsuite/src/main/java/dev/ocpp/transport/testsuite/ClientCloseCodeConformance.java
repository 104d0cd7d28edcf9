package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol close codes a client closes with reach the server as they are: 1002 (protocol error), which the
 * engine uses when no OCPP subprotocol was agreed (OCPP-J 1.6 §3.1.2, OCPP 2.0.1 Part 4 §3.1.2), and 1009, with which
 * a client refuses an oversize message (RFC 6455 §7.4.1).
 *
 * <p>A capability of its own because not every client library can: the JDK's {@code java.net.http.WebSocket} lets a
 * client send only 1000, 1001, 1008, 1011 and application codes, so a transport on it sends the nearest code it may
 * and does not run this class.
 */
public abstract class ClientCloseCodeConformance extends ConformanceBase {

    private TransportServer server;

    @BeforeEach
    void startTheServer() throws Exception {
        server = startServer(b -> { });
    }

    @Test
    void clientCloseWithProtocolErrorReachesTheServerAs1002() throws Exception {
        TransportConnection c = connect(server, new RecordingListener());
        RecordingListener serverSide = handler.nextConnection();
        serverSide.awaitOpen();

        c.close(1002, "No agreed OCPP subprotocol");

        assertThat(serverSide.awaitClosed()).isEqualTo(new RecordingListener.Closed(1002, "No agreed OCPP subprotocol"));
        assertThat(serverSide.closing.getNow(null)).isEqualTo(serverSide.closed.getNow(null));
        serverSide.assertContractKept();
    }

    @Test
    void clientClosingInsideOnOpenWith1002IsHeardAs1002() throws Exception {
        RecordingListener client = new RecordingListener() {
            @Override
            public void onOpen(TransportConnection connection) {
                super.onOpen(connection);
                connection.close(1002, "No agreed OCPP subprotocol");
            }
        };
        connect(server, client);

        assertThat(client.awaitClosed().code()).isEqualTo(1002);
        RecordingListener serverSide = handler.nextConnection();
        assertThat(serverSide.awaitClosed().code()).isEqualTo(1002);
        client.assertContractKept();
        serverSide.assertContractKept();
    }

    @Test
    void clientCloseWithMessageTooBigReachesTheServerAs1009() throws Exception {
        TransportConnection c = connect(server, new RecordingListener());
        RecordingListener serverSide = handler.nextConnection();
        serverSide.awaitOpen();

        c.close(1009, "Message too big");

        assertThat(serverSide.awaitClosed()).isEqualTo(new RecordingListener.Closed(1009, "Message too big"));
        serverSide.assertContractKept();
    }
}
