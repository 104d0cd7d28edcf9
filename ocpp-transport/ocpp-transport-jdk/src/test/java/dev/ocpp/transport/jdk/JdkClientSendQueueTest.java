package dev.ocpp.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.transport.testsuite.Await;
import dev.ocpp.transport.testsuite.RecordingListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The bound on the client's outgoing queue. The suite's {@code SendQueueConformance} checks the server side only (its
 * deaf peer is a hand-written client), so the client side is checked here against a hand-written server that
 * completes the upgrade and then never reads: the send past the bound fails with an {@link IOException}, the
 * connection stops taking texts at once, and it still ends, with the 1008 it was closed with, although neither the
 * stuck text nor the close frame can ever be written.
 */
class JdkClientSendQueueTest {

    /** RFC 6455 §1.3: the GUID the server appends to the client's key to prove it speaks WebSocket. */
    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    @Test
    void serverThatNeverReadsOverflowsTheBoundedQueueAndTheConnectionEnds() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             JdkClientTransport transport = new JdkClientTransport()) {
            URI uri = URI.create("ws://127.0.0.1:" + listening.getLocalPort() + "/ocpp/CP1");
            RecordingListener client = new RecordingListener();
            CompletableFuture<TransportConnection> opening = transport.connect(ClientTransportConfig.builder(uri)
                    .pingInterval(Duration.ZERO).maxQueuedSends(8).build(), client).toCompletableFuture();
            try (Socket deaf = listening.accept()) {
                upgrade(deaf);
                TransportConnection c = Await.done(opening);
                String big = "x".repeat(256 * 1024);
                List<CompletableFuture<Void>> sends = new ArrayList<>();
                // Loopback socket buffers hold a few MiB; 64 MiB cannot all be in flight, so the queue must overflow.
                for (int i = 0; i < 256 && c.isOpen(); i++) {
                    sends.add(c.sendText(big).toCompletableFuture());
                }

                CompletableFuture<Void> refused = sends.stream().filter(CompletableFuture::isCompletedExceptionally)
                        .findFirst().orElseThrow(() -> new AssertionError("no send was refused of " + sends.size()));
                assertThat(refused).failsWithin(Await.WAIT).withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(IOException.class);
                assertThat(c.isOpen()).isFalse();
                // Neither the text in flight nor the close frame behind it can be written: the close timeouts end
                // the connection, reported with the code it was closed with.
                assertThat(client.awaitClosed().code()).isEqualTo(1008);
                assertThat(client.events()).containsExactly("open", "closed 1008");
                client.assertContractKept();
                for (CompletableFuture<Void> send : sends) {
                    assertThat(send).as("every send settled").isDone();
                }
            }
        }
    }

    /** Reads the upgrade request and answers 101 (RFC 6455 §4.2.2), then leaves the socket alone. */
    private static void upgrade(Socket socket) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1));
        String key = null;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        assertThat(key).as("Sec-WebSocket-Key").isNotNull();
        byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.ISO_8859_1));
        String answer = "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
