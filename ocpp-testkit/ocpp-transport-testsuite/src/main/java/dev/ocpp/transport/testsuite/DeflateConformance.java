package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The permessage-deflate extension (RFC 7692), which a CSMS supporting OCPP 2.0.1 shall support (OCPP 2.0.1 Part 4
 * §3.3), for transports on real sockets: negotiated only when both sides want it, messages of any size and script
 * intact both ways, frames compressed by a hand-written client ({@link RawWebSocket}) understood and answered
 * compressed, and a small compressed frame that inflates beyond the message limit (a "deflate bomb") refused with
 * 1009 before it is inflated in full.
 *
 * <p>The raw client compresses with {@link Deflater} itself, as RFC 7692 §7.2.1 describes: raw DEFLATE, sync flush,
 * the trailing {@code 00 00 ff ff} removed; and inflates the server's frames after putting those four octets back
 * (§7.2.2).
 */
public abstract class DeflateConformance extends ConformanceBase {

    private static final String OFFER = "Sec-WebSocket-Extensions";
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

    @Test
    void deflatingClientExchangesMessagesOfAnySizeAndScriptBothWaysCompressed() throws Exception {
        TransportServer server = startServer(b -> b.perMessageDeflate(true));
        try (SilenceableProxy wire = new SilenceableProxy(server.localAddress().getPort())) {
            exchangeThrough(wire);
        }
    }

    private void exchangeThrough(SilenceableProxy wire) throws Exception {
        RecordingListener clientSide = new RecordingListener();
        URI viaWire = URI.create("ws://127.0.0.1:" + wire.port() + PATH + "/CP1");
        TransportConnection client = connect(client(viaWire, BOTH).perMessageDeflate(true).build(), clientSide);
        assertThat(handler.nextRequest().header(OFFER)).hasValueSatisfying(v -> assertThat(v)
                .containsIgnoringCase("permessage-deflate"));
        RecordingListener serverSide = handler.nextConnection();
        TransportConnection serverConnection = serverSide.awaitOpen();
        String small = "[2,\"1\",\"Heartbeat\",{}]";
        String script = "[2,\"2\",\"DataTransfer\",{\"vendorId\":\"Ünïcödé ✓ 充电桩 🔌\"}]";
        String large = largeCompressibleMessage();

        for (String text : new String[] {small, script, large, small}) {
            client.sendText(text);
            assertThat(serverSide.nextText()).isEqualTo(text);
            serverConnection.sendText(text);
            assertThat(clientSide.nextText()).isEqualTo(text);
        }
        // Handshake and frames included, far less than the large message alone: compressed in both directions.
        assertThat(wire.bytesToServer()).isLessThan(large.length() / 4);
        assertThat(wire.bytesToClients()).isLessThan(large.length() / 4);
        clientSide.assertContractKept();
        serverSide.assertContractKept();
    }

    @Test
    void clientWithoutDeflateStillTalksToADeflatingServer() throws Exception {
        TransportServer server = startServer(b -> b.perMessageDeflate(true));
        RecordingListener clientSide = new RecordingListener();
        TransportConnection client = connect(client(uri(server, "CP1"), BOTH).perMessageDeflate(false).build(),
                clientSide);
        assertThat(handler.nextRequest().header(OFFER).orElse("")).doesNotContainIgnoringCase("permessage-deflate");
        RecordingListener serverSide = handler.nextConnection();
        String large = largeCompressibleMessage();

        client.sendText(large);
        assertThat(serverSide.nextText()).isEqualTo(large);
        serverSide.awaitOpen().sendText("[3,\"1\",{}]");
        assertThat(clientSide.nextText()).isEqualTo("[3,\"1\",{}]");
    }

    @Test
    void deflatingClientStillTalksToAServerThatDeclines() throws Exception {
        TransportServer server = startServer(b -> b.perMessageDeflate(false));
        RecordingListener clientSide = new RecordingListener();
        TransportConnection client = connect(client(uri(server, "CP1"), BOTH).perMessageDeflate(true).build(),
                clientSide);
        RecordingListener serverSide = handler.nextConnection();

        client.sendText("[2,\"1\",\"Heartbeat\",{}]");
        assertThat(serverSide.nextText()).isEqualTo("[2,\"1\",\"Heartbeat\",{}]");
        serverSide.awaitOpen().sendText("[3,\"1\",{}]");
        assertThat(clientSide.nextText()).isEqualTo("[3,\"1\",{}]");
    }

    @Test
    void offerIsAcceptedInThe101AnswerWhenTheServerDeflates() throws Exception {
        TransportServer server = startServer(b -> b.perMessageDeflate(true));
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1",
                Map.of(OFFER, "permessage-deflate; client_max_window_bits"))) {
            assertThat(raw.status).isEqualTo(101);
            assertThat(raw.headers.get("sec-websocket-extensions")).startsWithIgnoringCase("permessage-deflate");
        }
    }

    @Test
    void offerIsIgnoredWhenTheServerDoesNotDeflate() throws Exception {
        TransportServer server = startServer(b -> b.perMessageDeflate(false));
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1",
                Map.of(OFFER, "permessage-deflate; client_max_window_bits"))) {
            assertThat(raw.status).isEqualTo(101);
            assertThat(raw.headers).doesNotContainKey("sec-websocket-extensions");
        }
    }

    @Test
    void answerNeverAllowsTheServerALargerWindowThanOffered() throws Exception {
        TransportServer server = startServer(b -> b.perMessageDeflate(true));
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1",
                Map.of(OFFER, "permessage-deflate; server_max_window_bits=10"))) {
            assertThat(raw.status).isEqualTo(101);
            String answer = raw.headers.get("sec-websocket-extensions");
            // RFC 7692 §7.1.2.1: decline the offer, or accept it with server_max_window_bits no larger than 10.
            if (answer != null) {
                assertThat(answer).matches("(?i)permessage-deflate.*server_max_window_bits=\"?(8|9|10)\"?.*");
            }
        }
    }

    @Test
    void compressedFramesAreUnderstoodAndTheRepliesComeCompressed() throws Exception {
        TransportServer server = startServer(b -> b.perMessageDeflate(true));
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1",
                Map.of(OFFER, "permessage-deflate"))) {
            assertThat(raw.headers.get("sec-websocket-extensions")).startsWithIgnoringCase("permessage-deflate");
            RecordingListener serverSide = handler.nextConnection();
            TransportConnection serverConnection = serverSide.awaitOpen();
            // One compressor and one decompressor for the connection: the second message of each direction may
            // refer back to the first (context takeover, RFC 7692 §7.1.1, offered by not asking otherwise).
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            Inflater inflater = new Inflater(true);
            try {
                for (String text : new String[] {"[2,\"1\",\"Heartbeat\",{}]", "[2,\"2\",\"Heartbeat\",{}]"}) {
                    raw.send(0x1, true, true, compress(deflater, text));
                    assertThat(serverSide.nextText()).isEqualTo(text);

                    String reply = "[3,\"" + text.charAt(4) + "\",{\"currentTime\":\"2026-01-01T00:00:00Z\"}]";
                    serverConnection.sendText(reply);
                    RawWebSocket.Frame frame = raw.readDataOrClose();
                    assertThat(frame.opcode()).isEqualTo(0x1);
                    assertThat(frame.rsv1()).as("RSV1: the reply is compressed").isTrue();
                    assertThat(inflate(inflater, frame.payload())).isEqualTo(reply);
                }
            } finally {
                deflater.end();
                inflater.end();
            }
            serverSide.assertContractKept();
        }
    }

    @Test
    void compressedMessageSplitOverFramesIsReassembled() throws Exception {
        TransportServer server = startServer(b -> b.perMessageDeflate(true));
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1",
                Map.of(OFFER, "permessage-deflate"))) {
            RecordingListener serverSide = handler.nextConnection();
            String text = "[2,\"1\",\"DataTransfer\",{\"vendorId\":\"ü\",\"data\":\"" + "x".repeat(5000) + "\"}]";
            byte[] compressed;
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                compressed = compress(deflater, text);
            } finally {
                deflater.end();
            }
            int half = compressed.length / 2;

            // RFC 7692 §6.1: RSV1 on the first frame only; the compressed bytes may be cut anywhere.
            raw.send(0x1, false, true, Arrays.copyOfRange(compressed, 0, half));
            raw.send(0x0, true, false, Arrays.copyOfRange(compressed, half, compressed.length));

            assertThat(serverSide.nextText()).isEqualTo(text);
        }
    }

    @Test
    void rsv1OnAContinuationFrameFailsTheConnection() throws Exception {
        TransportServer server = startServer(b -> b.perMessageDeflate(true));
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1",
                Map.of(OFFER, "permessage-deflate"))) {
            RecordingListener serverSide = handler.nextConnection();

            // RFC 7692 §6.1: RSV1 belongs on the first frame of a message; on a continuation it is a protocol error.
            raw.send(0x1, false, false, "[2,\"1\",".getBytes(StandardCharsets.UTF_8));
            raw.send(0x0, true, true, "\"Heartbeat\",{}]".getBytes(StandardCharsets.UTF_8));

            RawWebSocket.Frame close = raw.readDataOrClose();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(1002);
            serverSide.awaitClosed();
            assertThat(serverSide.texts).isEmpty();
        }
    }

    @Test
    void deflateBombIsRefusedWith1009() throws Exception {
        int max = 64 * 1024;
        TransportServer server = startServer(b -> b.perMessageDeflate(true).maxMessageSize(max));
        try (RawWebSocket raw = RawWebSocket.connect(server.localAddress(), "/ocpp/CP1",
                Map.of(OFFER, "permessage-deflate"))) {
            RecordingListener serverSide = handler.nextConnection();
            serverSide.awaitOpen();
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            byte[] bomb;
            try {
                // 16 MiB of spaces: some 16 KiB compressed, well within the limit on the wire.
                bomb = compress(deflater, " ".repeat(16 << 20));
            } finally {
                deflater.end();
            }
            assertThat(bomb.length).isLessThan(max);

            raw.send(0x1, true, true, bomb);

            assertThat(serverSide.awaitFailure()).isNotNull();
            assertThat(serverSide.awaitClosed().code()).isEqualTo(1009);
            RawWebSocket.Frame close = raw.readDataOrClose();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(serverSide.texts).isEmpty();
            serverSide.assertContractKept();
        }
    }

    /** About 200 KB of JSON that compresses well, as a large OCPP payload (a firmware log, a big report) does. */
    private static String largeCompressibleMessage() {
        StringBuilder b = new StringBuilder("[2,\"9\",\"DataTransfer\",{\"vendorId\":\"x\",\"data\":\"");
        for (int i = 0; b.length() < 200_000; i++) {
            b.append("meter ").append(i % 97).append(" Wh; ");
        }
        return b.append("\"}]").toString();
    }

    /** One message compressed as RFC 7692 §7.2.1 says: sync flush, then the trailing 00 00 ff ff removed. */
    private static byte[] compress(Deflater deflater, String text) {
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length);
        byte[] all = out.toByteArray();
        assertThat(Arrays.copyOfRange(all, all.length - 4, all.length)).isEqualTo(TAIL);
        return Arrays.copyOf(all, all.length - 4);
    }

    /** One message decompressed as RFC 7692 §7.2.2 says: the four octets appended, then inflated. */
    private static String inflate(Inflater inflater, byte[] payload) throws DataFormatException {
        byte[] input = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(TAIL, 0, input, payload.length, 4);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = inflater.inflate(chunk)) > 0) {
            out.write(chunk, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
