package dev.ocpp.transport.tyrus;

import static dev.ocpp.transport.tyrus.Fixtures.BOTH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An incoming message over the limit closes the connection with 1009; one within it is delivered. */
class MessageSizeTest {

    private static final int MAX = 4096;

    private final TestHandler handler = new TestHandler(Fixtures.PATH, BOTH);
    private TransportServer server;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer(handler, b -> b.maxMessageSize(MAX));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TransportConnection connect(RecordingListener client, int clientMax) throws Exception {
        return Fixtures.connect(Fixtures.client(Fixtures.uri(server, "CP1"), BOTH).maxMessageSize(clientMax).build(),
                client);
    }

    @Test
    void messageOfExactlyTheLimitIsDelivered() throws Exception {
        RecordingListener client = new RecordingListener();
        TransportConnection c = connect(client, MAX);
        RecordingListener serverSide = handler.nextConnection();
        String atLimit = "a".repeat(MAX);

        c.sendText(atLimit);

        assertThat(serverSide.nextText()).isEqualTo(atLimit);
        assertThat(c.isOpen()).isTrue();
        c.close(1000, "");
    }

    @Test
    void messageOneByteOverTheLimitClosesWith1009() throws Exception {
        RecordingListener client = new RecordingListener();
        TransportConnection c = connect(client, MAX);
        RecordingListener serverSide = handler.nextConnection();

        c.sendText("ok");
        c.sendText("a".repeat(MAX + 1));

        assertThat(serverSide.nextText()).isEqualTo("ok");
        assertThat(serverSide.awaitClosed().code()).isEqualTo(1009);
        assertThat(serverSide.firstFailure).isDone();
        assertThat(client.awaitClosed().code()).isEqualTo(1009);
        assertThat(serverSide.texts).isEmpty();
        serverSide.assertContractKept();
        client.assertContractKept();
    }

    @Test
    void limitCountsUtf8BytesNotCharacters() throws Exception {
        RecordingListener client = new RecordingListener();
        TransportConnection c = connect(client, MAX);
        RecordingListener serverSide = handler.nextConnection();

        c.sendText("\u00e9".repeat(MAX / 2)); // exactly MAX bytes
        assertThat(serverSide.nextText()).hasSize(MAX / 2);
        c.sendText("\u00e9".repeat(MAX / 2 + 1)); // MAX / 2 + 1 characters, MAX + 2 bytes

        assertThat(serverSide.awaitClosed().code()).isEqualTo(1009);
    }

    @Test
    void hugeSingleFrameIsRefusedFromItsHeaderWith1009() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            RecordingListener serverSide = handler.nextConnection();
            // Announce 8 MiB but send only the start: the server must not wait for (or buffer) the rest.
            byte[] start = new byte[1024];
            sendHeaderOnly(raw, 8 << 20);
            raw.socket.getOutputStream().write(start);

            assertThat(serverSide.awaitClosed().code()).isEqualTo(1009);
            RawWebSocket.Frame close = raw.readDataOrClose();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(1009);
            serverSide.assertContractKept();
        }
    }

    @Test
    void fragmentedMessageOverTheLimitClosesWith1009() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            RecordingListener serverSide = handler.nextConnection();
            byte[] part = "b".repeat(MAX / 2).getBytes(StandardCharsets.US_ASCII);

            raw.send(0x1, false, part);
            raw.send(0x9, true, new byte[0]); // a control frame in between does not count
            raw.send(0x0, false, part);
            raw.send(0x0, true, new byte[] {'c'});

            assertThat(serverSide.awaitClosed().code()).isEqualTo(1009);
            assertThat(raw.readDataOrClose().closeCode()).isEqualTo(1009);
            assertThat(serverSide.texts).isEmpty();
        }
    }

    @Test
    void fragmentedMessageWithinTheLimitIsDelivered() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            RecordingListener serverSide = handler.nextConnection();
            byte[] part = "b".repeat(MAX / 2).getBytes(StandardCharsets.US_ASCII);

            raw.send(0x1, false, part);
            raw.send(0x0, true, part);

            assertThat(serverSide.nextText()).isEqualTo("b".repeat(MAX));
        }
    }

    @Test
    void clientRefusesAnOversizeMessageFromTheServerWith1009() throws Exception {
        RecordingListener client = new RecordingListener();
        connect(client, 1024);
        TransportConnection serverSide = handler.nextConnection().awaitOpen();

        serverSide.sendText("s".repeat(1024));
        assertThat(client.nextText()).hasSize(1024);
        serverSide.sendText("s".repeat(100_000));

        assertThat(client.awaitClosed().code()).as("client events %s", client.events).isEqualTo(1009);
        assertThat(client.firstFailure).isDone();
        assertThat(client.texts).isEmpty();
        client.assertContractKept();
    }

    @Test
    void defaultLimitIsOneMebibyte() throws Exception {
        server.close();
        server = Fixtures.startServer(handler, b -> { });
        RecordingListener client = new RecordingListener();
        TransportConnection c = Fixtures.connect(Fixtures.client(Fixtures.uri(server, "CP1"), BOTH).build(), client);
        RecordingListener serverSide = handler.nextConnection();

        c.sendText("m".repeat(1 << 20));
        assertThat(serverSide.nextText()).hasSize(1 << 20);
        c.sendText("m".repeat((1 << 20) + 1));

        assertThat(serverSide.closed.get(10, TimeUnit.SECONDS).code()).isEqualTo(1009);
    }

    /** Writes the header of a masked text frame announcing {@code length} bytes. */
    private static void sendHeaderOnly(RawWebSocket raw, long length) throws Exception {
        byte[] header = new byte[14];
        header[0] = (byte) 0x81;
        header[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (length >> (8 * (7 - i)));
        }
        // mask bytes 10..13 are zero: payload goes out as is
        raw.socket.getOutputStream().write(header);
    }
}
