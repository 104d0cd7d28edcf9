package dev.ocpp.transport.testsuite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay in front of a server that can go silent: after {@link #silence()}, the connections it relays
 * stay open but every byte is swallowed in both directions, as with a peer that hangs or a path that drops
 * everything (half-open). Connections made after that are relayed normally.
 */
public final class SilenceableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** Relays every connection made to {@link #port()} to {@code targetPort} on the loopback address. */
    public SilenceableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "test-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port to connect to instead of the server's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Every connection open now swallows all further bytes, both ways, without closing. */
    public void silence() {
        pairs.forEach(p -> p.silent = true);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Pair p = new Pair(client, server);
                pairs.add(p);
                pump(p, client, server);
                pump(p, server, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Pair pair, Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!pair.silent) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side went away; the pair is closed below
            } finally {
                pair.close();
            }
        }, "test-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        pairs.forEach(Pair::close);
    }

    private static final class Pair {
        final Socket a;
        final Socket b;
        volatile boolean silent;

        Pair(Socket a, Socket b) {
            this.a = a;
            this.b = b;
        }

        void close() {
            try {
                a.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                b.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
