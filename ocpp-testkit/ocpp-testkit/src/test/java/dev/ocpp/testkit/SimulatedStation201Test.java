package dev.ocpp.testkit;

import static dev.ocpp.testkit.SimulatedStationTestCsms.eventually;
import static dev.ocpp.testkit.SimulatedStationTestCsms.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.HeartbeatResponse;
import dev.ocpp.v201.messages.ResetRequest;
import dev.ocpp.v201.messages.ResetResponse;
import dev.ocpp.v201.types.ResetStatusEnum;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A simulated OCPP 2.0.1 charging station against the library's CSMS, in memory. */
class SimulatedStation201Test {

    private static final String ID = "CS-201";

    final InMemoryNetwork net = new InMemoryNetwork();
    final SimulatedStationTestCsms csms = new SimulatedStationTestCsms(OcppVersion.OCPP201, net.serverTransport());
    final VirtualClock clock = new VirtualClock(Instant.parse("2026-03-01T08:00:00Z"));
    SimulatedStation station;

    @AfterEach
    void stop() {
        if (station != null) {
            station.close();
        }
        csms.close();
    }

    private SimulatedStation.Builder builder() {
        return SimulatedStation.builder(OcppVersion.OCPP201).identity(ID).endpoint(csms.endpoint())
                .transport(net.clientTransport());
    }

    private void started(SimulatedStation.Builder b) throws Exception {
        station = b.build();
        station.start().get(10, TimeUnit.SECONDS);
    }

    private List<ObjectNode> events() {
        return csms.payloads(ID, "TransactionEvent");
    }

    @Test
    void stationBootsAndIsAcceptedByTheCsms() throws Exception {
        started(builder().vendor("ACME Charging Systems").model("Wallbox 2"));

        assertThat(station.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
        assertThat(station.isConnected()).isTrue();
        ObjectNode boot = csms.payloads(ID, "BootNotification").get(0);
        assertThat(boot.path("reason").asText()).isEqualTo("PowerUp");
        assertThat(boot.at("/chargingStation/vendorName").asText()).isEqualTo("ACME Charging Systems");
        assertThat(boot.at("/chargingStation/model").asText()).isEqualTo("Wallbox 2");
    }

    @Test
    void anOwnHeartbeatIntervalIsKeptInsteadOfTheOneTheBootAnswerGives() throws Exception {
        started(builder().clock(clock).heartbeatInterval(Duration.ofSeconds(15)));
        assertThat(station.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
        clock.advance(Duration.ofSeconds(15));
        csms.awaitCount(ID, "Heartbeat", 1);
    }

    @Test
    void aRequiredFirstConnectionThatFailsFailsTheStartAndIsNotTriedAgain() throws Exception {
        // Port 1 on the loopback: nothing listens, the connect is refused at once.
        station = SimulatedStation.builder(OcppVersion.OCPP201).identity(ID)
                .endpoint(java.net.URI.create("ws://127.0.0.1:1/ocpp")).firstConnectionRequired(true).build();

        assertThatThrownBy(() -> station.start().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(dev.ocpp.core.ConnectionClosedException.class)
                .hasMessageContaining("could not connect");
        assertThat(station.isConnected()).isFalse();
    }

    @Test
    void pendingBootIsSentAgainOnceTheIntervalHasPassedOnTheVirtualClock() throws Exception {
        AtomicInteger boots = new AtomicInteger();
        csms.answer("BootNotification", r -> json("{\"status\":\"" + (boots.incrementAndGet() == 1 ? "Pending"
                : "Accepted") + "\",\"currentTime\":\"" + OcppJson.format(OffsetDateTime.now())
                + "\",\"interval\":20}"));
        station = builder().clock(clock).build();
        var accepted = station.start();
        eventually(() -> station.registrationStatus().isPresent(), "the first boot answered");
        assertThat(station.registrationStatus()).contains(RegistrationStatus.PENDING);

        clock.advance(Duration.ofSeconds(19));
        assertThat(accepted).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        accepted.get(10, TimeUnit.SECONDS);
        assertThat(csms.payloads(ID, "BootNotification")).hasSize(2);
    }

    @Test
    void heartbeatGoesOutWhenTheClockPassesTheInterval() throws Exception {
        started(builder().clock(clock));
        clock.advance(Duration.ofSeconds(59));
        assertThat(csms.payloads(ID, "Heartbeat")).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        csms.awaitCount(ID, "Heartbeat", 1);
    }

    @Test
    void chargingSessionIsOneTransactionWithIncreasingSeqNo() throws Exception {
        started(builder().clock(clock));

        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.presentIdToken("04A1B2C3").get(10, TimeUnit.SECONDS);
        station.meterValues(1, 1200).get(10, TimeUnit.SECONDS);
        station.meterValues(1, 2400.5).get(10, TimeUnit.SECONDS);
        String transactionId = station.transactionId(1).orElseThrow();
        station.stopCharging(1).get(10, TimeUnit.SECONDS);
        station.unplug(1).get(10, TimeUnit.SECONDS);

        assertThat(csms.actions(ID)).containsExactly("BootNotification", "StatusNotification", "StatusNotification",
                "TransactionEvent", "Authorize", "TransactionEvent", "TransactionEvent", "TransactionEvent",
                "TransactionEvent", "StatusNotification");
        assertThat(events()).extracting(e -> e.path("eventType").asText())
                .containsExactly("Started", "Updated", "Updated", "Updated", "Ended");
        assertThat(events()).extracting(e -> e.path("triggerReason").asText())
                .containsExactly("CablePluggedIn", "Authorized", "MeterValuePeriodic", "MeterValuePeriodic",
                        "StopAuthorized");
        assertThat(events()).extracting(e -> e.path("seqNo").asInt()).containsExactly(0, 1, 2, 3, 4);
        assertThat(events()).extracting(e -> e.at("/transactionInfo/transactionId").asText())
                .containsOnly(transactionId);
        assertThat(events().get(0).at("/evse/id").asInt()).isEqualTo(1);
        assertThat(events().get(1).at("/idToken/idToken").asText()).isEqualTo("04A1B2C3");
        assertThat(events().get(1).at("/transactionInfo/chargingState").asText()).isEqualTo("Charging");
        assertThat(events().get(3).at("/meterValue/0/sampledValue/0/value").asDouble()).isEqualTo(2400.5);
        assertThat(events().get(4).at("/transactionInfo/stoppedReason").asText()).isEqualTo("Local");
        assertThat(events().get(0).path("timestamp").asText()).isEqualTo("2026-03-01T08:00:00Z");
        assertThat(csms.payloads(ID, "StatusNotification")).extracting(s -> s.path("connectorStatus").asText())
                .containsExactly("Available", "Occupied", "Available");
        assertThat(csms.payloads(ID, "Authorize").get(0).at("/idToken/type").asText()).isEqualTo("ISO14443");
    }

    @Test
    void unplugWhileChargingEndsTheTransactionAsEvCommunicationLost() throws Exception {
        started(builder().connectors(2));
        station.plugIn(2).get(10, TimeUnit.SECONDS);
        station.presentIdToken("TOKEN").get(10, TimeUnit.SECONDS);
        station.unplug(2).get(10, TimeUnit.SECONDS);
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.unplug(1).get(10, TimeUnit.SECONDS);

        List<ObjectNode> events = events();
        assertThat(events).extracting(e -> e.path("eventType").asText() + "/" + e.path("triggerReason").asText())
                .containsExactly("Started/CablePluggedIn", "Updated/Authorized", "Ended/EVCommunicationLost",
                        "Started/CablePluggedIn", "Ended/EVDeparted");
        assertThat(events.get(2).at("/transactionInfo/stoppedReason").asText()).isEqualTo("EVDisconnected");
        // A new transaction counts from 0 again, under a new id.
        assertThat(events).extracting(e -> e.path("seqNo").asInt()).containsExactly(0, 1, 2, 0, 1);
        assertThat(events.get(3).at("/transactionInfo/transactionId").asText())
                .isNotEqualTo(events.get(0).at("/transactionInfo/transactionId").asText());
        assertThat(events.get(3).at("/evse/id").asInt()).isEqualTo(1);
    }

    @Test
    void csmsResetAndChangeAvailabilityAreAcceptedByDefaultAndAnEnqueuedAnswerOverridesOnce() throws Exception {
        started(builder());
        assertThat(csms.call(ID, "Reset", json("{\"type\":\"OnIdle\"}")).get(10, TimeUnit.SECONDS)
                .path("status").asText()).isEqualTo("Accepted");
        assertThat(csms.call(ID, "ChangeAvailability", json("{\"operationalStatus\":\"Inoperative\"}"))
                .get(10, TimeUnit.SECONDS).path("status").asText()).isEqualTo("Accepted");

        station.enqueue(ResetRequest.class, new ResetResponse().withStatus(ResetStatusEnum.SCHEDULED));
        assertThat(csms.call(ID, "Reset", json("{\"type\":\"OnIdle\"}")).get(10, TimeUnit.SECONDS)
                .path("status").asText()).isEqualTo("Scheduled");
        assertThat(csms.call(ID, "Reset", json("{\"type\":\"OnIdle\"}")).get(10, TimeUnit.SECONDS)
                .path("status").asText()).isEqualTo("Accepted");
    }

    @Test
    void getAndSetVariablesAreAnsweredPerVariable() throws Exception {
        started(builder());
        ObjectNode get = csms.call(ID, "GetVariables", json("{\"getVariableData\":[{\"component\":{\"name\":"
                + "\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"HeartbeatInterval\"}}]}")).get(10, TimeUnit.SECONDS);
        assertThat(get.at("/getVariableResult/0/attributeValue").asText()).isEqualTo("60");
        ObjectNode set = csms.call(ID, "SetVariables", json("{\"setVariableData\":[{\"attributeValue\":\"15\","
                + "\"component\":{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"HeartbeatInterval\"}}]}"))
                .get(10, TimeUnit.SECONDS);
        assertThat(set.at("/setVariableResult/0/attributeStatus").asText()).isEqualTo("Accepted");
        // The library's runtime follows an accepted change of the heartbeat interval.
        eventually(() -> station.heartbeatInterval().equals(Duration.ofSeconds(15)), "the new heartbeat interval");
    }

    @Test
    void requestStartTransactionPlugsInAndStartsWithTheRemoteStartId() throws Exception {
        started(builder());
        assertThat(csms.call(ID, "RequestStartTransaction", json("{\"remoteStartId\":77,"
                + "\"idToken\":{\"idToken\":\"APP-1\",\"type\":\"Central\"}}")).get(10, TimeUnit.SECONDS)
                .path("status").asText()).isEqualTo("Accepted");
        csms.awaitCount(ID, "TransactionEvent", 2);
        List<ObjectNode> events = events();
        assertThat(events.get(0).path("triggerReason").asText()).isEqualTo("CablePluggedIn");
        assertThat(events.get(1).path("triggerReason").asText()).isEqualTo("RemoteStart");
        assertThat(events.get(1).at("/transactionInfo/remoteStartId").asInt()).isEqualTo(77);
        assertThat(events.get(1).at("/idToken/type").asText()).isEqualTo("Central");
        assertThat(csms.actions(ID)).containsExactly("BootNotification", "StatusNotification", "StatusNotification",
                "TransactionEvent", "Authorize", "TransactionEvent");

        String tx = events.get(0).at("/transactionInfo/transactionId").asText();
        csms.call(ID, "RequestStopTransaction", json("{\"transactionId\":\"" + tx + "\"}")).get(10, TimeUnit.SECONDS);
        csms.awaitCount(ID, "TransactionEvent", 3);
        assertThat(events().get(2).path("eventType").asText()).isEqualTo("Ended");
        assertThat(events().get(2).path("triggerReason").asText()).isEqualTo("RemoteStop");
        assertThat(events().get(2).path("seqNo").asInt()).isEqualTo(2);
    }

    @Test
    void triggeredStatusNotificationReportsTheConnectorsCurrentStatus() throws Exception {
        started(builder().connectors(2));
        station.plugIn(2).get(10, TimeUnit.SECONDS);
        csms.call(ID, "TriggerMessage", json("{\"requestedMessage\":\"StatusNotification\"}"))
                .get(10, TimeUnit.SECONDS);
        csms.awaitCount(ID, "StatusNotification", 5);
        // After the boot each EVSE's, then the plug-in, then the triggered report of every EVSE.
        assertThat(csms.payloads(ID, "StatusNotification")).extracting(
                s -> s.path("evseId").asInt() + ":" + s.path("connectorStatus").asText())
                .containsExactly("1:Available", "2:Available", "2:Occupied", "1:Available", "2:Occupied");
    }

    @Test
    void goOfflineDropsTheConnectionAndReconnectsAfterTheDurationWithoutBootingAgain() throws Exception {
        started(builder().clock(clock));
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.goOffline(Duration.ofMinutes(1)).get(10, TimeUnit.SECONDS);
        assertThat(station.isConnected()).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(station.isConnected()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        station.whenConnected().get(10, TimeUnit.SECONDS);
        station.presentIdToken("AFTER").get(10, TimeUnit.SECONDS);
        assertThat(csms.payloads(ID, "BootNotification")).hasSize(1);
        assertThat(events()).extracting(e -> e.path("seqNo").asInt()).containsExactly(0, 1);
    }

    @Test
    void typedCallsOfTheOtherVersionAreRefused() throws Exception {
        started(builder());
        HeartbeatResponse beat = station.call(new HeartbeatRequest()).get(10, TimeUnit.SECONDS);
        assertThat(beat.getCurrentTime()).isNotNull();
        assertThatThrownBy(() -> station.call(new dev.ocpp.v16.messages.HeartbeatRequest()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeLeavesTheCsmsWithoutASession() throws Exception {
        started(builder());
        station.close();
        eventually(() -> csms.server().sessions().isEmpty(), "no session at the CSMS");
        station.close(); // idempotent
        assertThat(station.isConnected()).isFalse();
    }

    @Test
    void transactionMessagesAreQueuedUnderKeysThatNameTheirTransaction() throws Exception {
        station = builder().build();
        List<String> keys = SimulatedStationTestCsms.queuedKeys(station);
        station.start().get(10, TimeUnit.SECONDS);
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.presentIdToken("TAG-1").get(10, TimeUnit.SECONDS);
        station.meterValues(1, 100).get(10, TimeUnit.SECONDS);
        station.unplug(1).get(10, TimeUnit.SECONDS);
        station.plugIn(1).get(10, TimeUnit.SECONDS);

        assertThat(keys).containsExactly(ID + "/tx1/start", ID + "/tx1/update1", ID + "/tx1/update2", ID + "/tx1/end",
                ID + "/tx2/start");
    }

    @Test
    void requestStartWhileChargingAndRequestStopOfAnUnknownTransactionAreRejected() throws Exception {
        started(builder());
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.presentIdToken("TAG-1").get(10, TimeUnit.SECONDS);
        String tx = station.transactionId(1).orElseThrow();

        assertThat(csms.call(ID, "RequestStartTransaction", json("{\"remoteStartId\":1,\"evseId\":1,"
                + "\"idToken\":{\"idToken\":\"R\",\"type\":\"Central\"}}")).get(10, TimeUnit.SECONDS)
                .path("status").asText()).isEqualTo("Rejected");
        assertThat(csms.call(ID, "RequestStopTransaction", json("{\"transactionId\":\"nope\"}"))
                .get(10, TimeUnit.SECONDS).path("status").asText()).isEqualTo("Rejected");
        assertThat(csms.call(ID, "RequestStopTransaction", json("{\"transactionId\":\"" + tx + "\"}"))
                .get(10, TimeUnit.SECONDS).path("status").asText()).isEqualTo("Accepted");
    }

    @Test
    void anImmediateResetEndsTheTransactionThenBootsAgainWithReasonRemoteReset() throws Exception {
        started(builder());
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.presentIdToken("TAG-1").get(10, TimeUnit.SECONDS);

        assertThat(csms.call(ID, "Reset", json("{\"type\":\"Immediate\"}")).get(10, TimeUnit.SECONDS)
                .path("status").asText()).isEqualTo("Accepted");

        csms.awaitCount(ID, "BootNotification", 2);
        ObjectNode ended = events().get(events().size() - 1);
        assertThat(ended.path("eventType").asText()).isEqualTo("Ended");
        assertThat(ended.path("triggerReason").asText()).isEqualTo("ResetCommand");
        assertThat(ended.at("/transactionInfo/stoppedReason").asText()).isEqualTo("ImmediateReset");
        assertThat(csms.payloads(ID, "BootNotification").get(1).path("reason").asText()).isEqualTo("RemoteReset");
        List<String> actions = csms.actions(ID);
        assertThat(actions.lastIndexOf("BootNotification")).isGreaterThan(actions.lastIndexOf("TransactionEvent"));
    }

    @Test
    void aResetOnIdleDuringATransactionIsScheduledAndRunsOnceTheTransactionHasEnded() throws Exception {
        started(builder());
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.presentIdToken("TAG-1").get(10, TimeUnit.SECONDS);

        assertThat(csms.call(ID, "Reset", json("{\"type\":\"OnIdle\"}")).get(10, TimeUnit.SECONDS)
                .path("status").asText()).isEqualTo("Scheduled");
        // Still charging: a meter reading goes out and nothing reboots.
        station.meterValues(1, 500).get(10, TimeUnit.SECONDS);
        assertThat(csms.payloads(ID, "BootNotification")).hasSize(1);

        station.unplug(1).get(10, TimeUnit.SECONDS);
        csms.awaitCount(ID, "BootNotification", 2);
        assertThat(csms.payloads(ID, "BootNotification").get(1).path("reason").asText()).isEqualTo("RemoteReset");
        assertThat(events().get(events().size() - 1).at("/transactionInfo/stoppedReason").asText())
                .isEqualTo("EVDisconnected");
    }

    @Test
    void aStationWhoseBootWasRejectedAnswersTheCsmsWithSecurityError() throws Exception {
        csms.answer("BootNotification", r -> json("{\"status\":\"Rejected\",\"currentTime\":\""
                + OcppJson.format(OffsetDateTime.now()) + "\",\"interval\":3600}"));
        station = builder().build();
        station.start();
        eventually(() -> station.registrationStatus().isPresent(), "the boot answered");

        // B03.FR.08: after Rejected the station takes no call of the CSMS.
        assertThatThrownBy(() -> csms.call(ID, "GetVariables", json("{\"getVariableData\":[{\"component\":"
                + "{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"HeartbeatInterval\"}}]}"))
                .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(dev.ocpp.core.CallErrorException.class)
                .hasMessageContaining("SecurityError");
    }

    @Test
    void whilePendingNoRemoteStartIsTakenAndATriggeredBootSaysSoOnceAcceptedNoneIs() throws Exception {
        AtomicInteger boots = new AtomicInteger();
        csms.answer("BootNotification", r -> json("{\"status\":\"" + (boots.incrementAndGet() == 1 ? "Pending"
                : "Accepted") + "\",\"currentTime\":\"" + OcppJson.format(OffsetDateTime.now())
                + "\",\"interval\":3600}"));
        station = builder().build();
        var accepted = station.start();
        eventually(() -> station.registrationStatus().isPresent(), "the first boot answered");

        // B02.FR.01: the CSMS may ask a Pending station for its device model, and the report comes while Pending.
        assertThat(csms.call(ID, "GetBaseReport", json("{\"requestId\":9,\"reportBase\":\"SummaryInventory\"}"))
                .get(10, TimeUnit.SECONDS).path("status").asText()).isEqualTo("Accepted");
        csms.awaitCount(ID, "NotifyReport", 1);
        assertThat(accepted).isNotDone();
        // B02.FR.05: no transaction while Pending.
        assertThat(csms.call(ID, "RequestStartTransaction", json("{\"remoteStartId\":1,"
                + "\"idToken\":{\"idToken\":\"R\",\"type\":\"Central\"}}")).get(10, TimeUnit.SECONDS)
                .path("status").asText()).isEqualTo("Rejected");
        assertThat(csms.call(ID, "TriggerMessage", json("{\"requestedMessage\":\"BootNotification\"}"))
                .get(10, TimeUnit.SECONDS).path("status").asText()).isEqualTo("Accepted");
        accepted.get(10, TimeUnit.SECONDS);
        assertThat(csms.payloads(ID, "BootNotification").get(1).path("reason").asText()).isEqualTo("Triggered");

        // F06.FR.17: accepted, the station does not boot again on request.
        assertThat(csms.call(ID, "TriggerMessage", json("{\"requestedMessage\":\"BootNotification\"}"))
                .get(10, TimeUnit.SECONDS).path("status").asText()).isEqualTo("Rejected");
    }

    @Test
    void getTransactionStatusSaysWhetherTheTransactionIsOnAndAnythingIsQueued() throws Exception {
        started(builder());
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        String tx = station.transactionId(1).orElseThrow();

        // E14: on, and everything delivered (the step waited for it).
        ObjectNode on = csms.call(ID, "GetTransactionStatus", json("{\"transactionId\":\"" + tx + "\"}"))
                .get(10, TimeUnit.SECONDS);
        assertThat(on.path("ongoingIndicator").asBoolean()).isTrue();
        assertThat(on.path("messagesInQueue").asBoolean()).isFalse();
        ObjectNode other = csms.call(ID, "GetTransactionStatus", json("{\"transactionId\":\"nope\"}"))
                .get(10, TimeUnit.SECONDS);
        assertThat(other.path("ongoingIndicator").asBoolean()).isFalse();

        station.unplug(1).get(10, TimeUnit.SECONDS);
        assertThat(csms.call(ID, "GetTransactionStatus", json("{\"transactionId\":\"" + tx + "\"}"))
                .get(10, TimeUnit.SECONDS).path("ongoingIndicator").asBoolean()).isFalse();
    }
}
