package dev.ocpp.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.FrameListener.Direction;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.examples.csms.Csms201Handlers;
import dev.ocpp.examples.station.ChargingSession;
import dev.ocpp.examples.station.StationSimulator;
import dev.ocpp.examples.testing.FrameRecorder;
import dev.ocpp.examples.testing.FrameRecorder.Seen;
import dev.ocpp.examples.testing.Ocpp201Samples;
import dev.ocpp.v201.Ocpp201Validation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import dev.ocpp.core.AsyncCallHandler;
import dev.ocpp.core.Handlers;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code station} command's OCPP 2.0.1 station against a test CSMS on an ephemeral loopback port over
 * WebSockets. The CSMS answers with the example's typed 2.0.1 handlers, except that the test decides the
 * BootNotification answer; it records every frame, so the tests judge what the station put on the wire.
 */
class Station201CommandTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ID = "CS201";

    private final FrameRecorder wire = new FrameRecorder();
    private final StationCommandRunner runner = new StationCommandRunner(WAIT);
    /** What the test CSMS answers to the 1st, 2nd, ... BootNotification; the last one to all later ones. */
    private final List<ObjectNode> bootAnswers = new CopyOnWriteArrayList<>(List.of(boot("Accepted", 3600)));
    /** When the test CSMS answered each BootNotification, before the answer went out. */
    private final List<Long> bootsAnsweredNanos = new CopyOnWriteArrayList<>();
    /** How many TransactionEvents Updated the test CSMS answers only after the station's call timeout. */
    private final AtomicInteger slowUpdates = new AtomicInteger();
    private OcppServer csms;

    @BeforeEach
    void startCsms() {
        Handlers handlers = Csms201Handlers.create(Duration.ofSeconds(3600), Clock.systemUTC(), null);
        AsyncCallHandler events = handlers.handler("TransactionEvent").orElseThrow();
        // A long heartbeat interval keeps Heartbeats out of the exchanges under test.
        csms = OcppServer.builder(runner.transports().server())
                .host("127.0.0.1")
                .port(0)
                .path("/ocpp")
                .serve(OcppVersion.OCPP201, handlers
                        .toBuilder()
                        .onAsync("TransactionEvent", call -> "Updated".equals(call.payload().path("eventType")
                                .asText()) && slowUpdates.getAndDecrement() > 0
                                ? CompletableFuture.supplyAsync(() -> call, CompletableFuture.delayedExecutor(
                                        3, TimeUnit.SECONDS)).thenCompose(c -> answer(events, c))
                                : events.handle(call))
                        .on("BootNotification", call -> {
                            bootsAnsweredNanos.add(System.nanoTime());
                            int n = Math.min(bootsAnsweredNanos.size(), bootAnswers.size()) - 1;
                            return bootAnswers.get(n).deepCopy().put("currentTime", Instant.now().toString());
                        })
                        .build())
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
    void bootsThenChargesOnceWithTransactionEventsStartedUpdatedEndedAndIncreasingSeqNo() throws Exception {
        StationSimulator station = start("--meter-interval", "0");

        ChargingSession session = station.charged().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        List<Seen> all = wire.callsIn().stream().filter(c -> !c.isCall("Heartbeat")).toList();
        assertValidRequests(all);
        // G01: the connector's status through the session: after the boot, plugged in, unplugged.
        assertThat(all.stream().filter(c -> c.isCall("StatusNotification"))
                .map(c -> c.payload().get("connectorStatus").asText()))
                .containsExactly("Available", "Occupied", "Available");
        List<Seen> calls = all.stream().filter(c -> !c.isCall("StatusNotification")).toList();
        // E02 (cable plugin first): Started at the plug-in, Updated when authorized, readings, Ended at the stop.
        assertThat(calls).extracting(Seen::action).containsExactly("BootNotification", "TransactionEvent",
                "Authorize", "TransactionEvent", "TransactionEvent", "TransactionEvent", "TransactionEvent",
                "TransactionEvent");
        ObjectNode boot = calls.get(0).payload();
        assertThat(boot.get("reason").asText()).isEqualTo("PowerUp");
        assertThat(boot.at("/chargingStation/vendorName").asText()).isEqualTo("dev.ocpp");
        assertThat(calls.get(2).payload().at("/idToken/idToken").asText()).isEqualTo("TAG-CS201");

        List<ObjectNode> events = calls.stream().filter(c -> c.isCall("TransactionEvent")).map(Seen::payload)
                .toList();
        assertThat(events).extracting(e -> e.get("eventType").asText())
                .containsExactly("Started", "Updated", "Updated", "Updated", "Updated", "Ended");
        assertThat(events).extracting(e -> e.get("seqNo").asInt()).containsExactly(0, 1, 2, 3, 4, 5);
        String transactionId = events.get(0).at("/transactionInfo/transactionId").asText();
        assertThat(events).allSatisfy(e -> assertThat(e.at("/transactionInfo/transactionId").asText())
                .isEqualTo(transactionId));
        ObjectNode started = events.get(0);
        assertThat(started.get("triggerReason").asText()).isEqualTo("CablePluggedIn");
        assertThat(started.at("/evse/id").asInt()).isEqualTo(1);
        assertThat(started.at("/evse/connectorId").asInt()).isEqualTo(1);
        ObjectNode authorized = events.get(1);
        assertThat(authorized.get("triggerReason").asText()).isEqualTo("Authorized");
        assertThat(authorized.at("/idToken/idToken").asText()).isEqualTo("TAG-CS201");
        assertThat(authorized.at("/transactionInfo/chargingState").asText()).isEqualTo("Charging");
        double previous = 0;
        for (ObjectNode updated : events.subList(2, 5)) {
            assertThat(updated.get("triggerReason").asText()).isEqualTo("MeterValuePeriodic");
            JsonNode sample = sample(updated);
            assertThat(sample.get("measurand").asText()).isEqualTo("Energy.Active.Import.Register");
            assertThat(sample.at("/unitOfMeasure/unit").asText()).isEqualTo("Wh");
            assertThat(sample.get("value").asDouble()).isGreaterThan(previous);
            previous = sample.get("value").asDouble();
        }
        ObjectNode ended = events.get(5);
        assertThat(ended.get("triggerReason").asText()).isEqualTo("StopAuthorized");
        assertThat(ended.at("/transactionInfo/stoppedReason").asText()).isEqualTo("Local");
        assertThat(sample(ended).get("value").asDouble()).isEqualTo(previous);
        assertThat(sample(ended).get("context").asText()).isEqualTo("Transaction.End");

        assertThat(session).isEqualTo(new ChargingSession("TAG-CS201", transactionId, 0, (int) previous, 3,
                "Local"));
        assertThat(runner.output().toString())
                .contains("BootNotification -> Accepted")
                .contains("Authorize *** -> Accepted")
                .contains("TransactionEvent Started -> transaction " + transactionId)
                .contains("TransactionEvent Ended -> transaction " + transactionId)
                .contains("Charging session done");
    }

    @Test
    void answersEveryCsmsInitiatedActionWithAResponseValidAgainstItsSchema() throws Exception {
        StationSimulator station = start("--meter-interval", "0");
        station.charged().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // Reset goes last: the station boots again after it, which would colour the answers that follow.
        List<String> actions = new ArrayList<>(Ocpp201Samples.sentByCsms());
        actions.remove("Reset");
        actions.add("Reset");
        Map<String, ObjectNode> answers = new LinkedHashMap<>();
        for (String action : actions) {
            ObjectNode answer = csms.call(ID, action, Ocpp201Samples.request(action))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(Ocpp201Validation.validator().validate(action, false, answer))
                    .as(action + " answered " + answer).isEmpty();
            answers.put(action, answer);
        }

        assertThat(answers).hasSize(40);
        assertThat(answers.get("GetVariables").at("/getVariableResult/0/attributeValue").asText())
                .isEqualTo("3600");
        assertThat(answers.get("SetVariables").at("/setVariableResult/0/attributeStatus").asText())
                .isEqualTo("Accepted");
        assertThat(status(answers, "RequestStartTransaction")).isEqualTo("Accepted");
        assertThat(status(answers, "RequestStopTransaction")).as("TX-1 is not running").isEqualTo("Rejected");
        assertThat(status(answers, "GetBaseReport")).isEqualTo("Accepted");
        assertThat(status(answers, "GetChargingProfiles")).isEqualTo("Accepted");
        assertThat(status(answers, "ClearChargingProfile")).isEqualTo("Accepted");
        assertThat(status(answers, "GetDisplayMessages")).isEqualTo("Accepted");
        assertThat(status(answers, "ClearDisplayMessage")).isEqualTo("Accepted");
        assertThat(status(answers, "UpdateFirmware")).isEqualTo("Rejected");
        assertThat(answers.get("GetLog").get("filename").asText()).isNotBlank();
        assertThat(answers.get("GetCompositeSchedule").at("/schedule/duration").asInt()).isEqualTo(3600);
        assertThat(answers.get("SetVariableMonitoring").at("/setMonitoringResult/0/status").asText())
                .isEqualTo("Accepted");
        assertThat(status(answers, "Reset")).isIn("Accepted", "Scheduled");

        // What the accepted requests promised follows, each valid against its schema.
        Seen remote = awaitCallIn("TransactionEvent", e -> "RemoteStart".equals(e.get("triggerReason").asText()));
        assertThat(remote.payload().at("/idToken/idToken").asText()).isEqualTo("TAG-REMOTE");
        assertThat(remote.payload().at("/transactionInfo/remoteStartId").asInt()).isEqualTo(42);
        // The whole device model, NetworkConfigurationPriority and NetworkProfileConnectionAttempts (B10) included.
        assertThat(awaitCallIn("NotifyReport", r -> r.get("requestId").asInt() == 1)
                .payload().get("reportData")).isNotEmpty();
        assertThat(awaitCallIn("ReportChargingProfiles", r -> r.get("requestId").asInt() == 3)
                .payload().at("/chargingProfile/0/id").asInt()).isEqualTo(1);
        assertThat(awaitCallIn("NotifyDisplayMessages", r -> r.get("requestId").asInt() == 7)
                .payload().at("/messageInfo/0/message/content").asText()).isEqualTo("Welcome");
        assertThat(awaitCallIn("LogStatusNotification", r -> r.path("requestId").asInt() == 4)
                .payload().get("status").asText()).isEqualTo("UploadFailure");
        awaitCallIn("NotifyCustomerInformation", r -> r.get("requestId").asInt() == 6);
        if ("Scheduled".equals(status(answers, "Reset"))) {
            // B11: an OnIdle reset waits for the remotely started transaction; once it is stopped the station reboots.
            assertThat(status(csms.call(ID, "RequestStopTransaction", stop(transactionOf(remote)))))
                    .isEqualTo("Accepted");
        }
        awaitCallIn("BootNotification", r -> "RemoteReset".equals(r.get("reason").asText()));
        assertValidRequests(wire.callsIn());
    }

    @Test
    void answersGetAndSetVariablesFromItsDeviceModel() throws Exception {
        start("--meter-interval", "3600", "--vendor", "ACME", "--model", "Wallbox");

        ObjectNode get = JSON.objectNode();
        ArrayNode items = get.putArray("getVariableData");
        item(items, "ChargingStation", "VendorName");
        item(items, "ChargingStation", "Model");
        item(items, "OCPPCommCtrlr", "HeartbeatInterval");
        item(items, "NoSuchCtrlr", "HeartbeatInterval");
        item(items, "OCPPCommCtrlr", "NoSuchVariable");
        item(items, "OCPPCommCtrlr", "HeartbeatInterval").put("attributeType", "Target");
        ObjectNode got = csms.call(ID, "GetVariables", get).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(got.get("getVariableResult")).extracting(r -> r.get("attributeStatus").asText())
                .containsExactly("Accepted", "Accepted", "Accepted", "UnknownComponent", "UnknownVariable",
                        "NotSupportedAttributeType");
        assertThat(got.at("/getVariableResult/0/attributeValue").asText()).isEqualTo("ACME");
        assertThat(got.at("/getVariableResult/1/attributeValue").asText()).isEqualTo("Wallbox");
        assertThat(got.at("/getVariableResult/3/component/name").asText()).isEqualTo("NoSuchCtrlr");

        ObjectNode set = JSON.objectNode();
        ArrayNode writes = set.putArray("setVariableData");
        item(writes, "OCPPCommCtrlr", "HeartbeatInterval").put("attributeValue", "120");
        item(writes, "ChargingStation", "Model").put("attributeValue", "Other");
        item(writes, "AuthCtrlr", "AuthorizeRemoteStart").put("attributeValue", "maybe");
        item(writes, "NoSuchCtrlr", "X").put("attributeValue", "1");
        ObjectNode written = csms.call(ID, "SetVariables", set).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(written.get("setVariableResult")).extracting(r -> r.get("attributeStatus").asText())
                .containsExactly("Accepted", "Rejected", "Rejected", "UnknownComponent");

        ObjectNode again = JSON.objectNode();
        item(again.putArray("getVariableData"), "OCPPCommCtrlr", "HeartbeatInterval");
        assertThat(csms.call(ID, "GetVariables", again).get(WAIT.toSeconds(), TimeUnit.SECONDS)
                .at("/getVariableResult/0/attributeValue").asText()).isEqualTo("120");
    }

    @Test
    void requestStopEndsTheRunningTransactionAtOnceAndRequestStartBeginsAnother() throws Exception {
        // Meter samples an hour apart: any prompt Ended can only be the stop request's doing.
        StationSimulator station = start("--meter-interval", "3600");
        String first = transactionOf(awaitEvent("Started", 1));
        // Charging once authorized (the Started event came with the cable).
        awaitEvent("Updated", 1);

        assertThat(status(csms.call(ID, "RequestStartTransaction", Ocpp201Samples.request("RequestStartTransaction"))))
                .as("a second session while charging").isEqualTo("Rejected");
        assertThat(status(csms.call(ID, "RequestStopTransaction", stop("TX-other")))).isEqualTo("Rejected");
        assertThat(status(csms.call(ID, "RequestStopTransaction", stop(first)))).isEqualTo("Accepted");

        ChargingSession ended = station.charged().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(ended.transactionId()).isEqualTo(first);
        assertThat(ended.stopReason()).isEqualTo("Remote");
        assertThat(ended.meterValues()).isZero();
        Seen end = awaitEvent("Ended", 1);
        assertThat(end.payload().get("triggerReason").asText()).isEqualTo("RemoteStop");
        assertThat(end.payload().get("seqNo").asInt()).isEqualTo(2);
        Seen stopCall = wire.frames().stream().filter(f -> f.isCall("RequestStopTransaction")
                && first.equals(f.payload().get("transactionId").asText())).findFirst().orElseThrow();
        assertThat(wire.frames().indexOf(wire.resultOf(stopCall).orElseThrow()))
                .as("Accepted goes out before Ended").isLessThan(wire.frames().indexOf(end));

        assertThat(status(csms.call(ID, "RequestStartTransaction", Ocpp201Samples.request("RequestStartTransaction"))))
                .isEqualTo("Accepted");
        // F02: the station plugs in (Started) and the remote start authorizes the transaction.
        Seen second = awaitEvent("Started", 2);
        assertThat(second.payload().get("seqNo").asInt()).as("a new transaction counts from 0").isZero();
        String secondId = transactionOf(second);
        Seen remote = awaitCallIn("TransactionEvent", e -> "RemoteStart".equals(e.get("triggerReason").asText()));
        assertThat(remote.payload().at("/transactionInfo/remoteStartId").asInt()).isEqualTo(42);
        assertThat(transactionOf(remote)).isEqualTo(secondId);
        assertThat(secondId).isNotEqualTo(first);
        assertThat(status(csms.call(ID, "RequestStopTransaction", stop(secondId)))).isEqualTo("Accepted");
        assertThat(awaitEvent("Ended", 2).payload().at("/transactionInfo/stoppedReason").asText())
                .isEqualTo("Remote");
        assertThat(wire.callsIn().stream().filter(c -> c.isCall("Authorize")).count())
                .as("the station authorizes remote starts too (AuthorizeRemoteStart true)").isEqualTo(2);
    }

    @Test
    void sendsTriggeredMessagesAfterTheAnswerAndContinuesTheTransactionsSeqNo() throws Exception {
        start("--meter-interval", "3600");
        String transaction = transactionOf(awaitEvent("Started", 1));
        awaitEvent("Updated", 1);

        assertThat(status(csms.call(ID, "TriggerMessage", trigger("TransactionEvent")))).isEqualTo("Accepted");
        Seen triggered = awaitEvent("Updated", 2);
        assertThat(triggered.payload().get("triggerReason").asText()).isEqualTo("Trigger");
        assertThat(triggered.payload().get("seqNo").asInt()).isEqualTo(2);
        assertThat(transactionOf(triggered)).isEqualTo(transaction);
        assertThat(status(csms.call(ID, "TriggerMessage", trigger("MeterValues")))).isEqualTo("Accepted");
        assertThat(sample(awaitCallIn("MeterValues", m -> true).payload()).get("context").asText())
                .isEqualTo("Trigger");
        assertThat(status(csms.call(ID, "TriggerMessage", trigger("StatusNotification")))).isEqualTo("Accepted");
        assertThat(awaitCallIn("StatusNotification", s -> "Occupied".equals(s.get("connectorStatus").asText()))
                .payload().get("evseId").asInt()).isEqualTo(1);
        // F06.FR.17: an accepted station does not boot again on request.
        assertThat(status(csms.call(ID, "TriggerMessage", trigger("BootNotification")))).isEqualTo("Rejected");
        assertValidRequests(wire.callsIn());
    }

    @Test
    void anImmediateResetEndsTheTransactionThenBootsAgainWithReasonRemoteReset() throws Exception {
        start("--meter-interval", "3600");
        String transaction = transactionOf(awaitEvent("Started", 1));

        assertThat(status(csms.call(ID, "Reset", JSON.objectNode().put("type", "Immediate"))))
                .isEqualTo("Accepted");

        Seen ended = awaitEvent("Ended", 1);
        assertThat(transactionOf(ended)).isEqualTo(transaction);
        assertThat(ended.payload().get("triggerReason").asText()).isEqualTo("ResetCommand");
        assertThat(ended.payload().at("/transactionInfo/stoppedReason").asText()).isEqualTo("ImmediateReset");
        Seen reboot = awaitCallIn("BootNotification", b -> "RemoteReset".equals(b.get("reason").asText()));
        assertThat(wire.frames().indexOf(reboot)).isGreaterThan(wire.frames().indexOf(ended));
        // Once accepted it reports its connector: the cable is still in.
        assertThat(wire.await(all -> all.stream().filter(f -> f.direction() == Direction.IN
                && f.isCall("StatusNotification") && all.indexOf(f) > all.indexOf(reboot)).findFirst(), WAIT)
                .payload().get("connectorStatus").asText()).isEqualTo("Occupied");
    }

    @Test
    void sendsNothingButBootNotificationWhilePendingAndBootsAtOnceWhenTriggered() throws Exception {
        bootAnswers.set(0, boot("Pending", 3600));
        bootAnswers.add(boot("Accepted", 3600));
        StationSimulator station = unstarted("--meter-interval", "0");
        CompletableFuture<Void> ready = station.start();
        awaitCallIn("BootNotification", b -> true);

        // B02.FR.01: the CSMS may read the device model of a Pending station.
        ObjectNode get = csms.call(ID, "GetVariables", Ocpp201Samples.request("GetVariables"))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(get.at("/getVariableResult/0/attributeStatus").asText()).isEqualTo("Accepted");
        // B02.FR.05: no transactions while Pending.
        assertThat(status(csms.call(ID, "RequestStartTransaction", Ocpp201Samples.request("RequestStartTransaction"))))
                .isEqualTo("Rejected");
        assertThat(wire.callsIn()).extracting(Seen::action).containsOnly("BootNotification");
        assertThat(ready).isNotDone();

        assertThat(status(csms.call(ID, "TriggerMessage", trigger("BootNotification")))).isEqualTo("Accepted");

        Seen triggered = awaitCallIn("BootNotification", b -> "Triggered".equals(b.get("reason").asText()));
        ready.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        station.charged().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        List<String> after = wire.callsIn().stream().filter(c -> wire.frames().indexOf(c)
                > wire.frames().indexOf(triggered)).map(Seen::action).toList();
        assertThat(after).startsWith("StatusNotification", "StatusNotification", "TransactionEvent", "Authorize");
    }

    @Test
    void bootsAgainOnceThePendingIntervalHasPassed() throws Exception {
        bootAnswers.set(0, boot("Pending", 1));
        bootAnswers.add(boot("Accepted", 3600));

        start("--meter-interval", "0");

        List<Seen> boots = wire.callsIn().stream().filter(c -> c.isCall("BootNotification")).toList();
        assertThat(boots).hasSize(2);
        assertThat(boots.get(1).payload().get("reason").asText()).isEqualTo("PowerUp");
        // The first answer left after its handler ran; the station waited the interval from receiving it.
        assertThat(Duration.ofNanos(bootsAnsweredNanos.get(1) - bootsAnsweredNanos.get(0)))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void answersTheCsmsWithSecurityErrorOnceItsBootNotificationWasRejected() throws Exception {
        bootAnswers.set(0, boot("Rejected", 3600));
        StationSimulator station = unstarted("--meter-interval", "0");
        station.start();
        // The station's boot gating takes the answer in before the simulator prints it.
        runner.output().await("BootNotification -> Rejected", WAIT);

        try {
            ObjectNode unexpected = csms.call(ID, "GetVariables", Ocpp201Samples.request("GetVariables"))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("expected a CALLERROR, got " + unexpected);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CallErrorException.class);
            assertThat(((CallErrorException) e.getCause()).wireCode()).isEqualTo("SecurityError");
        }
    }

    @Test
    void aTransactionEventThatTimesOutIsSentAgainAndTheTransactionCarriesOn() throws Exception {
        // The CSMS holds its answer to the first Updated for longer than the station's one-second call timeout.
        slowUpdates.set(1);
        StationSimulator station = start("--meter-interval", "0", "--call-timeout", "1",
                "--message-retry-interval", "0.5");

        ChargingSession session = station.charged().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        List<ObjectNode> events = wire.callsIn().stream().filter(c -> c.isCall("TransactionEvent"))
                .map(Seen::payload).toList();
        assertThat(events).extracting(e -> e.get("eventType").asText())
                .containsExactly("Started", "Updated", "Updated", "Updated", "Updated", "Updated", "Ended");
        // The same event again, with the same seqNo: the CSMS can tell it is not a new one.
        assertThat(events).extracting(e -> e.get("seqNo").asInt()).containsExactly(0, 1, 1, 2, 3, 4, 5);
        assertThat(events.get(2)).isEqualTo(events.get(1));
        String transactionId = events.get(0).at("/transactionInfo/transactionId").asText();
        assertThat(events).allSatisfy(e -> assertThat(e.at("/transactionInfo/transactionId").asText())
                .isEqualTo(transactionId));
        assertThat(session.transactionId()).isEqualTo(transactionId);
        assertThat(session.stopReason()).isEqualTo("Local");
        assertThat(session.meterValues()).isEqualTo(3);
        // E13: the timeout counted as a failed attempt; the queue sent it again after the interval.
        assertThat(runner.output().toString())
                .contains("TransactionEvent tx1/update1 -> no answer (CallTimeoutException")
                .contains("delivered TransactionEvent tx1/update1 after 2 attempt(s)")
                .contains("Charging session done")
                .doesNotContain("Charging session failed");
    }

    private static CompletableFuture<ObjectNode> answer(AsyncCallHandler handler, dev.ocpp.core.IncomingCall call) {
        try {
            return handler.handle(call).toCompletableFuture();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private StationSimulator start(String... options) throws Exception {
        return runner.start(url(), ID, "ocpp2.0.1", options);
    }

    private StationSimulator unstarted(String... options) {
        return runner.unstarted(url(), ID, "ocpp2.0.1", options);
    }

    private String url() {
        return "ws://127.0.0.1:" + csms.port() + "/ocpp";
    }

    /** Waits for the first CALL of {@code action} from the station whose payload {@code matches}. */
    private Seen awaitCallIn(String action, Predicate<ObjectNode> matches) throws Exception {
        return wire.await(all -> all.stream().filter(f -> f.direction() == Direction.IN && f.isCall(action)
                && matches.test(f.payload())).findFirst(), WAIT);
    }

    /** Waits for the {@code n}th TransactionEvent of {@code eventType} (counting from 1). */
    private Seen awaitEvent(String eventType, int n) throws Exception {
        return wire.await(all -> all.stream().filter(f -> f.direction() == Direction.IN
                && f.isCall("TransactionEvent") && eventType.equals(f.payload().get("eventType").asText()))
                .skip(n - 1).findFirst(), WAIT);
    }

    private static void assertValidRequests(List<Seen> calls) {
        for (Seen call : calls) {
            assertThat(Ocpp201Validation.validator().validate(call.action(), true, call.payload()))
                    .as(call.text()).isEmpty();
        }
    }

    private static String transactionOf(Seen event) {
        return event.payload().at("/transactionInfo/transactionId").asText();
    }

    private static JsonNode sample(ObjectNode withMeterValue) {
        return withMeterValue.at("/meterValue/0/sampledValue/0");
    }

    private static ObjectNode item(ArrayNode items, String component, String variable) {
        ObjectNode item = items.addObject();
        item.putObject("component").put("name", component);
        item.putObject("variable").put("name", variable);
        return item;
    }

    private static ObjectNode boot(String status, int interval) {
        return JSON.objectNode().put("currentTime", "").put("interval", interval).put("status", status);
    }

    private static ObjectNode stop(String transactionId) {
        return JSON.objectNode().put("transactionId", transactionId);
    }

    private static ObjectNode trigger(String message) {
        return JSON.objectNode().put("requestedMessage", message);
    }

    private static String status(Map<String, ObjectNode> answers, String action) {
        return answers.get(action).path("status").asText(null);
    }

    private static String status(CompletableFuture<ObjectNode> answer) throws Exception {
        return answer.get(WAIT.toSeconds(), TimeUnit.SECONDS).path("status").asText(null);
    }
}
