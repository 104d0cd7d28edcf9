package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import org.junit.jupiter.api.Test;

/**
 * The incoming message size limit, for every transport: a message of exactly the limit (counted in UTF-8 bytes) is
 * delivered, one byte more reports {@code onFailure} and closes with 1009 on both sides, on the server's limit and on
 * the client's, and the default limit is 1 MiB. What a transport on sockets must also do with frames is in
 * {@link WireMessageSizeConformance}.
 */
public abstract class MessageSizeConformance extends ConformanceBase {

    /** The server's limit in these tests. */
    protected static final int MAX = 4096;

    private TransportConnection connect(TransportServer server, RecordingListener client, int clientMax)
            throws Exception {
        return connect(client(uri(server, "CP1"), BOTH).maxMessageSize(clientMax).build(), client);
    }

    @Test
    void messageOfExactlyTheLimitIsDelivered() throws Exception {
        TransportServer server = startServer(b -> b.maxMessageSize(MAX));
        TransportConnection c = connect(server, new RecordingListener(), MAX);
        RecordingListener serverSide = handler.nextConnection();
        String atLimit = "a".repeat(MAX);

        c.sendText(atLimit);

        assertThat(serverSide.nextText()).isEqualTo(atLimit);
        assertThat(c.isOpen()).isTrue();
        c.close(1000, "");
    }

    @Test
    void messageOneByteOverTheLimitFailsAndClosesBothSidesWith1009() throws Exception {
        TransportServer server = startServer(b -> b.maxMessageSize(MAX));
        RecordingListener client = new RecordingListener();
        TransportConnection c = connect(server, client, MAX);
        RecordingListener serverSide = handler.nextConnection();

        c.sendText("ok");
        c.sendText("a".repeat(MAX + 1));

        assertThat(serverSide.nextText()).isEqualTo("ok");
        assertThat(serverSide.awaitClosed().code()).isEqualTo(1009);
        assertThat(serverSide.firstFailure).as("onFailure before onClosed, events %s", serverSide.events()).isDone();
        assertThat(client.awaitClosed().code()).isEqualTo(1009);
        assertThat(serverSide.texts).isEmpty();
        serverSide.assertContractKept();
        client.assertContractKept();
    }

    @Test
    void limitCountsUtf8BytesNotCharacters() throws Exception {
        TransportServer server = startServer(b -> b.maxMessageSize(MAX));
        TransportConnection c = connect(server, new RecordingListener(), MAX);
        RecordingListener serverSide = handler.nextConnection();

        c.sendText("\u00e9".repeat(MAX / 2)); // exactly MAX bytes
        assertThat(serverSide.nextText()).hasSize(MAX / 2);
        c.sendText("\u00e9".repeat(MAX / 2 + 1)); // MAX / 2 + 1 characters, MAX + 2 bytes

        assertThat(serverSide.awaitClosed().code()).isEqualTo(1009);
    }

    @Test
    void clientRefusesAnOversizeMessageFromTheServerWith1009() throws Exception {
        TransportServer server = startServer(b -> b.maxMessageSize(MAX));
        RecordingListener client = new RecordingListener();
        connect(server, client, 1024);
        TransportConnection serverSide = handler.nextConnection().awaitOpen();

        serverSide.sendText("s".repeat(1024));
        assertThat(client.nextText()).hasSize(1024);
        serverSide.sendText("s".repeat(100_000));

        assertThat(client.awaitClosed().code()).as("client events %s", client.events()).isEqualTo(1009);
        assertThat(client.firstFailure).as("onFailure before onClosed, events %s", client.events()).isDone();
        assertThat(client.texts).isEmpty();
        client.assertContractKept();
    }

    @Test
    void defaultLimitIsOneMebibyte() throws Exception {
        TransportServer server = startServer(b -> { });
        TransportConnection c = connect(server, new RecordingListener());
        RecordingListener serverSide = handler.nextConnection();

        c.sendText("m".repeat(1 << 20));
        assertThat(serverSide.nextText()).hasSize(1 << 20);
        c.sendText("m".repeat((1 << 20) + 1));

        assertThat(serverSide.awaitClosed().code()).isEqualTo(1009);
    }
}
