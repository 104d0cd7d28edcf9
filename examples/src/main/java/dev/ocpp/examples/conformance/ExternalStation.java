package dev.ocpp.examples.conformance;

import dev.ocpp.testkit.conformance.StationEndpoint;
import dev.ocpp.testkit.conformance.StationUnderTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A station running elsewhere (another process, a real charger) as the station under test, for the
 * {@code conformance --role station} command.
 *
 * <p>The scenario runner makes a fresh mock CSMS for every scenario, each on an ephemeral port of 127.0.0.1. A
 * station configured once cannot follow that, so this adapter listens on one fixed address and relays every
 * connection, byte for byte, to the mock CSMS of the scenario under way. A connection that arrives between scenarios
 * is held until the next one starts; at the end of a scenario ({@link #stop}) the connections are cut, as a power
 * cut would, and the station must connect again, and send BootNotification again, for the next scenario (each
 * scenario expects a cold boot, OCPP 1.6 §4.2, 2.0.1 B01). The relay rewrites the path of the WebSocket upgrade
 * request to the mock's, keeping the last segment, the identity (OCPP-J 1.6 §3.1.1, 2.0.1 Part 4 §3.1.1), so the
 * station may be configured with any path.
 *
 * <p>Threads: one accepts, one per held connection waits for a scenario, two per relayed connection copy bytes; all
 * end once {@link #close} has closed the sockets. At most {@value #MAX_SOCKETS} sockets are held at once; a
 * connection beyond that is closed as it is accepted.
 */
public final class ExternalStation implements StationUnderTest, AutoCloseable {

    /** The largest upgrade request head read before relaying; a station's is a few hundred bytes. */
    private static final int MAX_HEAD = 16 * 1024;
    /**
     * Sockets held at once, station and mock sides together: one station under test needs two, and a peer that
     * opens connections without end must not get a thread for each.
     */
    static final int MAX_SOCKETS = 32;

    private final ServerSocket listener;
    private final String host;
    private final PrintWriter out;
    private final Object lock = new Object();
    private final List<Socket> open = new ArrayList<>();
    private StationEndpoint target;
    private boolean closed;

    /**
     * Listens on {@code host}:{@code port} (0 picks a free port) and starts accepting.
     *
     * @param out receives one line per scenario saying where the station is awaited, and per relayed connection
     */
    public ExternalStation(String host, int port, PrintWriter out) throws IOException {
        this.host = host;
        this.out = out;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        Thread acceptor = new Thread(this::accept, "conformance-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The URL to point the station at, without its identity: {@code ws://host:port/ocpp}. */
    public URI url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("ws://" + h + ":" + listener.getLocalPort() + "/ocpp");
    }

    @Override
    public void start(StationEndpoint endpoint) {
        if (!"ws".equals(endpoint.url().getScheme())) {
            throw new IllegalStateException("the mock CSMS is not on a WebSocket: " + endpoint.url());
        }
        synchronized (lock) {
            target = endpoint;
            lock.notifyAll();
        }
        out.println("  waiting for station " + endpoint.identity() + " (" + endpoint.version().subprotocol()
                + ") at " + url() + "/" + endpoint.identity());
        out.flush();
    }

    /** Cuts the station's connections; it is to connect again for the next scenario. */
    @Override
    public void stop() {
        List<Socket> cut;
        synchronized (lock) {
            target = null;
            cut = new ArrayList<>(open);
            open.clear();
        }
        cut.forEach(ExternalStation::closeQuietly);
    }

    /** Stops listening and cuts every connection. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        closeQuietly(listener);
        stop();
    }

    private void accept() {
        while (true) {
            Socket station;
            try {
                station = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            synchronized (lock) {
                if (closed) {
                    closeQuietly(station);
                    return;
                }
                if (open.size() >= MAX_SOCKETS) {
                    closeQuietly(station);
                    continue;
                }
                open.add(station);
            }
            Thread t = new Thread(() -> relay(station), "conformance-relay-" + station.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    /** Waits for a scenario, connects to its mock CSMS and copies bytes both ways until either side closes. */
    private void relay(Socket station) {
        StationEndpoint to;
        synchronized (lock) {
            while (target == null && !closed && open.contains(station)) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closeQuietly(station);
                    return;
                }
            }
            to = target;
            if (to == null || closed) {
                closeQuietly(station);
                return;
            }
        }
        Socket mock = new Socket();
        try {
            synchronized (lock) {
                if (!open.contains(station)) {
                    return; // the scenario ended meanwhile
                }
                open.add(mock);
            }
            mock.connect(new InetSocketAddress(to.url().getHost(), to.url().getPort()));
            InputStream fromStation = station.getInputStream();
            OutputStream toMock = mock.getOutputStream();
            toMock.write(rewrittenHead(fromStation, to.url().getPath()));
            toMock.flush();
            out.println("  station connected from " + station.getRemoteSocketAddress());
            out.flush();
            Thread back = new Thread(() -> copy(mock, station), "conformance-relay-back-" + station.getPort());
            back.setDaemon(true);
            back.start();
            copy(station, mock);
        } catch (IOException e) {
            closeQuietly(station);
            closeQuietly(mock);
        }
    }

    /**
     * The upgrade request head with its path made {@code mockPath/<last segment>}; the station may have been given
     * another path in front of its identity.
     */
    static byte[] rewrittenHead(InputStream in, String mockPath) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) { // the blank line that ends the head
            int b = in.read();
            if (b < 0) {
                throw new IOException("the station closed before its upgrade request was complete");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
            if (head.size() > MAX_HEAD) {
                throw new IOException("the station's upgrade request is longer than " + MAX_HEAD + " bytes");
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int lineEnd = text.indexOf("\r\n");
        String[] requestLine = text.substring(0, lineEnd).split(" ");
        if (requestLine.length == 3) {
            String path = requestLine[1];
            int query = path.indexOf('?');
            String bare = query < 0 ? path : path.substring(0, query);
            String identity = bare.substring(bare.lastIndexOf('/') + 1);
            requestLine[1] = mockPath + "/" + identity + (query < 0 ? "" : path.substring(query));
            text = String.join(" ", requestLine) + text.substring(lineEnd);
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream o = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                o.write(buffer, 0, n);
                o.flush();
            }
        } catch (IOException e) {
            // cut: by stop(), or by either side
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }

    @Override
    public String toString() {
        return "external station at " + url();
    }
}
