package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.HandshakeRejectedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client side of a socket transport: a server that ends the connection before answering the upgrade fails the
 * connect at once, with the reason, long before the connect timeout (set to 30 s here, so that a test ended by it
 * fails on the time bound). The misbehaving server is a plain {@link ServerSocket}, so only the client is tested.
 *
 * <p>How the reason is worded is the transport's: {@link #assertNamesTheEarlyClose(Throwable)} checks the part every
 * transport shares and a transport adds what its own message promises.
 */
public abstract class PreUpgradeFailureConformance extends ConformanceBase {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final long BOUND_MILLIS = 5000;

    private final ExecutorService serverThread = Executors.newSingleThreadExecutor();
    private ServerSocket server;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        serverThread.shutdownNow();
    }

    /** Runs one accept on the server thread; the behaviour gets the accepted socket. */
    private void serveOnce(SocketBehaviour behaviour) {
        serverThread.execute(() -> {
            try (Socket s = server.accept()) {
                behaviour.serve(s);
            } catch (IOException e) {
                // the client went away first: nothing to serve
            }
        });
    }

    /** Connects, and returns the failure (the cause of the stage's exception) and how long it took. */
    private Failure connect() {
        ClientTransportConfig config = client(
                        URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ocpp/CP1"), BOTH)
                .connectTimeout(CONNECT_TIMEOUT).build();
        RecordingListener client = new RecordingListener();
        long start = System.nanoTime();
        Throwable thrown;
        // The fixture's client: it owns (and may share) the client transport, so the test does not close it.
        thrown = catchThrowable(() -> fixture().clientFactory().connect(config, client)
                .toCompletableFuture().get(CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(client.events).isEmpty();
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        return new Failure(thrown.getCause(), millis);
    }

    private void assertClosedBeforeUpgrade(Failure f) {
        assertThat(f.millis).as("connect failed after %d ms", f.millis).isLessThan(BOUND_MILLIS);
        assertThat(f.cause).isInstanceOf(IOException.class)
                .isNotInstanceOf(SocketTimeoutException.class)
                .isNotInstanceOf(HandshakeRejectedException.class);
        assertNamesTheEarlyClose(f.cause);
    }

    /**
     * Checks that {@code cause}, the failure of a connect whose server (on 127.0.0.1) ended the connection before
     * the upgrade, says so: its message names the upgrade, so that an operator can tell it from a refusal or a
     * timeout. A transport whose message also names the peer overrides this to check that too.
     */
    protected void assertNamesTheEarlyClose(Throwable cause) {
        assertThat(cause).hasMessageContaining("before the WebSocket upgrade");
    }

    @Test
    void serverThatClosesWithoutReadingFailsTheConnectAtOnce() {
        serveOnce(s -> { });

        assertClosedBeforeUpgrade(connect());
    }

    @Test
    void serverThatReadsTheRequestAndClosesWithoutAnswerFailsTheConnectAtOnce() {
        serveOnce(PreUpgradeFailureConformance::readRequest);

        assertClosedBeforeUpgrade(connect());
    }

    @Test
    void serverThatAnswersAPartialResponseAndClosesFailsTheConnectAtOnce() {
        serveOnce(s -> {
            readRequest(s);
            s.getOutputStream().write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConn"
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        });

        assertClosedBeforeUpgrade(connect());
    }

    @Test
    void serverThatAnswersGarbageAndClosesFailsTheConnectAtOnce() {
        serveOnce(s -> {
            readRequest(s);
            s.getOutputStream().write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28, 'x', '\r', '\n'});
            s.getOutputStream().flush();
        });

        assertClosedBeforeUpgrade(connect());
    }

    @Test
    void serverThatResetsTheConnectionFailsTheConnectAtOnce() {
        serveOnce(s -> {
            readRequest(s);
            s.setSoLinger(true, 0); // close sends RST instead of FIN
        });

        assertClosedBeforeUpgrade(connect());
    }

    private static void readRequest(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            request.write(b);
            if (request.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                return;
            }
        }
    }

    private interface SocketBehaviour {
        void serve(Socket s) throws IOException;
    }

    private record Failure(Throwable cause, long millis) {
    }
}
