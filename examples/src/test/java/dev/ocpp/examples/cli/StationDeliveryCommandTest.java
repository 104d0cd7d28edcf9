package dev.ocpp.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.AsyncCallHandler;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.FrameListener.Direction;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.examples.csms.Csms16Handlers;
import dev.ocpp.examples.csms.Csms201Handlers;
import dev.ocpp.examples.station.ChargingSession;
import dev.ocpp.examples.station.StationSimulator;
import dev.ocpp.examples.testing.FrameRecorder;
import dev.ocpp.examples.testing.FrameRecorder.Seen;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code station} command's charging sessions through the delivery queue, both versions, against the example
 * CSMS's handlers on an ephemeral loopback port over WebSockets: {@code --transactions N} one after another, and
 * {@code --store DIR}, with which a station switched off mid-transaction ends that transaction (reason PowerLoss) at
 * its next start on the same directory. The CSMS records every frame, so the tests judge what reached it.
 */
class StationDeliveryCommandTest {

    /** Generous: a restarted station boots, then its queue replays before the recovery goes out. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ID16 = "CP16-Q";
    private static final String ID201 = "CS201-Q";

    private final FrameRecorder wire = new FrameRecorder();
    private final StationCommandRunner runner = new StationCommandRunner(WAIT);
    /** How many StartTransactions the CSMS answers with a CALLERROR before it answers them again. */
    private final AtomicInteger refusedStarts = new AtomicInteger();
    private OcppServer csms;

    @TempDir
    Path store;

    @BeforeEach
    void startCsms() {
        Handlers handlers16 = Csms16Handlers.create(Duration.ofSeconds(3600), Clock.systemUTC());
        AsyncCallHandler start = handlers16.handler("StartTransaction").orElseThrow();
        // A long heartbeat interval keeps Heartbeats out of the exchanges under test.
        csms = OcppServer.builder(runner.transports().server())
                .host("127.0.0.1")
                .port(0)
                .path("/ocpp")
                .serve(OcppVersion.OCPP16, handlers16.toBuilder()
                        .onAsync("StartTransaction", call -> refusedStarts.getAndDecrement() > 0
                                ? CompletableFuture.failedFuture(new CallErrorException(ErrorCode.INTERNAL_ERROR,
                                        "cannot store transactions now"))
                                : start.handle(call))
                        .build())
                .serve(OcppVersion.OCPP201, Csms201Handlers.create(Duration.ofSeconds(3600), Clock.systemUTC(),
                        null))
                .sessionConfig(SessionConfig.builder().frameListener(wire).build())
                .build()
                .start();
    }

    @AfterEach
    void stopAll() throws Exception {
        runner.stopAll();
        csms.close();
    }

    @Test
    void threeTransactionsOf16ReachTheCsmsCompleteAndInOrderEachWithTheIdItAssigned() throws Exception {
        StationSimulator station = runner.start(url(), ID16, "ocpp1.6", "--transactions", "3",
                "--meter-interval", "0");

        List<ChargingSession> sessions = station.sessions().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(sessions).hasSize(3);
        List<Seen> calls = callsIn(ID16, Set.of("StartTransaction", "MeterValues", "StopTransaction"));
        assertThat(calls).extracting(Seen::action).containsExactly(
                "StartTransaction", "MeterValues", "MeterValues", "MeterValues", "StopTransaction",
                "StartTransaction", "MeterValues", "MeterValues", "MeterValues", "StopTransaction",
                "StartTransaction", "MeterValues", "MeterValues", "MeterValues", "StopTransaction");
        int previousId = 0;
        int previousStop = -1;
        for (int t = 0; t < 3; t++) {
            Seen start = calls.get(5 * t);
            int id = wire.awaitResultOf(start, WAIT).payload().get("transactionId").asInt();
            assertThat(id).as("transaction %d gets a new id", t + 1).isGreaterThan(previousId);
            assertThat(start.payload().get("meterStart").asInt()).isGreaterThanOrEqualTo(previousStop);
            for (Seen later : calls.subList(5 * t + 1, 5 * t + 5)) {
                assertThat(later.payload().get("transactionId").asInt()).as(later.text()).isEqualTo(id);
            }
            ObjectNode stop = calls.get(5 * t + 4).payload();
            assertThat(stop.get("reason").asText()).isEqualTo("Local");
            assertThat(sessions.get(t).transactionId()).isEqualTo(String.valueOf(id));
            assertThat(sessions.get(t).meterStopWh()).isEqualTo(stop.get("meterStop").asInt());
            previousId = id;
            previousStop = stop.get("meterStop").asInt();
        }
        assertThat(callsIn(ID16, Set.of("Authorize"))).hasSize(3);
        // The listener hears of the last delivery just after the session's own future.
        runner.output().await("delivered StopTransaction tx3/end after 1 attempt(s)", WAIT);
        assertThat(runner.output().toString())
                .contains("queued StartTransaction tx1/start (depth 1)")
                .contains("queued StopTransaction tx3/end (depth")
                .contains("All 3 charging sessions done");
    }

    @Test
    void threeTransactionsOf201ReachTheCsmsCompleteAndInOrderEachNumberedFromZero() throws Exception {
        StationSimulator station = runner.start(url(), ID201, "ocpp2.0.1", "--transactions", "3",
                "--meter-interval", "0");

        List<ChargingSession> sessions = station.sessions().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(sessions).hasSize(3);
        List<ObjectNode> events = callsIn(ID201, Set.of("TransactionEvent")).stream().map(Seen::payload).toList();
        // Each: Started at the plug-in, Updated when authorized and at each of the three readings, Ended.
        assertThat(events).extracting(e -> e.get("eventType").asText()).containsExactly(
                "Started", "Updated", "Updated", "Updated", "Updated", "Ended",
                "Started", "Updated", "Updated", "Updated", "Updated", "Ended",
                "Started", "Updated", "Updated", "Updated", "Updated", "Ended");
        assertThat(events).extracting(e -> e.get("seqNo").asInt())
                .containsExactly(0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5);
        assertThat(events).noneMatch(e -> e.has("offline"));
        Set<String> ids = new TreeSet<>();
        for (int t = 0; t < 3; t++) {
            String id = transactionOf(events.get(6 * t));
            for (ObjectNode e : events.subList(6 * t, 6 * t + 6)) {
                assertThat(transactionOf(e)).isEqualTo(id);
            }
            assertThat(events.get(6 * t + 5).at("/transactionInfo/stoppedReason").asText()).isEqualTo("Local");
            assertThat(sessions.get(t).transactionId()).isEqualTo(id);
            ids.add(id);
        }
        assertThat(ids).as("three distinct transactions").hasSize(3);
        assertThat(callsIn(ID201, Set.of("Authorize"))).hasSize(3);
        // The listener hears of the last delivery just after the session's own future.
        runner.output().await("delivered TransactionEvent tx3/end after 1 attempt(s)", WAIT);
        assertThat(runner.output().toString())
                .contains("queued TransactionEvent tx1/start (depth 1)")
                .contains("All 3 charging sessions done");
    }

    @Test
    void a16StationSwitchedOffMidTransactionEndsItAtItsNextStartWithPowerLossAndTheCsmsTransactionId()
            throws Exception {
        // Samples every 50 ms, far more of them than the test waits for: the station is mid-transaction when stopped.
        StationSimulator first = runner.start(url(), ID16, "ocpp1.6", "--store", store.toString(),
                "--meter-interval", "0.05", "--meter-values", "100000");
        int id = transactionOf16(wire.awaitCallIn("StartTransaction", 1, WAIT));
        wire.awaitCallIn("MeterValues", 2, WAIT);

        switchOff(first);
        assertThat(callsIn(ID16, Set.of("StopTransaction"))).as("nothing ended it").isEmpty();

        runner.start(url(), ID16, "ocpp1.6", "--store", store.toString(), "--transactions", "0",
                "--replay-delay", "0");
        Seen stop = wire.awaitCallIn("StopTransaction", 1, WAIT);

        assertThat(stop.payload().get("transactionId").asInt()).isEqualTo(id);
        assertThat(stop.payload().get("reason").asText()).isEqualTo("PowerLoss");
        // The last reading taken: any sample queued before the switch-off arrives before the stop.
        List<Seen> samples = callsIn(ID16, Set.of("MeterValues"));
        Seen lastSample = samples.get(samples.size() - 1);
        assertThat(wire.frames().indexOf(lastSample)).isLessThan(wire.frames().indexOf(stop));
        assertThat(lastSample.payload().get("transactionId").asInt()).isEqualTo(id);
        assertThat(stop.payload().get("meterStop").asInt()).isEqualTo(
                Integer.parseInt(lastSample.payload().at("/meterValue/0/sampledValue/0/value").asText()));
        wire.awaitResultOf(stop, WAIT);
        // Printed once queued, which may be after the queue sent it.
        runner.output().await("StopTransaction -> transaction " + id + ", meterStop "
                + stop.payload().get("meterStop").asInt() + " Wh, reason PowerLoss", WAIT);
        assertThat(runner.output().toString()).contains("Recovered tx1, left open by the last run");
    }

    @Test
    void a16StationSwitchedOffWhileItsStartTransactionWasStillQueuedEndsItWithTheIdAssignedAfterTheRestart()
            throws Exception {
        // The CSMS cannot take the StartTransaction now: the queue keeps it for a retry a minute later.
        refusedStarts.set(1);
        StationSimulator first = runner.start(url(), ID16, "ocpp1.6", "--store", store.toString(),
                "--meter-interval", "3600");
        Seen refused = wire.awaitCallIn("StartTransaction", 1, WAIT);
        runner.output().await("StartTransaction tx1/start -> CALLERROR", WAIT);

        switchOff(first);

        runner.start(url(), ID16, "ocpp1.6", "--store", store.toString(), "--transactions", "0",
                "--replay-delay", "0");
        Seen again = wire.awaitCallIn("StartTransaction", 2, WAIT);
        Seen stop = wire.awaitCallIn("StopTransaction", 1, WAIT);

        assertThat(again.payload()).as("the same StartTransaction, from the store").isEqualTo(refused.payload());
        int id = transactionOf16(again);
        assertThat(wire.frames().indexOf(again)).isLessThan(wire.frames().indexOf(stop));
        assertThat(stop.payload().get("transactionId").asInt()).isEqualTo(id);
        assertThat(stop.payload().get("reason").asText()).isEqualTo("PowerLoss");
        assertThat(stop.payload().get("meterStop").asInt()).isEqualTo(again.payload().get("meterStart").asInt());
        // Whether the answer came before the station queued its StopTransaction or after, the queue put it in.
        runner.output().await("Recovered tx1, left open by the last run", WAIT);
        assertThat(runner.output().toString())
                .contains("1 message(s) queued before the restart await delivery")
                .contains("delivered StartTransaction tx1/start after 2 attempt(s)");
    }

    @Test
    void a201StationSwitchedOffMidTransactionEndsItAtItsNextStartWithPowerLossAndTheNextSeqNo()
            throws Exception {
        StationSimulator first = runner.start(url(), ID201, "ocpp2.0.1", "--store", store.toString(),
                "--meter-interval", "0.05", "--meter-values", "100000");
        String id = transactionOf(awaitEvent("Started").payload());
        wire.await(all -> all.stream().filter(f -> isEvent(f, "Updated")).skip(1).findFirst(), WAIT);

        switchOff(first);
        assertThat(callsIn(ID201, Set.of("TransactionEvent"))).noneMatch(f -> isEvent(f, "Ended"));

        runner.start(url(), ID201, "ocpp2.0.1", "--store", store.toString(), "--transactions", "0",
                "--replay-delay", "0");
        Seen ended = awaitEvent("Ended");

        ObjectNode end = ended.payload();
        assertThat(transactionOf(end)).isEqualTo(id);
        assertThat(end.at("/transactionInfo/stoppedReason").asText()).isEqualTo("PowerLoss");
        assertThat(end.get("triggerReason").asText()).isEqualTo("AbnormalCondition");
        // The events of the first run (one lost with the connection may have arrived twice), then Ended: the queue
        // went on numbering from where the first run stopped, without a gap.
        List<Seen> before = callsIn(ID201, Set.of("TransactionEvent")).stream()
                .filter(f -> wire.frames().indexOf(f) < wire.frames().indexOf(ended)).toList();
        assertThat(before).allSatisfy(f -> assertThat(transactionOf(f.payload())).isEqualTo(id));
        Set<Integer> numbers = before.stream().map(f -> f.payload().get("seqNo").asInt())
                .collect(Collectors.toCollection(TreeSet::new));
        int last = ((TreeSet<Integer>) numbers).last();
        assertThat(numbers).containsExactlyElementsOf(IntStream.rangeClosed(0, last).boxed().toList());
        assertThat(end.get("seqNo").asInt()).isEqualTo(last + 1);
        // The last reading taken, which the last Updated carried.
        ObjectNode lastUpdated = before.get(before.size() - 1).payload();
        assertThat(lastUpdated.get("seqNo").asInt()).isEqualTo(last);
        assertThat(sample(end).get("value").asDouble()).isEqualTo(sample(lastUpdated).get("value").asDouble());
        assertThat(sample(end).get("context").asText()).isEqualTo("Transaction.End");
        wire.awaitResultOf(ended, WAIT);
        // Printed once queued, which may be after the queue sent it.
        runner.output().await("TransactionEvent Ended -> transaction " + id + ", seqNo " + (last + 1)
                + ", AbnormalCondition, stoppedReason PowerLoss, meter " + (int) sample(end).get("value").asDouble()
                + " Wh", WAIT);
        assertThat(runner.output().toString()).contains("Recovered tx1, left open by the last run");
    }

    @Test
    void eachStationOfACountKeepsItsOwnStoreInADirectoryNamedAfterIt() throws Exception {
        List<StationSimulator> stations = runner.startAll(url(), "CPS-1", "ocpp1.6", "--count", "2",
                "--store", store.toString(), "--transactions", "0");

        assertThat(store.resolve("CPS-1")).isDirectory();
        assertThat(store.resolve("CPS-2")).isDirectory();
        assertThat(stations.get(0).settings().delivery().store())
                .isNotNull().isNotSameAs(stations.get(1).settings().delivery().store());
        assertThat(Files.list(store).count()).isEqualTo(2);
    }

    /** Switches a station off as a power cut would, and waits until it has stopped. */
    private static void switchOff(StationSimulator station) throws Exception {
        station.close();
        station.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private String url() {
        return "ws://127.0.0.1:" + csms.port() + "/ocpp";
    }

    /** The CALLs of {@code actions} the CSMS received from {@code identity}, in order. */
    private List<Seen> callsIn(String identity, Set<String> actions) {
        return wire.callsIn().stream().filter(c -> c.identity().equals(identity) && actions.contains(c.action()))
                .toList();
    }

    private Seen awaitEvent(String eventType) throws Exception {
        return wire.await(all -> all.stream().filter(f -> isEvent(f, eventType)).findFirst(), WAIT);
    }

    private static boolean isEvent(Seen f, String eventType) {
        return f.direction() == Direction.IN && f.isCall("TransactionEvent")
                && eventType.equals(f.payload().get("eventType").asText());
    }

    private int transactionOf16(Seen startTransaction) throws Exception {
        return wire.awaitResultOf(startTransaction, WAIT).payload().get("transactionId").asInt();
    }

    private static String transactionOf(ObjectNode event) {
        return event.at("/transactionInfo/transactionId").asText();
    }

    private static JsonNode sample(ObjectNode withMeterValue) {
        return withMeterValue.at("/meterValue/0/sampledValue/0");
    }
}
