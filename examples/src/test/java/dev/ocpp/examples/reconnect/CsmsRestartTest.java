package dev.ocpp.examples.reconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.transport.tyrus.TyrusClientTransport;
import dev.ocpp.transport.tyrus.TyrusServerTransport;
import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.messages.StatusNotificationRequest;
import dev.ocpp.v16.messages.StatusNotificationResponse;
import dev.ocpp.v16.types.ChargePointErrorCode;
import dev.ocpp.v16.types.ChargePointStatus;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.HeartbeatResponse;
import dev.ocpp.v201.types.BootReasonEnum;
import dev.ocpp.v201.types.ChargingStation;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scenario over real WebSockets on 127.0.0.1: a CSMS is stopped and started again on the same port under
 * running typed stations of both versions. Each station reconnects within the back-off bound, keeps its session
 * object, does not boot again (OCPP-J 1.6 §5.4, OCPP 2.0.1 Part 4 §5.3: a reconnect is not a reboot), and its next
 * call succeeds.
 */
class CsmsRestartTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 6, 12, 0, 0, 0, ZoneOffset.UTC);
    private static final RetryBackOff FAST = new RetryBackOff(Duration.ofMillis(100), Duration.ofMillis(100), 2);
    private static final long WAIT = 20;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Map<String, AtomicInteger> boots = new ConcurrentHashMap<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private int bootsOf(String identity) {
        return boots.computeIfAbsent(identity, k -> new AtomicInteger()).get();
    }

    private Ocpp201Csms csms201(int port) {
        Ocpp201Csms csms = Ocpp201Csms.builder(new TyrusServerTransport()).host("127.0.0.1").port(port).path("/ocpp")
                .on(BootNotificationRequest.class, (b, ctx) -> {
                    boots.computeIfAbsent(ctx.identity(), k -> new AtomicInteger()).incrementAndGet();
                    return new BootNotificationResponse().withStatus(RegistrationStatusEnum.ACCEPTED)
                            .withCurrentTime(NOW).withInterval(300);
                })
                .on(HeartbeatRequest.class, h -> new HeartbeatResponse().withCurrentTime(NOW))
                .build().start();
        toClose.add(csms);
        return csms;
    }

    private Ocpp16CentralSystem cs16(int port) {
        Ocpp16CentralSystem cs = Ocpp16CentralSystem.builder(new TyrusServerTransport()).host("127.0.0.1").port(port)
                .path("/ocpp")
                .on(dev.ocpp.v16.messages.BootNotificationRequest.class, (b, ctx) -> {
                    boots.computeIfAbsent(ctx.identity(), k -> new AtomicInteger()).incrementAndGet();
                    return new dev.ocpp.v16.messages.BootNotificationResponse()
                            .withStatus(dev.ocpp.v16.types.RegistrationStatus.ACCEPTED)
                            .withCurrentTime(NOW).withInterval(300);
                })
                .on(StatusNotificationRequest.class, s -> new StatusNotificationResponse())
                .build().start();
        toClose.add(cs);
        return cs;
    }

    /** Waits for the next event of {@code type} from {@code events}. */
    private static <E extends ConnectionEvent> E next(BlockingQueue<ConnectionEvent> events, Class<E> type)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (true) {
            ConnectionEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(e).as("a %s within %d s", type.getSimpleName(), WAIT).isNotNull();
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    private static void assertWaitsWithinBound(List<ConnectionEvent> seen) {
        Duration bound = FAST.backOff(FAST.repeatTimes()).plus(FAST.randomRange());
        assertThat(seen).filteredOn(e -> e instanceof ConnectionEvent.ReconnectScheduled).isNotEmpty()
                .allSatisfy(e -> assertThat(((ConnectionEvent.ReconnectScheduled) e).delay())
                        .isBetween(FAST.waitMinimum(), bound));
    }

    @Test
    void stationsOfBothVersionsReconnectWithoutBootingAgainAfterTheCsmsRestarts() throws Exception {
        Ocpp201Csms first201 = csms201(0);
        Ocpp16CentralSystem first16 = cs16(0);
        int port201 = first201.port();
        int port16 = first16.port();

        List<ConnectionEvent> seen201 = new java.util.concurrent.CopyOnWriteArrayList<>();
        BlockingQueue<ConnectionEvent> events201 = new LinkedBlockingQueue<>();
        // Closed after the sessions (toClose runs backwards): it owns the threads of their connections.
        TyrusClientTransport transport = new TyrusClientTransport();
        toClose.add(transport);
        Ocpp201ChargingStation station201 = Ocpp201ChargingStation.builder(transport)
                .endpoint(URI.create("ws://127.0.0.1:" + port201 + "/ocpp")).identity("CS-201")
                .bootNotification(new BootNotificationRequest().withReason(BootReasonEnum.POWER_UP)
                        .withChargingStation(new ChargingStation().withVendorName("ACME").withModel("W2")))
                .client(c -> c.retryBackOff(FAST).onConnectionEvent(e -> {
                    seen201.add(e);
                    events201.add(e);
                }))
                .build();
        List<ConnectionEvent> seen16 = new java.util.concurrent.CopyOnWriteArrayList<>();
        BlockingQueue<ConnectionEvent> events16 = new LinkedBlockingQueue<>();
        Ocpp16ChargePoint station16 = Ocpp16ChargePoint.builder(transport)
                .endpoint(URI.create("ws://127.0.0.1:" + port16 + "/ocpp")).identity("CP-16")
                .bootNotification(new dev.ocpp.v16.messages.BootNotificationRequest().withChargePointVendor("ACME")
                        .withChargePointModel("W1"))
                .client(c -> c.retryBackOff(FAST).onConnectionEvent(e -> {
                    seen16.add(e);
                    events16.add(e);
                }))
                .build();

        Ocpp201CsmsSession to201 = station201.start();
        toClose.add(to201::close);
        Ocpp16CentralSystemSession to16 = station16.start();
        toClose.add(to16::close);
        station201.runtime().orElseThrow().accepted().get(WAIT, TimeUnit.SECONDS);
        station16.runtime().orElseThrow().accepted().get(WAIT, TimeUnit.SECONDS);
        assertThat(bootsOf("CS-201")).isEqualTo(1);
        assertThat(bootsOf("CP-16")).isEqualTo(1);

        first201.close();
        first16.close();
        next(events201, ConnectionEvent.Disconnected.class);
        next(events16, ConnectionEvent.Disconnected.class);
        next(events201, ConnectionEvent.ReconnectScheduled.class);
        next(events16, ConnectionEvent.ReconnectScheduled.class);

        csms201(port201);
        cs16(port16);
        ConnectionEvent.Connected back201 = next(events201, ConnectionEvent.Connected.class);
        ConnectionEvent.Connected back16 = next(events16, ConnectionEvent.Connected.class);
        assertThat(back201.session()).isSameAs(to201.session());
        assertThat(back16.session()).isSameAs(to16.session());

        assertThat(to201.call(new HeartbeatRequest()).get(WAIT, TimeUnit.SECONDS).getCurrentTime()).isEqualTo(NOW);
        assertThat(to16.call(new StatusNotificationRequest().withConnectorId(0)
                .withErrorCode(ChargePointErrorCode.NO_ERROR).withStatus(ChargePointStatus.AVAILABLE))
                .get(WAIT, TimeUnit.SECONDS)).isNotNull();
        // The restarted CSMS never saw a BootNotification: the stations knew they had only reconnected.
        assertThat(bootsOf("CS-201")).isEqualTo(1);
        assertThat(bootsOf("CP-16")).isEqualTo(1);
        assertWaitsWithinBound(seen201);
        assertWaitsWithinBound(seen16);
    }
}
