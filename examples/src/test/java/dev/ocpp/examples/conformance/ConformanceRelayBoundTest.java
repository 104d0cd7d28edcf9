package dev.ocpp.examples.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The relay of {@code conformance --role station} holds at most {@link ExternalStation#MAX_SOCKETS} sockets: a peer
 * that opens connections without end gets the rest closed at once, not a thread each.
 */
class ConformanceRelayBoundTest {

    @Test
    void connectionsBeyondTheCapAreClosedAsTheyAreAccepted() throws Exception {
        int extra = 8;
        List<Socket> sockets = new ArrayList<>();
        try (ExternalStation relay = new ExternalStation("127.0.0.1", 0, new PrintWriter(new StringWriter()))) {
            for (int i = 0; i < ExternalStation.MAX_SOCKETS + extra; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", relay.url().getPort()));
                sockets.add(s);
            }
            int closedByRelay = 0;
            // The relay accepts in connection order, so the last ones are those beyond the cap: they read end of
            // stream (waited for generously); the held ones stay silent, as no scenario is under way.
            for (int i = sockets.size() - 1; i >= 0; i--) {
                Socket s = sockets.get(i);
                s.setSoTimeout(closedByRelay < extra ? 10_000 : 50);
                try {
                    if (s.getInputStream().read() == -1) {
                        closedByRelay++;
                    }
                } catch (SocketTimeoutException held) {
                    // still held by the relay
                }
            }
            assertThat(closedByRelay).isEqualTo(extra);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
