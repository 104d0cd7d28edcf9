package dev.ocpp.transport.tyrus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.transport.testsuite.Await;
import dev.ocpp.transport.testsuite.RecordingListener;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Tyrus client's side of permessage-deflate against a hand-written server that does what no well-behaved server
 * does: answers the offer with parameters the client never offered (RFC 7692 §7.1: the client must fail the
 * connection), or sends a small compressed message that inflates beyond the client's limit.
 */
class DeflateClientTest {

    private static final int MAX = 64 * 1024;

    private final TyrusClientTransport transport = new TyrusClientTransport();
    private ServerSocket listener;

    @AfterEach
    void close() throws IOException {
        transport.close();
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    void answerWithAWindowLimitTheClientDidNotOfferFailsTheConnect() throws Exception {
        CompletableFuture<String> offer = serveOnce("permessage-deflate; client_max_window_bits=10", null);

        // Failed for the answer itself, not by running into the connect timeout.
        assertThatThrownBy(() -> Await.done(transport.connect(config(), new RecordingListener())))
                .hasStackTraceContaining("permessage-deflate answer is invalid")
                .hasStackTraceContaining("RFC 7692");
        assertThat(offer.get()).isEqualToIgnoringCase("permessage-deflate");
    }

    @Test
    void deflateBombFromTheServerClosesWith1009() throws Exception {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] bomb;
        try {
            deflater.setInput(new byte[64 * MAX]);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, n);
            } while (n == chunk.length);
            byte[] all = out.toByteArray();
            bomb = java.util.Arrays.copyOf(all, all.length - 4); // RFC 7692 §7.2.1: tail removed
        } finally {
            deflater.end();
        }
        serveOnce("permessage-deflate", bomb);
        RecordingListener listener = new RecordingListener();

        Await.done(transport.connect(config(), listener));

        assertThat(listener.awaitFailure()).isNotNull();
        assertThat(listener.awaitClosed().code()).isEqualTo(1009);
        assertThat(listener.texts).isEmpty();
        listener.assertContractKept();
    }

    private ClientTransportConfig config() {
        return ClientTransportConfig.builder(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/ocpp/CP1"))
                .subprotocols(List.of("ocpp2.0.1"))
                .pingInterval(Duration.ZERO)
                .maxMessageSize(MAX)
                .perMessageDeflate(true)
                .build();
    }

    /**
     * Accepts one connection, answers its upgrade with {@code answer} as the extension, sends {@code frame} (if any)
     * as one compressed text frame, then reads until the client closes. Completes with the client's offer.
     */
    private CompletableFuture<String> serveOnce(String answer, byte[] frame) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CompletableFuture<String> offer = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (Socket s = listener.accept()) {
                s.setSoTimeout((int) Await.WAIT.toMillis());
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                String key = null;
                String extensions = null;
                for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("sec-websocket-key:")) {
                        key = line.substring(line.indexOf(':') + 1).trim();
                    } else if (lower.startsWith("sec-websocket-extensions:")) {
                        extensions = line.substring(line.indexOf(':') + 1).trim();
                    }
                }
                offer.complete(extensions);
                String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                        (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: ocpp2.0.1\r\n"
                        + "Sec-WebSocket-Extensions: " + answer + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                if (frame != null) {
                    out.write(new byte[] {(byte) 0xC1, 126, (byte) (frame.length >> 8), (byte) frame.length});
                    out.write(frame);
                }
                out.flush();
                while (in.read() >= 0) {
                    // until the client closes
                }
            } catch (Exception e) {
                offer.completeExceptionally(e);
            }
        }, "deflate-test-server");
        t.setDaemon(true);
        t.start();
        return offer;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException();
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
