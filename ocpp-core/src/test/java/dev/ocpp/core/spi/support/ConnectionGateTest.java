package dev.ocpp.core.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.spi.ConnectionLimits;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The accounting of {@link ConnectionLimits} at accept. */
class ConnectionGateTest {

    private static final InetAddress STATION = address("127.0.0.1");
    private static final InetAddress ATTACKER = address("127.0.0.2");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConnectionGate gate(java.util.function.UnaryOperator<ConnectionLimits.Builder> limits) {
        return new ConnectionGate(limits.apply(ConnectionLimits.builder()).build());
    }

    @Test
    void refusesPastThePerAddressPendingCapButAdmitsOtherAddresses() {
        ConnectionGate gate = gate(l -> l.maxPendingHandshakesPerAddress(2));
        assertThat(gate.admit(ATTACKER, () -> { })).isNotNull();
        assertThat(gate.admit(ATTACKER, () -> { })).isNotNull();

        assertThat(gate.admit(ATTACKER, () -> { })).isNull();
        assertThat(gate.admit(STATION, () -> { })).isNotNull();
        assertThat(gate.refusedCount()).isEqualTo(1);
    }

    @Test
    void upgradedConnectionsLeaveThePendingCapButCountTowardsConnectionCaps() {
        ConnectionGate gate = gate(l -> l.maxPendingHandshakesPerAddress(1).maxConnectionsPerAddress(2));
        gate.admit(STATION, () -> { }).upgraded();
        ConnectionGate.Ticket second = gate.admit(STATION, () -> { });
        assertThat(second).isNotNull();
        second.upgraded();

        assertThat(gate.admit(STATION, () -> { })).as("third connection of the address").isNull();
        assertThat(gate.pendingCount()).isZero();
        assertThat(gate.connectionCount()).isEqualTo(2);
    }

    @Test
    void refusesPastTheServerConnectionCap() {
        ConnectionGate gate = gate(l -> l.maxConnections(2));
        gate.admit(STATION, () -> { }).upgraded();
        gate.admit(ATTACKER, () -> { });

        assertThat(gate.admit(address("127.0.0.3"), () -> { })).isNull();
    }

    @Test
    void atTheTotalPendingCapTheOldestPendingHandshakeIsClosedAndTheNewcomerAdmitted() {
        ConnectionGate gate = gate(l -> l.maxPendingHandshakes(2));
        List<String> closed = new ArrayList<>();
        ConnectionGate.Ticket first = gate.admit(address("127.0.0.2"), () -> closed.add("first"));
        gate.admit(address("127.0.0.3"), () -> closed.add("second"));

        ConnectionGate.Ticket third = gate.admit(address("127.0.0.4"), () -> closed.add("third"));

        assertThat(third).isNotNull();
        assertThat(closed).containsExactly("first");
        assertThat(first.isPending()).isFalse();
        assertThat(gate.pendingCount()).isEqualTo(2);
        assertThat(gate.evictedCount()).isEqualTo(1);
        first.closed();
        assertThat(gate.connectionCount()).isEqualTo(2);
    }

    @Test
    void anUpgradedConnectionIsNeverClosedToMakeRoom() {
        ConnectionGate gate = gate(l -> l.maxPendingHandshakes(1));
        List<String> closed = new ArrayList<>();
        gate.admit(STATION, () -> closed.add("station")).upgraded();
        gate.admit(ATTACKER, () -> closed.add("a1"));
        gate.admit(ATTACKER, () -> closed.add("a2"));

        assertThat(closed).containsExactly("a1");
    }

    @Test
    void closingReleasesEverythingAndForgetsTheAddress() {
        ConnectionGate gate = gate(l -> l.maxPendingHandshakesPerAddress(1));
        ConnectionGate.Ticket pending = gate.admit(ATTACKER, () -> { });
        ConnectionGate.Ticket open = gate.admit(STATION, () -> { });
        open.upgraded();

        pending.closed();
        pending.closed(); // idempotent
        open.closed();
        open.upgraded(); // after close: no effect

        assertThat(gate.connectionCount()).isZero();
        assertThat(gate.pendingCount()).isZero();
        assertThat(gate.trackedAddressCount()).isZero();
        assertThat(gate.admit(ATTACKER, () -> { })).isNotNull();
    }

    @Test
    void ipv6AddressesAreCountedPerSlash64() {
        ConnectionGate gate = gate(l -> l.maxPendingHandshakesPerAddress(1));
        assertThat(gate.admit(address("2001:db8:1:2::1"), () -> { })).isNotNull();

        assertThat(gate.admit(address("2001:db8:1:2::99"), () -> { })).as("same /64").isNull();
        assertThat(gate.admit(address("2001:db8:1:3::1"), () -> { })).as("another /64").isNotNull();
    }

    @Test
    void unknownAddressesAreCountedTogether() {
        ConnectionGate gate = gate(l -> l.maxPendingHandshakesPerAddress(1));
        assertThat(gate.admit(null, () -> { })).isNotNull();
        assertThat(gate.admit(null, () -> { })).isNull();
    }

    @Test
    void aFailingCloseOfTheOldestDoesNotStopTheAdmission() {
        ConnectionGate gate = gate(l -> l.maxPendingHandshakes(1));
        gate.admit(ATTACKER, () -> {
            throw new IllegalStateException("broken channel");
        });
        assertThat(gate.admit(STATION, () -> { })).isNotNull();
    }

    @Test
    void manyThreadsAdmittingUpgradingAndClosingLeaveTheGateEmpty() throws Exception {
        ConnectionGate gate = gate(l -> l.maxConnections(500).maxConnectionsPerAddress(100).maxPendingHandshakes(50)
                .maxPendingHandshakesPerAddress(8));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger limitBroken = new AtomicInteger();
        ConcurrentLinkedQueue<ConnectionGate.Ticket> evictedToClose = new ConcurrentLinkedQueue<>();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                List<ConnectionGate.Ticket> mine = new ArrayList<>();
                for (int i = 0; i < 20_000; i++) {
                    InetAddress a = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + random.nextInt(6))});
                    ConnectionGate.Ticket[] self = new ConnectionGate.Ticket[1];
                    ConnectionGate.Ticket ticket = gate.admit(a, () -> evictedToClose.add(self[0]));
                    self[0] = ticket;
                    if (ticket != null) {
                        if (random.nextBoolean()) {
                            ticket.upgraded();
                        }
                        mine.add(ticket);
                    }
                    if (gate.pendingCount() > 50 || gate.connectionCount() > 500) {
                        limitBroken.incrementAndGet();
                    }
                    if (!mine.isEmpty() && random.nextInt(3) > 0) {
                        mine.remove(random.nextInt(mine.size())).closed();
                    }
                }
                mine.forEach(ConnectionGate.Ticket::closed);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        evictedToClose.forEach(t -> {
            if (t != null) {
                t.closed();
            }
        });

        assertThat(limitBroken).hasValue(0);
        assertThat(gate.connectionCount()).isZero();
        assertThat(gate.pendingCount()).isZero();
        assertThat(gate.trackedAddressCount()).isZero();
    }

    @Test
    void limitsAreValidatedAndCarriedByToBuilder() {
        assertThatThrownBy(() -> ConnectionLimits.builder().maxConnections(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectionLimits.builder().maxPendingHandshakesPerAddress(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectionLimits.builder().handshakeTimeout(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectionLimits.builder().handshakeTimeout(null))
                .isInstanceOf(NullPointerException.class);
        ConnectionLimits limits = ConnectionLimits.builder().maxConnections(7).maxConnectionsPerAddress(6)
                .maxPendingHandshakes(5).maxPendingHandshakesPerAddress(4)
                .handshakeTimeout(java.time.Duration.ofMillis(300)).build();
        assertThat(limits.toBuilder().build()).isEqualTo(limits);
        assertThat(ConnectionLimits.defaults().maxConnections()).isEqualTo(10_000);
        assertThat(ConnectionLimits.defaults().maxConnectionsPerAddress()).isEqualTo(1_000);
        assertThat(ConnectionLimits.defaults().maxPendingHandshakes()).isEqualTo(1_000);
        assertThat(ConnectionLimits.defaults().maxPendingHandshakesPerAddress()).isEqualTo(16);
        assertThat(ConnectionLimits.defaults().handshakeTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
    }

    @Test
    void serverTransportConfigCarriesLimitsThroughToBuilder() {
        ConnectionLimits limits = ConnectionLimits.builder().maxPendingHandshakesPerAddress(3).build();
        dev.ocpp.core.spi.ServerTransportConfig config = dev.ocpp.core.spi.ServerTransportConfig.builder()
                .connectionLimits(limits).build();

        assertThat(config.toBuilder().port(1234).build().connectionLimits()).isEqualTo(limits);
        assertThat(dev.ocpp.core.spi.ServerTransportConfig.builder().build().connectionLimits())
                .isEqualTo(ConnectionLimits.defaults());
    }

    @Test
    void refusalsAreLoggedAsOneSummaryAMinuteAtMost() {
        long[] now = {0};
        List<String> warnings = new ArrayList<>();
        ConnectionGate gate = new ConnectionGate(ConnectionLimits.builder().maxPendingHandshakesPerAddress(1).build(),
                () -> now[0], warnings::add);
        gate.admit(ATTACKER, () -> { });

        for (int i = 0; i < 10_000; i++) {
            gate.admit(ATTACKER, () -> { });
        }
        assertThat(warnings).hasSize(1);

        now[0] += TimeUnit.SECONDS.toNanos(61);
        gate.admit(ATTACKER, () -> { });

        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1)).contains("10000 connection(s) refused")
                .contains("maxPendingHandshakesPerAddress 1").contains("127.0.0.2");
    }
}
