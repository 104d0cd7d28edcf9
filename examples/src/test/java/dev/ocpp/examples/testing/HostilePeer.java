package dev.ocpp.examples.testing;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket client made of a plain socket, for tests that play a hostile peer: it sends prebuilt frames as fast as
 * the socket takes them (masked as a client must, RFC 6455 §5.3, with one fixed key: the server cannot tell) and a
 * daemon thread reads and throws away whatever the server answers, so that the server never stalls on a full socket
 * because of the test. Bound to a local address of the test's choice, e.g. 127.0.0.2 for the attacker.
 */
public final class HostilePeer implements Closeable {

    /** The address attackers connect from; real stations use 127.0.0.1. */
    public static final InetAddress ATTACKER = address(127, 0, 0, 2);

    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private final Socket socket;
    private final OutputStream out;
    private final AtomicLong bytesIn = new AtomicLong();
    private volatile boolean ended;
    private volatile byte[] tail = new byte[0];

    private HostilePeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** A loopback address such as 127.0.0.2. */
    public static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TCP connection from {@code local} to {@code server}, nothing sent yet. */
    public static Socket socket(InetAddress local, InetSocketAddress server) throws IOException {
        Socket socket = new Socket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(local, 0));
        socket.connect(server, 10_000);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** The upgrade request for {@code path} offering {@code subprotocol}. */
    public static byte[] upgradeRequest(InetSocketAddress server, String path, String subprotocol) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return ("GET " + path + " HTTP/1.1\r\n"
                + "Host: " + server.getHostString() + ":" + server.getPort() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: " + subprotocol + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Connects from {@code local}, upgrades to WebSocket on {@code path} with {@code subprotocol} and starts draining
     * the answers.
     *
     * @throws IOException if the server does not answer 101
     */
    public static HostilePeer open(InetAddress local, InetSocketAddress server, String path, String subprotocol)
            throws IOException {
        Socket socket = socket(local, server);
        HostilePeer peer = new HostilePeer(socket);
        peer.out.write(upgradeRequest(server, path, subprotocol));
        peer.out.flush();
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("Upgrade refused: " + head.lines().findFirst().orElse(""));
        }
        Thread drain = new Thread(() -> peer.drain(in), "hostile-peer-drain");
        drain.setDaemon(true);
        drain.start();
        return peer;
    }

    /** Reads the HTTP head of the server's answer, up to the empty line. */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("Connection closed during the handshake after: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /**
     * Reads server frames (unmasked, RFC 6455 §5.2) up to the close frame and returns its status code; -1 if the
     * connection ended without one, 1005 for a close frame without a code.
     */
    public static int readCloseCode(InputStream in) throws IOException {
        try {
            while (true) {
                int b0 = in.read();
                int b1 = in.read();
                if (b0 < 0 || b1 < 0) {
                    return -1;
                }
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                if ((b0 & 0x0f) == 0x8) {
                    if (length < 2) {
                        return 1005;
                    }
                    return (in.read() << 8) | in.read();
                }
                in.skipNBytes(length);
            }
        } catch (IOException reset) {
            return -1;
        }
    }

    private void drain(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytesIn.addAndGet(n);
                tail = java.util.Arrays.copyOfRange(buffer, n - Math.min(n, 200), n);
            }
        } catch (IOException e) {
            // Closed by us or reset by the server: either way the connection is over.
        } finally {
            ended = true;
        }
    }

    /**
     * One complete client frame (FIN set) of {@code opcode} carrying {@code payload}, masked.
     *
     * @param declaredLength the length put in the header; {@code payload.length} for an honest frame, more to claim
     *                       a frame larger than what follows (an oversize frame needs no megabytes sent)
     */
    public static byte[] frame(int opcode, byte[] payload, long declaredLength) {
        int header = declaredLength < 126 ? 2 : declaredLength <= 0xffff ? 4 : 10;
        byte[] f = new byte[header + 4 + payload.length];
        f[0] = (byte) (0x80 | opcode);
        if (declaredLength < 126) {
            f[1] = (byte) (0x80 | declaredLength);
        } else if (declaredLength <= 0xffff) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (declaredLength >>> 8);
            f[3] = (byte) declaredLength;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                f[2 + i] = (byte) (declaredLength >>> (56 - 8 * i));
            }
        }
        System.arraycopy(MASK, 0, f, header, 4);
        for (int i = 0; i < payload.length; i++) {
            f[header + 4 + i] = (byte) (payload[i] ^ MASK[i & 3]);
        }
        return f;
    }

    /**
     * Overwrites part of a prebuilt masked frame's payload with {@code plain}, masked the same way, so that a flood
     * can vary a few bytes per frame (an action name's suffix) without building each frame anew.
     *
     * @param payloadStart where the payload starts in {@code frame} (after the header and the key)
     * @param offset       the position in the payload of the first byte replaced
     */
    public static void patch(byte[] frame, int payloadStart, int offset, byte[] plain) {
        for (int i = 0; i < plain.length; i++) {
            int at = offset + i;
            frame[payloadStart + at] = (byte) (plain[i] ^ MASK[at & 3]);
        }
    }

    /** Where the payload of {@code frame} (built by {@link #frame}) starts. */
    public static int payloadStart(byte[] frame) {
        int len = frame[1] & 0x7f;
        return (len < 126 ? 2 : len == 126 ? 4 : 10) + 4;
    }

    /** A masked text frame. */
    public static byte[] text(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return frame(0x1, payload, payload.length);
    }

    /** Writes prebuilt bytes (buffered; see {@link #flush}). */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Whether the server ended the connection (or it failed). */
    public boolean ended() {
        return ended;
    }

    /** The last bytes the server sent (at most 200), as Latin-1 text: where to find why it closed. */
    public String lastBytesIn() {
        byte[] t = tail;
        return new String(t, Math.max(0, t.length - 200), Math.min(200, t.length), StandardCharsets.ISO_8859_1);
    }

    /** How many bytes the server sent after the handshake. */
    public long bytesIn() {
        return bytesIn.get();
    }

    /** Drops the connection without a close handshake and without leaving a TIME_WAIT socket behind. */
    @Override
    public void close() throws IOException {
        abort(socket);
    }

    /** Closes {@code socket} with a reset, so that thousands of short connections leave no TIME_WAIT ports. */
    public static void abort(Socket socket) throws IOException {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException alreadyClosed) {
            // Nothing to linger on.
        }
        socket.close();
    }
}
