package dev.ocpp.security;

import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.Handlers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;

/**
 * A WebSocket upgrade request written by hand over a real socket, so that a test controls every byte of the path
 * (percent-escapes a client library would refuse to send) and the local address it comes from: attackers from
 * 127.0.0.2 (and .3), real stations from 127.0.0.1 (Linux routes all of 127/8 to the loopback interface).
 */
final class RawUpgrade implements AutoCloseable {

    static final InetAddress STATION = address("127.0.0.1");
    static final InetAddress ATTACKER = address("127.0.0.2");
    static final InetAddress OTHER_ATTACKER = address("127.0.0.3");

    static final Handlers HANDLERS = Handlers.none(ActionCatalog.of(Set.of("Heartbeat")));

    final int status;
    private final Socket socket;

    private RawUpgrade(int status, Socket socket) {
        this.status = status;
        this.socket = socket;
    }

    /** The status of an upgrade of {@code rawPath} from {@code from}; the socket stays open until closed. */
    static RawUpgrade send(InetAddress from, int port, String rawPath, String subprotocol, String user,
                           String password) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress(STATION, port), 10_000);
            s.setSoTimeout(20_000);
            StringBuilder req = new StringBuilder()
                    .append("GET ").append(rawPath).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Upgrade: websocket\r\n")
                    .append("Connection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
                    .append("Sec-WebSocket-Version: 13\r\n");
            if (subprotocol != null) {
                req.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
            }
            if (user != null) {
                req.append("Authorization: Basic ").append(Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8))).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String line = statusLine(s.getInputStream());
            String[] parts = line.split(" ");
            if (parts.length < 2) {
                throw new IOException("no status line: " + line);
            }
            return new RawUpgrade(Integer.parseInt(parts[1]), s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The status of an upgrade, with the socket closed at once. */
    static int status(InetAddress from, int port, String rawPath, String subprotocol, String user, String password)
            throws IOException {
        try (RawUpgrade u = send(from, port, rawPath, subprotocol, user, password)) {
            return u.status;
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock that moves only when told to. */
    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-07T06:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
