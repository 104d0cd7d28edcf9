package dev.ocpp.transport.testsuite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay in front of a server that can go silent: after {@link #silence()}, the connections it relays
 * stay open but every byte is swallowed in both directions, as with a peer that hangs or a path that drops
 * everything (half-open). Connections made after that are relayed normally. It counts the bytes it relays, so that a
 * test can see how much went over the wire (compression).
 */
public final class SilenceableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private final AtomicLong toServer = new AtomicLong();
    private final AtomicLong toClients = new AtomicLong();

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

    /**
     * The bytes relayed from clients to the server so far, counted before they are passed on: once the server has
     * seen a byte, it is counted.
     */
    public long bytesToServer() {
        return toServer.get();
    }

    /** The bytes relayed from the server to clients so far, counted like {@link #bytesToServer()}. */
    public long bytesToClients() {
        return toClients.get();
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
                pump(p, client, server, toServer);
                pump(p, server, client, toClients);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Pair pair, Socket from, Socket to, AtomicLong relayed) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!pair.silent) {
                        relayed.addAndGet(n);
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
