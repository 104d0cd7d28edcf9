package dev.ocpp.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.testkit.Exchange;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.testkit.SimulatedStation;
import dev.ocpp.v16.messages.HeartbeatRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same fault plans over real WebSockets (Netty, 127.0.0.1, ephemeral port) on real time: the faults act on the
 * transport seam, so they need nothing of the in-memory transport. The plans here have no scheduler, so the faulty
 * transport times its delays on a thread of its own, which its close stops.
 */
class FaultsWebSocketTest {

    private static final String ID = "CP-WS";

    MockCsms csms;
    FaultyTransport faulty;
    SimulatedStation station;

    @AfterEach
    void stop() {
        if (station != null) {
            station.close();
        }
        if (faulty != null) {
            faulty.close();
        }
        if (csms != null) {
            csms.close();
        }
    }

    private void start(FaultPlan plan) throws Exception {
        csms = MockCsms.builder(OcppVersion.OCPP16).webSocket().build();
        faulty = Faults.wrap(csms.stationTransport(), plan);
        // No status reports: the plans count frames, and the station sends only what each test asks for.
        station = SimulatedStation.builder(OcppVersion.OCPP16).identity(ID).endpoint(csms.url()).transport(faulty)
                .retryBackOff(new RetryBackOff(Duration.ofMillis(50), Duration.ZERO, 0)).statusReports(false).build();
        station.start().get(10, TimeUnit.SECONDS);
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    private static boolean timerThreadRunning() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("ocpp-faults-timer-") && t.isAlive());
    }

    @Test
    void duplicatedAndDelayedCallsReachTheCsmsOverAWebSocket() throws Exception {
        start(FaultPlan.seeded(3)
                .duplicateCall(FrameMatch.calls("Heartbeat").sent(), Frequency.nth(1))
                // The first Heartbeat is rule 1's: a frame meets one fault, and later rules do not count it.
                .delay(FrameMatch.calls("Heartbeat").sent(), Duration.ofMillis(200), Frequency.once()));

        station.call(new HeartbeatRequest()).handle((x, e) -> null).get(10, TimeUnit.SECONDS);
        eventually(() -> csms.journal().exchanges("Heartbeat").size() == 2, "the duplicated Heartbeat twice");
        List<Exchange> twice = csms.journal().exchanges("Heartbeat");
        assertThat(twice.get(0).messageId()).isEqualTo(twice.get(1).messageId());

        // The second Heartbeat is held on the transport's own timer, then answered as usual.
        assertThat(station.call(new HeartbeatRequest()).get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(csms.journal().exchanges("Heartbeat")).hasSize(3);
        assertThat(faulty.decisionLog()).hasSize(2)
                .startsWith("conn 1 frame 3 OUT CALL Heartbeat: duplicated (rule 1)");
        // Frame numbers after the duplicate depend on how many answers it drew (one or two, see the in-memory test).
        assertThat(faulty.decisionLog().get(1))
                .matches("conn 1 frame \\d+ OUT CALL Heartbeat: delayed 200 ms \\(rule 2\\)");

        faulty.close();
        // close() waits for the timer's executor to terminate; its worker thread exits a moment after.
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("ocpp-faults-timer-")) {
                t.join(5_000);
            }
        }
        assertThat(timerThreadRunning()).as("the fault timer stopped by close").isFalse();
    }

    @Test
    void connectionCutOverAWebSocketIsReconnected() throws Exception {
        start(FaultPlan.seeded(3).cutOn(FrameMatch.calls("Heartbeat").sent(), Frequency.once()));

        station.call(new HeartbeatRequest()).handle((x, e) -> null);
        eventually(() -> faulty.attempts() == 2 && station.isConnected(), "the station reconnected");
        csms.awaitStation(ID, Duration.ofSeconds(10));

        assertThat(station.call(new HeartbeatRequest()).get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(csms.journal().exchanges("Heartbeat")).hasSize(1);
        assertThat(faulty.decisionLog()).containsExactly(
                "conn 1 frame 3 OUT CALL Heartbeat: lost, connection cut (rule 1)");
    }
}
