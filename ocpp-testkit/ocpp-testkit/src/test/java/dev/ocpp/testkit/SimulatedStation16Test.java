package dev.ocpp.testkit;

import static dev.ocpp.testkit.SimulatedStationTestCsms.eventually;
import static dev.ocpp.testkit.SimulatedStationTestCsms.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.frame.Frame;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v16.messages.DataTransferRequest;
import dev.ocpp.v16.messages.DataTransferResponse;
import dev.ocpp.v16.messages.ResetRequest;
import dev.ocpp.v16.messages.ResetResponse;
import dev.ocpp.v16.types.DataTransferStatus;
import dev.ocpp.v16.types.ResetStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A simulated OCPP 1.6 charge point against the library's CSMS, in memory. */
class SimulatedStation16Test {

    private static final String ID = "CP-16";

    final InMemoryNetwork net = new InMemoryNetwork();
    final SimulatedStationTestCsms csms = new SimulatedStationTestCsms(OcppVersion.OCPP16, net.serverTransport());
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
        return SimulatedStation.builder(OcppVersion.OCPP16).identity(ID).endpoint(csms.endpoint())
                .transport(net.clientTransport());
    }

    private SimulatedStation started(SimulatedStation.Builder b) throws Exception {
        station = b.build();
        station.start().get(10, TimeUnit.SECONDS);
        return station;
    }

    @Test
    void anApplicationListenerHearsTheExchangesAndConnectionEventsOfTheStation() throws Exception {
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<ConnectionEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> bootHeard = new CompletableFuture<>();
        CompletableFuture<Void> connectedHeard = new CompletableFuture<>();
        started(builder().listener(new OcppEventListener() {
            @Override
            public void callEnded(OcppSession session, Frame.Call call, Frame.CallResult result, Duration elapsed) {
                calls.add(call.action() + " -> " + result.payload().path("status").asText());
                if (call.action().equals("BootNotification")) {
                    bootHeard.complete(null);
                }
            }
        }).onConnectionEvent(e -> {
            events.add(e);
            if (e instanceof ConnectionEvent.Connected) {
                connectedHeard.complete(null);
            }
        }));
        bootHeard.get(10, TimeUnit.SECONDS);
        connectedHeard.get(10, TimeUnit.SECONDS);

        assertThat(calls).first().isEqualTo("BootNotification -> Accepted");
        assertThat(events).first().isInstanceOf(ConnectionEvent.Connecting.class);
    }

    @Test
    void stationBootsAndIsAcceptedByTheCsms() throws Exception {
        started(builder().vendor("ACME").model("Wallbox"));

        assertThat(station.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
        assertThat(station.isConnected()).isTrue();
        assertThat(station.heartbeatInterval()).isEqualTo(Duration.ofSeconds(60));
        ObjectNode boot = csms.payloads(ID, "BootNotification").get(0);
        assertThat(boot.path("chargePointVendor").asText()).isEqualTo("ACME");
        assertThat(boot.path("chargePointModel").asText()).isEqualTo("Wallbox");
        assertThat(station.journal().last("BootNotification").orElseThrow().answered()).isTrue();
    }

    @Test
    void pendingBootIsSentAgainOnceTheIntervalHasPassedOnTheVirtualClock() throws Exception {
        AtomicInteger boots = new AtomicInteger();
        csms.answer("BootNotification", r -> json("{\"status\":\"" + (boots.incrementAndGet() == 1 ? "Pending"
                : "Accepted") + "\",\"currentTime\":\"" + OcppJson.format(OffsetDateTime.now())
                + "\",\"interval\":30}"));
        station = builder().clock(clock).build();
        var accepted = station.start();
        eventually(() -> station.registrationStatus().isPresent(), "the first boot answered");
        assertThat(station.registrationStatus()).contains(RegistrationStatus.PENDING);

        clock.advance(Duration.ofSeconds(29));
        assertThat(accepted).isNotDone();
        assertThat(csms.payloads(ID, "BootNotification")).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        accepted.get(10, TimeUnit.SECONDS);
        assertThat(csms.payloads(ID, "BootNotification")).hasSize(2);
        assertThat(station.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
    }

    @Test
    void heartbeatGoesOutWhenTheClockPassesTheInterval() throws Exception {
        started(builder().clock(clock));
        assertThat(csms.payloads(ID, "Heartbeat")).isEmpty();

        clock.advance(Duration.ofSeconds(60));
        csms.awaitCount(ID, "Heartbeat", 1);
        clock.advance(Duration.ofSeconds(60));
        csms.awaitCount(ID, "Heartbeat", 2);
    }

    @Test
    void chargingSessionReachesTheCsmsAsTheSection4MessagesInOrder() throws Exception {
        started(builder().connectors(2));

        station.plugIn(2).get(10, TimeUnit.SECONDS);
        station.presentIdToken("TAG-1").get(10, TimeUnit.SECONDS);
        assertThat(station.isCharging(2)).isTrue();
        String transactionId = station.transactionId(2).orElseThrow();
        station.meterValues(2, 1500).get(10, TimeUnit.SECONDS);
        station.stopCharging(2).get(10, TimeUnit.SECONDS);
        station.unplug(2).get(10, TimeUnit.SECONDS);

        // After the accepted boot, each connector's status (§4.9); then the session on connector 2.
        assertThat(csms.actions(ID)).containsExactly("BootNotification", "StatusNotification", "StatusNotification",
                "StatusNotification", "Authorize", "StartTransaction", "StatusNotification", "MeterValues",
                "StopTransaction", "StatusNotification", "StatusNotification");
        assertThat(csms.payloads(ID, "StatusNotification")).extracting(s -> s.path("connectorId").asInt() + " "
                + s.path("status").asText()).containsExactly("1 Available", "2 Available", "2 Preparing",
                        "2 Charging", "2 Finishing", "2 Available");
        assertThat(csms.payloads(ID, "Authorize").get(0).path("idTag").asText()).isEqualTo("TAG-1");
        ObjectNode start = csms.payloads(ID, "StartTransaction").get(0);
        assertThat(start.path("connectorId").asInt()).isEqualTo(2);
        assertThat(start.path("meterStart").asInt()).isZero();
        // The CSMS's transactionId is the one the later messages carry.
        assertThat(transactionId).isEqualTo("4101");
        ObjectNode meter = csms.payloads(ID, "MeterValues").get(0);
        assertThat(meter.path("transactionId").asInt()).isEqualTo(4101);
        assertThat(meter.at("/meterValue/0/sampledValue/0/value").asText()).isEqualTo("1500");
        ObjectNode stop = csms.payloads(ID, "StopTransaction").get(0);
        assertThat(stop.path("transactionId").asInt()).isEqualTo(4101);
        assertThat(stop.path("meterStop").asInt()).isEqualTo(1500);
        assertThat(stop.path("reason").asText()).isEqualTo("Local");
        assertThat(station.transactionId(2)).isEmpty();
        assertThat(station.isPluggedIn(2)).isFalse();
    }

    @Test
    void unplugWhileChargingStopsWithEvDisconnectedFirst() throws Exception {
        started(builder());
        station.presentIdToken("TAG-2").get(10, TimeUnit.SECONDS); // no cable yet: only Authorize
        assertThat(csms.actions(ID)).containsExactly("BootNotification", "StatusNotification", "Authorize");
        station.plugIn(1).get(10, TimeUnit.SECONDS); // the accepted token starts charging now
        station.unplug(1).get(10, TimeUnit.SECONDS);

        assertThat(csms.actions(ID)).containsExactly("BootNotification", "StatusNotification", "Authorize",
                "StatusNotification", "StartTransaction", "StatusNotification", "StopTransaction",
                "StatusNotification");
        assertThat(csms.payloads(ID, "StopTransaction").get(0).path("reason").asText()).isEqualTo("EVDisconnected");
        assertThat(csms.payloads(ID, "StatusNotification").get(3).path("status").asText()).isEqualTo("Available");
    }

    @Test
    void aStepThatMakesNoSenseFailsAndTheNextStepsStillRun() throws Exception {
        started(builder());
        var stop = station.stopCharging(1);
        var unplug = station.unplug(1);
        var plug = station.plugIn(1);
        assertThatThrownBy(() -> stop.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> unplug.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        plug.get(10, TimeUnit.SECONDS);
        assertThat(csms.actions(ID)).containsExactly("BootNotification", "StatusNotification", "StatusNotification");
        assertThatThrownBy(() -> station.plugIn(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void csmsResetAndChangeAvailabilityAreAcceptedByDefaultAndAnEnqueuedAnswerOverridesOnce() throws Exception {
        started(builder());
        assertThat(csms.call(ID, "Reset", json("{\"type\":\"Soft\"}")).get(10, TimeUnit.SECONDS)
                .path("status").asText()).isEqualTo("Accepted");
        assertThat(csms.call(ID, "ChangeAvailability", json("{\"connectorId\":0,\"type\":\"Inoperative\"}"))
                .get(10, TimeUnit.SECONDS).path("status").asText()).isEqualTo("Accepted");

        station.enqueue(ResetRequest.class, new ResetResponse().withStatus(ResetStatus.REJECTED));
        assertThat(csms.call(ID, "Reset", json("{\"type\":\"Hard\"}")).get(10, TimeUnit.SECONDS)
                .path("status").asText()).isEqualTo("Rejected");
        assertThat(csms.call(ID, "Reset", json("{\"type\":\"Hard\"}")).get(10, TimeUnit.SECONDS)
                .path("status").asText()).isEqualTo("Accepted");

        ResetRequest taken = station.takeCall(ResetRequest.class, Duration.ofSeconds(10));
        assertThat(taken.getType().value()).isEqualTo("Soft");
    }

    @Test
    void remoteStartAndStopRunTheChargingStepsAfterTheAcceptedAnswer() throws Exception {
        started(builder());
        assertThat(csms.call(ID, "RemoteStartTransaction", json("{\"idTag\":\"REMOTE-1\",\"connectorId\":1}"))
                .get(10, TimeUnit.SECONDS).path("status").asText()).isEqualTo("Accepted");
        // Available after the boot, Preparing, then Charging after StartTransaction.
        csms.awaitCount(ID, "StatusNotification", 3);
        assertThat(station.isCharging(1)).isTrue();
        assertThat(csms.actions(ID)).containsExactly("BootNotification", "StatusNotification", "StatusNotification",
                "Authorize", "StartTransaction", "StatusNotification");
        assertThat(csms.payloads(ID, "StartTransaction").get(0).path("idTag").asText()).isEqualTo("REMOTE-1");

        String tx = station.transactionId(1).orElseThrow();
        csms.call(ID, "RemoteStopTransaction", json("{\"transactionId\":" + tx + "}")).get(10, TimeUnit.SECONDS);
        csms.awaitCount(ID, "StopTransaction", 1);
        assertThat(csms.payloads(ID, "StopTransaction").get(0).path("reason").asText()).isEqualTo("Remote");
    }

    @Test
    void aRejectedRemoteStartStartsNothing() throws Exception {
        started(builder());
        station.enqueue(dev.ocpp.v16.messages.RemoteStartTransactionRequest.class,
                new dev.ocpp.v16.messages.RemoteStartTransactionResponse()
                        .withStatus(dev.ocpp.v16.types.RemoteStartStopStatus.REJECTED));
        csms.call(ID, "RemoteStartTransaction", json("{\"idTag\":\"REMOTE-1\"}")).get(10, TimeUnit.SECONDS);
        // A Heartbeat asked for afterwards is the next message: nothing was started in between.
        csms.call(ID, "TriggerMessage", json("{\"requestedMessage\":\"Heartbeat\"}")).get(10, TimeUnit.SECONDS);
        csms.awaitCount(ID, "Heartbeat", 1);
        assertThat(csms.actions(ID)).containsExactly("BootNotification", "StatusNotification", "Heartbeat");
    }

    @Test
    void goOfflineDropsTheConnectionAndReconnectsAfterTheDurationWithoutBootingAgain() throws Exception {
        started(builder().clock(clock));
        // The status report after the boot is answered before the network goes.
        station.journal().await(e -> e.action().equals("StatusNotification") && e.answered(), Duration.ofSeconds(10))
                .orElseThrow();
        station.goOffline(Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        assertThat(station.isConnected()).isFalse();
        eventually(() -> csms.server().sessions().isEmpty(), "the CSMS sees the connection gone");
        var meter = station.meterValues(1, 42); // waits for the connection

        clock.advance(Duration.ofSeconds(10));
        station.whenConnected().get(10, TimeUnit.SECONDS);
        meter.get(10, TimeUnit.SECONDS);
        assertThat(station.isConnected()).isTrue();
        assertThat(csms.actions(ID)).containsExactly("BootNotification", "StatusNotification", "MeterValues");
        assertThat(csms.server().sessions()).hasSize(1);
    }

    @Test
    void typedCallsAreCheckedForVersionAndDirection() throws Exception {
        started(builder());
        DataTransferResponse answer = station.call(new DataTransferRequest().withVendorId("dev.ocpp"))
                .get(10, TimeUnit.SECONDS);
        assertThat(answer.getStatus()).isEqualTo(DataTransferStatus.ACCEPTED);
        assertThatThrownBy(() -> station.call(new dev.ocpp.v201.messages.HeartbeatRequest()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> station.call(new ResetRequest())).isInstanceOf(IllegalArgumentException.class);
        // Raw calls go out unchecked, so the CSMS's refusal can be seen.
        assertThatThrownBy(() -> station.callRaw("Heartbeat", json("{\"unexpected\":1}")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(dev.ocpp.core.CallErrorException.class);
    }

    @Test
    void closeLeavesTheCsmsWithoutASession() throws Exception {
        started(builder());
        // The status report after the boot is in: nothing the station sent can arrive after the close.
        csms.awaitCount(ID, "StatusNotification", 1);
        assertThat(csms.server().sessions()).hasSize(1);
        station.close();
        eventually(() -> csms.server().sessions().isEmpty(), "no session at the CSMS");
        assertThat(station.isConnected()).isFalse();
        assertThatThrownBy(() -> station.whenConnected().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(dev.ocpp.core.ConnectionClosedException.class);
        List<String> before = csms.actions(ID);
        assertThatThrownBy(() -> station.plugIn(1).get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(csms.actions(ID)).isEqualTo(before);
    }

    @Test
    void transactionMessagesAreQueuedUnderKeysThatNameTheirTransaction() throws Exception {
        station = builder().build();
        List<String> keys = SimulatedStationTestCsms.queuedKeys(station);
        station.start().get(10, TimeUnit.SECONDS);
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.presentIdToken("TAG-1").get(10, TimeUnit.SECONDS);
        station.meterValues(1, 100).get(10, TimeUnit.SECONDS);
        station.meterValues(1, 200).get(10, TimeUnit.SECONDS);
        station.unplug(1).get(10, TimeUnit.SECONDS);
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.presentIdToken("TAG-2").get(10, TimeUnit.SECONDS);

        assertThat(keys).containsExactly(ID + "/tx1/start", ID + "/tx1/meter1", ID + "/tx1/meter2", ID + "/tx1/end",
                ID + "/tx2/start");
    }

    @Test
    void remoteStartWhileChargingAndRemoteStopOfAnUnknownTransactionAreRejected() throws Exception {
        started(builder());
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.presentIdToken("TAG-1").get(10, TimeUnit.SECONDS);
        String tx = station.transactionId(1).orElseThrow();

        // §5.11: the one connector is charging; §5.12: only a transaction that is on can be stopped.
        assertThat(csms.call(ID, "RemoteStartTransaction", json("{\"idTag\":\"R\",\"connectorId\":1}"))
                .get(10, TimeUnit.SECONDS).path("status").asText()).isEqualTo("Rejected");
        assertThat(csms.call(ID, "RemoteStartTransaction", json("{\"idTag\":\"R\",\"connectorId\":2}"))
                .get(10, TimeUnit.SECONDS).path("status").asText()).isEqualTo("Rejected");
        assertThat(csms.call(ID, "RemoteStopTransaction", json("{\"transactionId\":" + (Integer.parseInt(tx) + 1)
                + "}")).get(10, TimeUnit.SECONDS).path("status").asText()).isEqualTo("Rejected");
        assertThat(csms.call(ID, "RemoteStopTransaction", json("{\"transactionId\":" + tx + "}"))
                .get(10, TimeUnit.SECONDS).path("status").asText()).isEqualTo("Accepted");
    }

    @Test
    void anAcceptedResetStopsTheTransactionWithItsReasonThenBootsAgain() throws Exception {
        started(builder());
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.presentIdToken("TAG-1").get(10, TimeUnit.SECONDS);
        String tx = station.transactionId(1).orElseThrow();

        assertThat(csms.call(ID, "Reset", json("{\"type\":\"Hard\"}")).get(10, TimeUnit.SECONDS)
                .path("status").asText()).isEqualTo("Accepted");

        // §5.14: the transaction stops with the reset's reason, then the station reboots.
        csms.awaitCount(ID, "BootNotification", 2);
        ObjectNode stop = csms.payloads(ID, "StopTransaction").get(0);
        assertThat(stop.path("transactionId").asText()).isEqualTo(tx);
        assertThat(stop.path("reason").asText()).isEqualTo("HardReset");
        List<String> actions = csms.actions(ID);
        assertThat(actions.lastIndexOf("BootNotification")).isGreaterThan(actions.indexOf("StopTransaction"));
        assertThat(station.isCharging(1)).isFalse();
    }
}
