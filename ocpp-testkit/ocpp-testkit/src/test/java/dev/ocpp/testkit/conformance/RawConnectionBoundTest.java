package dev.ocpp.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.testkit.Journal;
import dev.ocpp.testkit.Role;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A peer that floods a scenario's raw connection cannot grow its queue of received frames past
 * {@link RawConnection#MAX_RECEIVED}: the oldest frames go, the newest wait, and the connection stays usable.
 */
class RawConnectionBoundTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int FLOOD = 5 * RawConnection.MAX_RECEIVED;

    @Test
    void aCsmsFloodingTheConnectionLeavesAtMostTheBoundWaitingAndTheNewestFramesFirst() throws Exception {
        InMemoryNetwork network = new InMemoryNetwork();
        List<TransportConnection> peers = new CopyOnWriteArrayList<>();
        TransportServer server = start(network, "CP-FLOOD", peers);
        try (RawConnection raw = RawConnection.open(network.clientTransport(),
                URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + "/ocpp"), "CP-FLOOD",
                OcppVersion.OCPP16, null, new Journal(Role.STATION), WAIT)) {
            TransportConnection csms = peers.get(0);
            for (int i = 1; i <= FLOOD; i++) {
                csms.sendText("[2,\"flood-" + i + "\",\"Heartbeat\",{}]").toCompletableFuture()
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            await(() -> raw.framesReceived() == FLOOD, "every frame of the flood to arrive");

            assertThat(raw.framesWaiting()).isEqualTo(RawConnection.MAX_RECEIVED);
            assertThat(raw.framesDropped()).isEqualTo(FLOOD - RawConnection.MAX_RECEIVED);
            int firstKept = FLOOD - RawConnection.MAX_RECEIVED + 1;
            assertThat(raw.receive(WAIT)).contains("[2,\"flood-" + firstKept + "\",\"Heartbeat\",{}]");
            assertThat(raw.framesWaiting()).isEqualTo(RawConnection.MAX_RECEIVED - 1);
            assertThat(raw.isOpen()).isTrue();
        } finally {
            server.close();
        }
    }

    @Test
    void framesBelowTheBoundAreAllKeptInOrder() throws Exception {
        InMemoryNetwork network = new InMemoryNetwork();
        List<TransportConnection> peers = new CopyOnWriteArrayList<>();
        TransportServer server = start(network, "CP-FEW", peers);
        try (RawConnection raw = RawConnection.open(network.clientTransport(),
                URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + "/ocpp"), "CP-FEW",
                OcppVersion.OCPP16, null, new Journal(Role.STATION), WAIT)) {
            for (int i = 1; i <= 3; i++) {
                peers.get(0).sendText("frame " + i).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            await(() -> raw.framesReceived() == 3, "the three frames");

            assertThat(raw.framesDropped()).isZero();
            List<Optional<String>> got = List.of(raw.receive(WAIT), raw.receive(WAIT), raw.receive(WAIT));
            assertThat(got).containsExactly(Optional.of("frame 1"), Optional.of("frame 2"), Optional.of("frame 3"));
        } finally {
            server.close();
        }
    }

    /** A server that accepts {@code identity} and hands its side of each connection to {@code peers}. */
    private static TransportServer start(InMemoryNetwork network, String identity, List<TransportConnection> peers)
            throws Exception {
        String subprotocol = OcppVersion.OCPP16.subprotocol();
        return network.serverTransport().start(ServerTransportConfig.builder().host("127.0.0.1").port(0)
                .path("/ocpp").subprotocols(List.of(subprotocol)).build(), new ServerConnectionHandler() {
                    @Override
                    public HandshakeDecision onHandshake(HandshakeRequest request) {
                        return HandshakeDecision.accept(identity, subprotocol, null);
                    }

                    @Override
                    public TransportListener onConnected(TransportConnection connection) {
                        peers.add(connection);
                        return new TransportListener() { };
                    }
                });
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(2);
        }
    }
}
