package dev.ocpp.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.FrameListener.Direction;
import dev.ocpp.examples.support.ExchangeLog;
import dev.ocpp.examples.testing.TestTransports;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code demo} logic, end to end, in-process: over real WebSockets, and over the in-memory transport. */
class DemoTest {

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"tyrus", "in-memory"})
    void demoWithStationsOfBothVersionsSucceedsAndSummarisesWhatWasExchanged(String transport) {
        List<String> live = new CopyOnWriteArrayList<>();
        DemoReport report = new Demo(TestTransports.named(transport), live::add, Duration.ofSeconds(20)).run();

        assertThat(report.problems()).isEmpty();
        assertThat(report.success()).isTrue();
        assertThat(report.connections()).containsExactlyInAnyOrder(
                new ExchangeLog.Connection("CP16-001", "ocpp1.6"),
                new ExchangeLog.Connection("CP16-002", "ocpp1.6"),
                new ExchangeLog.Connection("CP201-001", "ocpp2.0.1"),
                new ExchangeLog.Connection("CP201-002", "ocpp2.0.1"));

        // Every station booted once, answered by the CSMS, and reported its connector after the boot and through its
        // online session (1.6 Available, then Preparing, Charging, Finishing, Available; 2.0.1 Available, then
        // Occupied, Available): 16. A station cut off reports no status offline; back online it reports what
        // changed, which may catch its last session between the stop and the unplug (two more each).
        assertThat(count(report, Direction.IN, "CALL", "BootNotification")).isEqualTo(4);
        assertThat(count(report, Direction.OUT, "CALLRESULT", "BootNotification")).isEqualTo(4);
        assertThat(count(report, Direction.IN, "CALL", "StatusNotification")).isBetween(16L, 20L);
        assertThat(count(report, Direction.IN, "CALL", "Heartbeat")).isGreaterThanOrEqualTo(4L * Demo.HEARTBEATS);
        // Every station charged once: 1.6 with StartTransaction, three MeterValues and StopTransaction; 2.0.1 with
        // TransactionEvent Started, Updated (authorized), three Updated and Ended. One station of each version
        // charged once more through the network cut, without Authorize (it had no connection when the session began);
        // each message arrived once, none twice and none lost.
        assertThat(count(report, Direction.IN, "CALL", "Authorize")).isEqualTo(4);
        for (String action : List.of("StartTransaction", "StopTransaction")) {
            assertThat(count(report, Direction.IN, "CALL", action)).as(action).isEqualTo(3);
            assertThat(count(report, Direction.OUT, "CALLRESULT", action)).as(action).isEqualTo(3);
        }
        assertThat(count(report, Direction.IN, "CALL", "MeterValues")).isEqualTo(9);
        assertThat(count(report, Direction.IN, "CALL", "TransactionEvent")).isEqualTo(18);
        assertThat(count(report, Direction.OUT, "CALLRESULT", "TransactionEvent")).isEqualTo(18);
        // The CSMS's own typed calls, each answered: 1.6 GetConfiguration and GetLocalListVersion, 2.0.1 GetVariables.
        assertThat(count(report, Direction.OUT, "CALL", "GetConfiguration")).isEqualTo(2);
        assertThat(count(report, Direction.IN, "CALLRESULT", "GetConfiguration")).isEqualTo(2);
        assertThat(count(report, Direction.IN, "CALLRESULT", "GetLocalListVersion")).isEqualTo(2);
        assertThat(count(report, Direction.OUT, "CALL", "GetVariables")).isEqualTo(2);
        assertThat(count(report, Direction.IN, "CALLRESULT", "GetVariables")).isEqualTo(2);

        assertThat(report.summary())
                .contains("CP16-001", "CP201-002", "ocpp1.6", "ocpp2.0.1")
                .contains("BootNotification", "Heartbeat", "StatusNotification", "GetConfiguration",
                        "GetVariables", "TransactionEvent")
                .contains("station->CSMS", "CSMS->station")
                .contains("GetConfiguration HeartbeatInterval=", "GetLocalListVersion -> 0")
                .contains("GetVariables OCPPCommCtrlr.HeartbeatInterval=1 ChargingStation.Model=DemoStation")
                .contains("CALLERRORs: none")
                .contains("Result: OK");
        assertThat(report.stations()).allSatisfy(line -> assertThat(line)
                .contains("booted", "heartbeats").containsPattern("charged \\d+ Wh in transaction"));
        // The restart scene: the CSMS dropped every connection; every station came back by itself (without booting
        // again: BootNotification stays at 4 above) and carried on with a heartbeat on its new connection.
        assertThat(report.summary())
                .contains("The CSMS dropped 4 connections (1012 Service restart)")
                .contains("Restart scene (every station reconnects by itself and carries on)");
        assertThat(report.stations()).hasSize(4).allSatisfy(line -> assertThat(line)
                .containsPattern("reconnected after \\d+ ms, carried on"));
        for (String station : List.of("CP16-001", "CP16-002", "CP201-001", "CP201-002")) {
            assertThat(report.summary()).containsPattern(station + " +reconnected after \\d+ ms, no new "
                    + "BootNotification, heartbeat answered on the new connection");
        }
        assertThat(report.stations()).filteredOn(line -> line.contains("ocpp2.0.1")).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("GetVariables")
                        .contains("(TransactionEvent Started, 4 Updated, Ended; seqNo 0-5)"));
        assertThat(report.stations()).filteredOn(line -> line.contains("ocpp1.6")).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("GetConfiguration", "GetLocalListVersion -> 0"));
        // The network cut scene: both stations queued their whole session offline, and every message queued then was
        // delivered, as their delivery listeners counted.
        assertThat(report.summary()).contains("Network cut scene");
        assertThat(report.offline()).isNotEmpty();
        String tally = report.offline().get(report.offline().size() - 1);
        Matcher m = Pattern.compile("(\\d+) messages queued offline, (\\d+) delivered, (\\d+) lost").matcher(tally);
        assertThat(m.matches()).as(tally).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("queued offline").isPositive();
        assertThat(m.group(2)).as("delivered").isEqualTo(m.group(1));
        assertThat(m.group(3)).as("lost").isEqualTo("0");
        assertThat(report.stations()).filteredOn(line -> line.startsWith("CP16-002") || line.startsWith("CP201-002"))
                .hasSize(2).allSatisfy(line -> assertThat(line).containsPattern("charged \\d+ Wh offline"));
        // The live log shows frames and connections as they happen.
        assertThat(live).anySatisfy(line -> assertThat(line).contains("connected with subprotocol ocpp2.0.1"));
        assertThat(live).anySatisfy(line -> assertThat(line).contains("disconnected"));
    }

    private static long count(DemoReport report, Direction direction, String type, String action) {
        return report.counts().getOrDefault(new ExchangeLog.Key(direction, type, action), 0L);
    }
}
