package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The size limit against frames no client library would send, for transports on real sockets: a frame whose header
 * announces more than the limit is refused before its payload arrives, and fragments count together while control
 * frames between them do not.
 */
public abstract class WireMessageSizeConformance extends ConformanceBase {

    private static final int MAX = 4096;

    private TransportServer server;

    @BeforeEach
    void startTheServer() throws Exception {
        server = startServer(b -> b.maxMessageSize(MAX));
    }

    @Test
    void hugeSingleFrameIsRefusedFromItsHeaderWith1009() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            RecordingListener serverSide = handler.nextConnection();
            // Announce 8 MiB but send only the start: the server must neither wait for nor buffer the rest.
            writeHeaderOnly(raw, 8 << 20);
            raw.socket.getOutputStream().write(new byte[1024]);

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
    void fragmentedMessageWithinTheLimitIsDeliveredWhole() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1", Map.of())) {
            RecordingListener serverSide = handler.nextConnection();
            byte[] part = "b".repeat(MAX / 2).getBytes(StandardCharsets.US_ASCII);

            raw.send(0x1, false, part);
            raw.send(0x0, true, part);

            assertThat(serverSide.nextText()).isEqualTo("b".repeat(MAX));
        }
    }

    /** Writes the header of a masked text frame announcing {@code length} bytes, with an all-zero mask. */
    private static void writeHeaderOnly(RawWebSocket raw, long length) throws Exception {
        byte[] header = new byte[14];
        header[0] = (byte) 0x81;
        header[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (length >> (8 * (7 - i)));
        }
        raw.socket.getOutputStream().write(header);
    }
}
