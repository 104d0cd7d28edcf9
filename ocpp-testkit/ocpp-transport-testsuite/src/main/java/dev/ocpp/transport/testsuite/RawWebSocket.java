package dev.ocpp.transport.testsuite;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket client written by hand on a plain socket, for what a well-behaved client library will not do: look at
 * the raw HTTP answer, never answer pings, send fragmented or oversize frames, unmasked frames, hand-written (or
 * broken) upgrade requests, or frames compressed by the test itself (RSV1, RFC 7692).
 */
public final class RawWebSocket implements Closeable {

    /** One frame as read from the wire, unmasked; {@code rsv1} marks a compressed message (RFC 7692 §6). */
    public record Frame(int opcode, boolean fin, byte[] payload, boolean rsv1) {
        /** The payload as UTF-8. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The code of a close frame; 1005 if it has none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    /** The socket, for writing bytes no well-formed frame would hold. */
    public final Socket socket;
    /** The HTTP status of the answer to the upgrade request. */
    public final int status;
    /** The HTTP status line of the answer. */
    public final String statusLine;
    /** Response headers, names in lower case. */
    public final Map<String, String> headers;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket, InputStream in, String statusLine, Map<String, String> headers)
            throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.statusLine = statusLine;
        this.status = Integer.parseInt(statusLine.split(" ")[1]);
        this.headers = headers;
    }

    /**
     * The address hostile connections of the suite come from, so that a server can tell them from stations, which
     * connect from 127.0.0.1 (Linux routes all of 127.0.0.0/8 to loopback).
     */
    public static final InetAddress ATTACKER = loopback(2);

    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends an upgrade request for {@code rawPath} to {@code server} with {@code extraHeaders} and reads the HTTP
     * answer, whatever its status.
     */
    public static RawWebSocket connect(InetSocketAddress server, String rawPath, Map<String, String> extraHeaders)
            throws IOException {
        return connectFrom(null, server, rawPath, extraHeaders);
    }

    /**
     * As {@link #connect}, from {@code local} (any port), or from wherever the OS picks if {@code local} is null.
     */
    public static RawWebSocket connectFrom(InetAddress local, InetSocketAddress server, String rawPath,
                                           Map<String, String> extraHeaders) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
        headers.put("Sec-WebSocket-Version", "13");
        headers.putAll(extraHeaders);
        return request(local, server, upgradeRequest(server, rawPath, headers));
    }

    /**
     * An upgrade request for {@code rawPath} with a {@code Host} header and exactly {@code headers} besides, in
     * their order: no header is added, so a test can leave out one a client must send.
     */
    public static String upgradeRequest(InetSocketAddress server, String rawPath, Map<String, String> headers) {
        StringBuilder request = new StringBuilder()
                .append("GET ").append(rawPath).append(" HTTP/1.1\r\n")
                .append("Host: ").append(server.getHostString()).append(':').append(server.getPort()).append("\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        return request.append("\r\n").toString();
    }

    /**
     * Sends {@code request} as written, from {@code local} (or wherever the OS picks if null), and reads the HTTP
     * answer, whatever its status.
     *
     * @throws EOFException if the server closes the connection without a full answer
     */
    public static RawWebSocket request(InetAddress local, InetSocketAddress server, String request)
            throws IOException {
        Socket socket = open(local, server);
        try {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String statusLine = readLine(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
            return new RawWebSocket(socket, in, statusLine, headers);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends {@code request} (any bytes) from {@code local} and returns everything the server answers until it closes
     * the connection: empty if it closed without a word. A server that neither answers and closes within
     * {@link Await#WAIT} fails the test; so does one that answers but keeps the connection open that long.
     */
    public static String exchange(InetAddress local, InetSocketAddress server, byte[] request) throws IOException {
        try (Socket socket = open(local, server)) {
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // The server may close (or reset) while a long request is still being written: that is an answer.
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = socket.getInputStream().read(buffer); n >= 0; n = socket.getInputStream().read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server neither closed the connection nor stopped writing within "
                        + Await.WAIT + "; answered so far: " + answer.toString(StandardCharsets.ISO_8859_1), e);
            } catch (IOException e) {
                // reset by the server: closed
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static Socket open(InetAddress local, InetSocketAddress server) throws IOException {
        Socket socket = new Socket();
        try {
            if (local != null) {
                socket.bind(new InetSocketAddress(local, 0));
            }
            socket.connect(server, 5000);
            socket.setSoTimeout((int) Await.WAIT.toMillis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed in the HTTP answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** The next frame, whatever it is. */
    public Frame readFrame() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length) {
            throw new EOFException("connection closed in a frame");
        }
        return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, payload, (b0 & 0x40) != 0);
    }

    /** The next frame that is not a ping (pings are answered). */
    public Frame readDataOrClose() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == 0x9) {
                send(0xA, true, f.payload());
            } else if (f.opcode() != 0xA) {
                return f;
            }
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }

    /** Sends one text frame. */
    public void sendText(String text) throws IOException {
        send(0x1, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a close frame with {@code code}. */
    public void sendClose(int code) throws IOException {
        send(0x8, true, new byte[] {(byte) (code >> 8), (byte) code});
    }

    /** Sends one client frame (masked, RFC 6455 §5.3). */
    public void send(int opcode, boolean fin, byte[] payload) throws IOException {
        send(opcode, fin, false, payload);
    }

    /** Sends one client frame (masked, RFC 6455 §5.3), with RSV1 set if {@code rsv1}. */
    public synchronized void send(int opcode, boolean fin, boolean rsv1, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) payload.length >> (8 * i)));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * Sends one frame without the MASK bit, which RFC 6455 §5.1 forbids a client: the payload goes as is.
     */
    public synchronized void sendUnmasked(int opcode, boolean fin, byte[] payload) throws IOException {
        if (payload.length > 125) {
            throw new IllegalArgumentException("short frames only: " + payload.length);
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 2);
        frame.write((fin ? 0x80 : 0) | opcode);
        frame.write(payload.length); // MASK bit clear
        frame.write(payload, 0, payload.length);
        out.write(frame.toByteArray());
        out.flush();
    }

    /**
     * Reads frames (answering pings) until a close frame, which it returns, or until the server drops the
     * connection without one, which gives null.
     */
    public Frame readUntilClose() throws IOException {
        try {
            while (true) {
                Frame f = readDataOrClose();
                if (f.opcode() == 0x8) {
                    return f;
                }
            }
        } catch (EOFException e) {
            return null;
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException) {
                throw e;
            }
            return null; // reset
        }
    }

    /** Answers pings in the background until the connection ends; counts them. */
    public Thread answerPings(AtomicInteger pings, Runnable onEachPing) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Frame f = readFrame();
                    if (f.opcode() == 0x9) {
                        send(0xA, true, f.payload());
                        pings.incrementAndGet();
                        onEachPing.run();
                    } else if (f.opcode() == 0x8) {
                        return;
                    }
                }
            } catch (IOException e) {
                // connection ended
            }
        }, "raw-ws-pong");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
