package dev.ocpp.transport.testsuite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.ConnectionLimits;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionLimits} on the wire, for server transports that own their sockets: caps on connections and on
 * pending (not yet upgraded) handshakes, per remote address and in total, and the handshake timeout.
 *
 * <p>Attackers connect from 127.0.0.2 (and 127.0.0.3 to 127.0.0.5 where a test needs several addresses), real
 * stations from 127.0.0.1: on Linux the whole 127.0.0.0/8 is the loopback, so a client socket bound to 127.0.0.2
 * reaches a server on 127.0.0.1 and the server sees 127.0.0.2 as its peer. A socket the server refuses is closed by
 * it: the client reads end of stream (or a reset). Except where a test is about the handshake timeout, the timeout is
 * set far beyond {@link Await#WAIT}, so that a socket seen closed was closed by a cap, not by the timeout.
 */
public abstract class ConnectionLimitConformance extends ConformanceBase {

    private static final InetAddress STATION = address("127.0.0.1");
    private static final InetAddress ATTACKER = RawWebSocket.ATTACKER;
    /** Far beyond any wait of the suite: nothing a test sees closed was closed by the handshake timeout. */
    private static final Duration NEVER = Duration.ofMinutes(10);

    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final List<RawWebSocket> raws = new CopyOnWriteArrayList<>();

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void closeClientSockets() {
        for (Peer p : peers) {
            p.close();
        }
        for (RawWebSocket r : raws) {
            try {
                r.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private TransportServer serverWith(UnaryOperator<ConnectionLimits.Builder> limits) throws Exception {
        return startServer(b -> b.connectionLimits(limits.apply(ConnectionLimits.builder()).build()));
    }

    @Test
    void stationUpgradesAndTalksWhileAnotherAddressHoldsThousandsOfSilentSockets() throws Exception {
        TransportServer server = serverWith(l -> l); // the defaults: 16 pending handshakes per address
        List<Peer> attacker = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            attacker.add(silent(ATTACKER, server));
        }

        Await.until("all but the per-address pending cap of the attacker's sockets closed by the server",
                () -> closedCount(attacker) >= 2_000 - ConnectionLimits.DEFAULT_MAX_PENDING_HANDSHAKES_PER_ADDRESS);

        RecordingListener station = new RecordingListener();
        TransportConnection client = connect(server, station);
        RecordingListener serverSide = handler.nextConnection();
        serverSide.awaitOpen();
        client.sendText("[2,\"1\",\"Heartbeat\",{}]");
        assertThat(serverSide.nextText()).isEqualTo("[2,\"1\",\"Heartbeat\",{}]");
        serverSide.awaitOpen().sendText("[3,\"1\",{}]");
        assertThat(station.nextText()).isEqualTo("[3,\"1\",{}]");
        assertThat(handler.hasUntakenConnection()).as("no attacker socket was upgraded").isFalse();
    }

    @Test
    void perAddressPendingCapClosesTheExtraSocketsWithoutWaitingForTheHandshakeTimeout() throws Exception {
        TransportServer server = serverWith(l -> l.maxPendingHandshakesPerAddress(4).handshakeTimeout(NEVER));
        List<Peer> attacker = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            attacker.add(silent(ATTACKER, server));
        }

        Await.until("6 of 10 sockets closed", () -> closedCount(attacker) >= 6);

        assertThat(closedCount(attacker)).as("the 4 admitted are still held").isEqualTo(6);
        assertThat(upgrade(STATION, server, "CP1").status).as("another address still gets in").isEqualTo(101);
        Peer oneMore = silent(ATTACKER, server);
        Await.until("the attacker's next socket closed", oneMore::isClosedByServer);
    }

    @Test
    void totalPendingCapClosesTheOldestPendingHandshakeWhenANewOneArrives() throws Exception {
        TransportServer server = serverWith(l -> l.maxPendingHandshakes(3).handshakeTimeout(NEVER));
        Peer oldest = silent(ATTACKER, server);
        awaitAccepted(server, "S1");
        Peer second = silent(address("127.0.0.3"), server);
        awaitAccepted(server, "S2");
        Peer third = silent(address("127.0.0.4"), server);
        assertThat(List.of(oldest, second, third)).noneMatch(Peer::isClosedByServer);

        Peer newest = silent(address("127.0.0.5"), server);

        Await.until("the oldest pending socket closed", oldest::isClosedByServer);
        assertThat(List.of(second, third, newest)).noneMatch(Peer::isClosedByServer);
    }

    @Test
    void connectionCapsCountUpgradedConnectionsAndRefuseNewSockets() throws Exception {
        TransportServer server = serverWith(l -> l.maxConnections(3).maxConnectionsPerAddress(2)
                .handshakeTimeout(NEVER));
        RawWebSocket first = upgrade(STATION, server, "CP1");
        upgrade(STATION, server, "CP2");
        assertThat(first.status).isEqualTo(101);

        Peer thirdFromStationAddress = silent(STATION, server);
        Await.until("the address's third socket closed", thirdFromStationAddress::isClosedByServer);

        assertThat(upgrade(ATTACKER, server, "CP3").status).as("another address fits under the server cap")
                .isEqualTo(101);
        Peer fourthOnServer = silent(ATTACKER, server);
        Await.until("the server's fourth socket closed", fourthOnServer::isClosedByServer);

        first.close();
        Await.until("a station gets in once a connection closed", () -> tryUpgrade(ATTACKER, server, "CP4"));
    }

    @Test
    void shortHandshakeTimeoutClosesASilentSocketAndAHalfSentRequest() throws Exception {
        TransportServer server = serverWith(l -> l.handshakeTimeout(Duration.ofMillis(300)));
        Peer silent = silent(ATTACKER, server);
        Peer halfSent = silent(ATTACKER, server);
        halfSent.write("GET /ocpp/CP1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");

        Await.until("the silent socket closed", silent::isClosedByServer);
        Await.until("the half-sent request closed", halfSent::isClosedByServer);
    }

    @Test
    void slotsAreReleasedSoThatAfterManyOpenCloseCyclesTheAddressStillGetsItsFullShare() throws Exception {
        TransportServer server = serverWith(l -> l.maxConnectionsPerAddress(4).maxPendingHandshakesPerAddress(4)
                .handshakeTimeout(NEVER));
        for (int i = 0; i < 500; i++) {
            Peer p = silent(ATTACKER, server);
            if (i % 2 == 0) {
                p.write("GET /ocpp/CP1 HTTP/1.1\r\n");
            }
            p.close();
        }

        // A slot leaked by any of the 500 would leave fewer than 4 for the address forever.
        for (int i = 0; i < 4; i++) {
            String identity = "CP" + i;
            Await.until("station " + identity + " from the cycled address gets in",
                    () -> tryUpgrade(ATTACKER, server, identity));
        }
        Peer fifth = silent(ATTACKER, server);
        Await.until("the address's fifth connection closed", fifth::isClosedByServer);
    }

    @Test
    void limitsCarriedThroughToBuilderAreEnforced() throws Exception {
        ServerTransportConfig config = ServerTransportConfig.builder()
                .host("127.0.0.1").port(0).path(PATH).subprotocols(BOTH).pingInterval(Duration.ZERO)
                .connectionLimits(ConnectionLimits.builder().maxPendingHandshakesPerAddress(1).handshakeTimeout(NEVER)
                        .build())
                .build()
                .toBuilder().port(0).build();
        try (TransportServer server = fixture().serverFactory().start(config, handler)) {
            List<Peer> attacker = List.of(silent(ATTACKER, server), silent(ATTACKER, server));

            Await.until("one of the two sockets closed", () -> closedCount(attacker) >= 1);
            assertThat(closedCount(attacker)).isEqualTo(1);
        }
    }

    /**
     * Waits until a station from 127.0.0.1 has upgraded and its first message has reached the server: the server has
     * then also accepted every socket connected before it (transports admit in accept order, or close to it), and
     * the station no longer counts as a pending handshake. The station stays connected.
     */
    private void awaitAccepted(TransportServer server, String identity) throws Exception {
        RawWebSocket raw = upgrade(STATION, server, identity);
        assertThat(raw.status).isEqualTo(101);
        raw.sendText("barrier");
        assertThat(handler.nextConnection().nextText()).isEqualTo("barrier");
    }

    private RawWebSocket upgrade(InetAddress from, TransportServer server, String identity) throws IOException {
        RawWebSocket raw = RawWebSocket.connectFrom(from, server.localAddress(), PATH + "/" + identity, Map.of());
        raws.add(raw);
        return raw;
    }

    /** One upgrade attempt; false if the server refused the socket (closed it before answering). */
    private boolean tryUpgrade(InetAddress from, TransportServer server, String identity) {
        try {
            return upgrade(from, server, identity).status == 101;
        } catch (IOException refused) {
            return false;
        }
    }

    private Peer silent(InetAddress from, TransportServer server) throws IOException {
        Peer p = new Peer(from, server.localAddress());
        peers.add(p);
        return p;
    }

    private static int closedCount(List<Peer> sockets) {
        int closed = 0;
        for (Peer p : sockets) {
            if (p.isClosedByServer()) {
                closed++;
            }
        }
        return closed;
    }

    /** A client socket that says nothing unless told to, and can tell without blocking whether the server closed it. */
    private static final class Peer {
        private final SocketChannel channel;
        private final ByteBuffer sink = ByteBuffer.allocate(512);
        private volatile boolean closedByServer;

        Peer(InetAddress from, InetSocketAddress server) throws IOException {
            channel = SocketChannel.open();
            try {
                channel.bind(new InetSocketAddress(from, 0));
                channel.connect(server);
                channel.configureBlocking(false);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }

        void write(String text) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        /** Whether the server has closed the connection: end of stream, or reset. Anything it sent is dropped. */
        synchronized boolean isClosedByServer() {
            if (closedByServer) {
                return true;
            }
            try {
                int n;
                do {
                    sink.clear();
                    n = channel.read(sink);
                } while (n > 0);
                closedByServer = n < 0;
            } catch (IOException reset) {
                closedByServer = true;
            }
            return closedByServer;
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }
}
