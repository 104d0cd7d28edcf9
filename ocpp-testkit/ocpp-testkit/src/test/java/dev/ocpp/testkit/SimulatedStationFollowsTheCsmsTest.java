package dev.ocpp.testkit;

import static dev.ocpp.testkit.SimulatedStationTestCsms.eventually;
import static dev.ocpp.testkit.SimulatedStationTestCsms.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.delivery.DeliveryListener;
import dev.ocpp.core.delivery.StoredMessage;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a bare {@link SimulatedStation} does by itself to be a conformant station: default answers that follow what
 * the CSMS set, follow-ups after its own answers, the status report after a boot and a reconnect, and the delivery
 * queue of its transaction messages (offline, retries). Both versions, in memory, on a virtual clock where time
 * matters.
 */
class SimulatedStationFollowsTheCsmsTest {

    private static final String ID = "CS-FOLLOW";
    private static final String UNTRUSTED = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    final InMemoryNetwork net = new InMemoryNetwork();
    final VirtualClock clock = new VirtualClock(Instant.parse("2026-03-01T08:00:00Z"));
    SimulatedStationTestCsms csms;
    SimulatedStation station;

    @AfterEach
    void stop() {
        if (station != null) {
            station.close();
        }
        if (csms != null) {
            csms.close();
        }
    }

    private SimulatedStation started(OcppVersion version, int connectors) throws Exception {
        csms = new SimulatedStationTestCsms(version, net.serverTransport());
        station = SimulatedStation.builder(version).identity(ID).endpoint(csms.endpoint())
                .transport(net.clientTransport()).clock(clock).connectors(connectors).build();
        station.start().get(10, TimeUnit.SECONDS);
        // The status report after the boot, answered at the station: what a test changes at the CSMS from now on
        // does not touch it.
        eventually(() -> station.journal().exchanges("StatusNotification").stream().filter(Exchange::answered).count()
                == connectors, "the status of every connector answered");
        return station;
    }

    private ObjectNode call(String action, String payload) throws Exception {
        return csms.call(ID, action, json(payload.replace('\'', '"'))).get(10, TimeUnit.SECONDS);
    }

    private String status(String action, String payload) throws Exception {
        return call(action, payload).path("status").asText();
    }

    /** Sends a TriggerMessage(Heartbeat) and waits for its Heartbeat: whatever came before it was sent already. */
    private void flush() throws Exception {
        int before = csms.payloads(ID, "Heartbeat").size();
        call("TriggerMessage", "{'requestedMessage':'Heartbeat'}");
        csms.awaitCount(ID, "Heartbeat", before + 1);
    }

    private List<String> actionsAfterBoot() {
        List<String> all = csms.actions(ID);
        return all.subList(all.lastIndexOf("BootNotification") + 1, all.size());
    }

    // ------------------------------------------------------------------------------------------------ state

    @Test
    void cancelReservationOfAKnownIdIsAcceptedOnceAndOfAnUnknownIdRejected16() throws Exception {
        started(OcppVersion.OCPP16, 1);
        assertThat(status("ReserveNow", "{'connectorId':1,'expiryDate':'2026-03-01T09:00:00Z','idTag':'T',"
                + "'reservationId':7}")).isEqualTo("Accepted");
        assertThat(status("CancelReservation", "{'reservationId':8}")).isEqualTo("Rejected");
        assertThat(status("CancelReservation", "{'reservationId':7}")).isEqualTo("Accepted");
        assertThat(status("CancelReservation", "{'reservationId':7}")).isEqualTo("Rejected");
        assertThat(status("ReserveNow", "{'connectorId':2,'expiryDate':'2026-03-01T09:00:00Z','idTag':'T',"
                + "'reservationId':9}")).as("a connector the station does not have").isEqualTo("Rejected");
    }

    @Test
    void cancelReservationOfUnknownIdIsRejected201() throws Exception {
        started(OcppVersion.OCPP201, 1);
        assertThat(status("CancelReservation", "{'reservationId':3}")).isEqualTo("Rejected");
        assertThat(status("ReserveNow", "{'id':3,'expiryDateTime':'2026-03-01T09:00:00Z','evseId':1,"
                + "'idToken':{'idToken':'T','type':'ISO14443'}}")).isEqualTo("Accepted");
        assertThat(status("CancelReservation", "{'reservationId':3}")).isEqualTo("Accepted");
    }

    @Test
    void getLocalListVersionReportsTheVersionLastSent() throws Exception {
        started(OcppVersion.OCPP16, 1);
        assertThat(call("GetLocalListVersion", "{}").path("listVersion").asInt()).isZero();
        assertThat(status("SendLocalList", "{'listVersion':42,'updateType':'Full'}")).isEqualTo("Accepted");
        assertThat(call("GetLocalListVersion", "{}").path("listVersion").asInt()).isEqualTo(42);
    }

    @Test
    void getLocalListVersionReportsTheVersionLastSent201() throws Exception {
        started(OcppVersion.OCPP201, 1);
        assertThat(status("SendLocalList", "{'versionNumber':5,'updateType':'Full'}")).isEqualTo("Accepted");
        assertThat(call("GetLocalListVersion", "{}").path("versionNumber").asInt()).isEqualTo(5);
    }

    @Test
    void clearChargingProfileOfAnUnknownIdIsUnknownAndWithoutCriteriaClearsAll16() throws Exception {
        started(OcppVersion.OCPP16, 1);
        for (int id : new int[] {11, 12}) {
            assertThat(status("SetChargingProfile", "{'connectorId':0,'csChargingProfiles':{'chargingProfileId':" + id
                    + ",'stackLevel':0,'chargingProfilePurpose':'TxDefaultProfile','chargingProfileKind':'Relative',"
                    + "'chargingSchedule':{'chargingRateUnit':'A','chargingSchedulePeriod':[{'startPeriod':0,"
                    + "'limit':16.0}]}}}")).isEqualTo("Accepted");
        }
        assertThat(status("ClearChargingProfile", "{'id':13}")).isEqualTo("Unknown");
        assertThat(status("ClearChargingProfile", "{'id':11}")).isEqualTo("Accepted");
        assertThat(status("ClearChargingProfile", "{'chargingProfilePurpose':'TxProfile'}")).isEqualTo("Unknown");
        assertThat(status("ClearChargingProfile", "{}")).isEqualTo("Accepted");
        assertThat(status("ClearChargingProfile", "{}")).isEqualTo("Unknown");
    }

    @Test
    void aTxProfileIsTakenOnlyForTheTransactionRunningOnItsConnector16() throws Exception {
        started(OcppVersion.OCPP16, 2);
        String tx = "{'connectorId':1,'csChargingProfiles':{'chargingProfileId':31,'stackLevel':0,"
                + "'chargingProfilePurpose':'TxProfile','chargingProfileKind':'Relative',"
                + "'chargingSchedule':{'chargingRateUnit':'A','chargingSchedulePeriod':[{'startPeriod':0,"
                + "'limit':16.0}]}}}";
        // §5.16: not in advance of a transaction.
        assertThat(status("SetChargingProfile", tx)).isEqualTo("Rejected");
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.presentIdToken("TAG").get(10, TimeUnit.SECONDS);
        assertThat(status("SetChargingProfile", tx)).isEqualTo("Accepted");
        assertThat(status("SetChargingProfile", tx.replace("'connectorId':1", "'connectorId':2")))
                .as("no transaction on connector 2").isEqualTo("Rejected");
    }

    @Test
    void aTxProfileIsTakenOnlyForTheTransactionRunningOnItsEvse201() throws Exception {
        started(OcppVersion.OCPP201, 1);
        String profile = "{'evseId':1,'chargingProfile':{'id':41,'stackLevel':0,'chargingProfilePurpose':'TxProfile',"
                + "'chargingProfileKind':'Relative','transactionId':'TX','chargingSchedule':[{'id':1,"
                + "'chargingRateUnit':'A','chargingSchedulePeriod':[{'startPeriod':0,'limit':16.0}]}]}}";
        assertThat(status("SetChargingProfile", profile.replace("TX", "none"))).isEqualTo("Rejected");
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        String tx = station.transactionId(1).orElseThrow();
        // K01: for the transaction on the EVSE, not another one.
        assertThat(status("SetChargingProfile", profile.replace("TX", "other"))).isEqualTo("Rejected");
        assertThat(status("SetChargingProfile", profile.replace("TX", tx))).isEqualTo("Accepted");
    }

    @Test
    void clearChargingProfileOfAnUnknownIdIsUnknown201() throws Exception {
        started(OcppVersion.OCPP201, 1);
        assertThat(status("SetChargingProfile", "{'evseId':0,'chargingProfile':{'id':21,'stackLevel':1,"
                + "'chargingProfilePurpose':'TxDefaultProfile','chargingProfileKind':'Relative',"
                + "'chargingSchedule':[{'id':1,'chargingRateUnit':'A','chargingSchedulePeriod':[{'startPeriod':0,"
                + "'limit':16.0}]}]}}")).isEqualTo("Accepted");
        assertThat(status("ClearChargingProfile", "{'chargingProfileId':22}")).isEqualTo("Unknown");
        assertThat(status("ClearChargingProfile", "{'chargingProfileCriteria':{'stackLevel':1}}"))
                .isEqualTo("Accepted");
        assertThat(status("ClearChargingProfile", "{'chargingProfileId':21}")).isEqualTo("Unknown");
    }

    @Test
    void changeConfigurationIsReadBackAndUnknownOrReadOnlyKeysAreRefused() throws Exception {
        started(OcppVersion.OCPP16, 2);
        assertThat(status("ChangeConfiguration", "{'key':'MeterValueSampleInterval','value':'30'}"))
                .isEqualTo("Accepted");
        assertThat(status("ChangeConfiguration", "{'key':'HeartbeatInterval','value':'15'}")).isEqualTo("Accepted");
        assertThat(status("ChangeConfiguration", "{'key':'HeartbeatInterval','value':'soon'}")).isEqualTo("Rejected");
        assertThat(status("ChangeConfiguration", "{'key':'NoSuchKey','value':'1'}")).isEqualTo("NotSupported");
        assertThat(status("ChangeConfiguration", "{'key':'NumberOfConnectors','value':'4'}")).isEqualTo("Rejected");

        ObjectNode config = call("GetConfiguration", "{'key':['MeterValueSampleInterval','HeartbeatInterval',"
                + "'NumberOfConnectors']}");
        assertThat(config.path("configurationKey")).extracting(k -> k.path("key").asText() + "="
                + k.path("value").asText()).containsExactly("MeterValueSampleInterval=30", "HeartbeatInterval=15",
                        "NumberOfConnectors=2");
        // The heartbeat follows the accepted change.
        assertThat(station.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void setVariablesAreReadBackByGetVariables() throws Exception {
        started(OcppVersion.OCPP201, 1);
        call("SetVariables", "{'setVariableData':[{'attributeValue':'5','component':{'name':'OCPPCommCtrlr'},"
                + "'variable':{'name':'MessageAttempts','instance':'TransactionEvent'}}]}");
        ObjectNode got = call("GetVariables", "{'getVariableData':[{'component':{'name':'OCPPCommCtrlr'},"
                + "'variable':{'name':'MessageAttempts','instance':'TransactionEvent'}}]}");
        assertThat(got.at("/getVariableResult/0/attributeStatus").asText()).isEqualTo("Accepted");
        assertThat(got.at("/getVariableResult/0/attributeValue").asText()).isEqualTo("5");
        // The delivery queue took the accepted setting in too.
        assertThat(station.delivery().retrySettings().attempts()).isEqualTo(5);
    }

    // ------------------------------------------------------------------------------------------------ follow-ups

    @Test
    void getDiagnosticsIsFollowedByUploadFailed() throws Exception {
        started(OcppVersion.OCPP16, 1);
        assertThat(call("GetDiagnostics", "{'location':'ftp://127.0.0.1:1/'}").hasNonNull("fileName")).isTrue();
        csms.awaitCount(ID, "DiagnosticsStatusNotification", 1);
        assertThat(csms.payloads(ID, "DiagnosticsStatusNotification").get(0).path("status").asText())
                .isEqualTo("UploadFailed");
    }

    @Test
    void getLogIsFollowedByUploadFailureWithTheRequestId() throws Exception {
        started(OcppVersion.OCPP201, 1);
        assertThat(status("GetLog", "{'logType':'DiagnosticsLog','requestId':99,'log':{'remoteLocation':"
                + "'ftp://127.0.0.1:1/'}}")).isEqualTo("Accepted");
        csms.awaitCount(ID, "LogStatusNotification", 1);
        ObjectNode report = csms.payloads(ID, "LogStatusNotification").get(0);
        assertThat(report.path("status").asText()).isEqualTo("UploadFailure");
        assertThat(report.path("requestId").asInt()).isEqualTo(99);
    }

    @Test
    void anAnswerTheTestGaveHasNoFollowUp() throws Exception {
        started(OcppVersion.OCPP201, 1);
        station.respondWith(dev.ocpp.v201.messages.GetLogRequest.class, q -> new dev.ocpp.v201.messages
                .GetLogResponse().withStatus(dev.ocpp.v201.types.LogStatusEnum.ACCEPTED));
        call("GetLog", "{'logType':'DiagnosticsLog','requestId':1,'log':{'remoteLocation':'ftp://127.0.0.1:1/'}}");
        flush();
        assertThat(actionsAfterBoot()).doesNotContain("LogStatusNotification");
    }

    @Test
    void signedFirmwareFromAnUntrustedSignerIsInvalidCertificateAndReportedAsASecurityEvent16() throws Exception {
        started(OcppVersion.OCPP16, 1);
        assertThat(status("SignedUpdateFirmware", "{'requestId':1,'firmware':{'location':'ftp://127.0.0.1:1/f',"
                + "'retrieveDateTime':'2026-03-01T08:00:00Z','signingCertificate':'" + UNTRUSTED.replace("\n", "\\n")
                + "','signature':'AA=='}}")).isEqualTo("InvalidCertificate");
        csms.awaitCount(ID, "SecurityEventNotification", 1);
        assertThat(csms.payloads(ID, "SecurityEventNotification").get(0).path("type").asText())
                .isEqualTo("InvalidFirmwareSigningCertificate");
    }

    @Test
    void signedFirmwareFromAnUntrustedSignerIsInvalidCertificateAndAnUnsignedOneRejected201() throws Exception {
        started(OcppVersion.OCPP201, 1);
        assertThat(status("UpdateFirmware", "{'requestId':1,'firmware':{'location':'ftp://127.0.0.1:1/f',"
                + "'retrieveDateTime':'2026-03-01T08:00:00Z'}}")).isEqualTo("Rejected");
        assertThat(status("UpdateFirmware", "{'requestId':2,'firmware':{'location':'ftp://127.0.0.1:1/f',"
                + "'retrieveDateTime':'2026-03-01T08:00:00Z','signingCertificate':'" + UNTRUSTED.replace("\n", "\\n")
                + "','signature':'AA=='}}")).isEqualTo("InvalidCertificate");
        csms.awaitCount(ID, "SecurityEventNotification", 1);
        flush();
        assertThat(csms.payloads(ID, "SecurityEventNotification")).hasSize(1)
                .allSatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("InvalidFirmwareSigningCertificate"));
    }

    @Test
    void triggeredCertificateSigningSendsSignCertificateWithAPemCsr() throws Exception {
        started(OcppVersion.OCPP201, 1);
        assertThat(status("TriggerMessage", "{'requestedMessage':'SignChargingStationCertificate'}"))
                .isEqualTo("Accepted");
        csms.awaitCount(ID, "SignCertificate", 1);
        ObjectNode sign = csms.payloads(ID, "SignCertificate").get(0);
        assertThat(sign.path("certificateType").asText()).isEqualTo("ChargingStationCertificate");
        String csr = sign.path("csr").asText();
        assertThat(csr).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        String body = csr.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        assertThat(Base64.getDecoder().decode(body)[0]).as("a DER SEQUENCE").isEqualTo((byte) 0x30);
    }

    @Test
    void triggeredMeterValuesOfATransactionCarryItsIdAndContextTrigger() throws Exception {
        started(OcppVersion.OCPP16, 1);
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.presentIdToken("TAG").get(10, TimeUnit.SECONDS);
        station.meterValues(1, 700).get(10, TimeUnit.SECONDS);
        assertThat(status("TriggerMessage", "{'requestedMessage':'MeterValues','connectorId':1}"))
                .isEqualTo("Accepted");
        csms.awaitCount(ID, "MeterValues", 2);
        ObjectNode triggered = csms.payloads(ID, "MeterValues").get(1);
        assertThat(triggered.path("transactionId").asText()).isEqualTo(station.transactionId(1).orElseThrow());
        assertThat(triggered.at("/meterValue/0/sampledValue/0/context").asText()).isEqualTo("Trigger");
        assertThat(triggered.at("/meterValue/0/sampledValue/0/value").asText()).isEqualTo("700");
    }

    @Test
    void triggeredStatusOfFirmwareDiagnosticsAndLogIsIdle() throws Exception {
        started(OcppVersion.OCPP16, 1);
        for (String message : List.of("FirmwareStatusNotification", "DiagnosticsStatusNotification")) {
            assertThat(status("TriggerMessage", "{'requestedMessage':'" + message + "'}")).isEqualTo("Accepted");
            csms.awaitCount(ID, message, 1);
            assertThat(csms.payloads(ID, message).get(0).path("status").asText()).isEqualTo("Idle");
        }
        assertThat(status("ExtendedTriggerMessage", "{'requestedMessage':'LogStatusNotification'}"))
                .isEqualTo("Accepted");
        csms.awaitCount(ID, "LogStatusNotification", 1);
        assertThat(csms.payloads(ID, "LogStatusNotification").get(0).path("status").asText()).isEqualTo("Idle");
    }

    @Test
    void aTriggerTheStationCannotActOnIsNotAccepted() throws Exception {
        started(OcppVersion.OCPP201, 1);
        assertThat(status("TriggerMessage", "{'requestedMessage':'SignV2GCertificate'}")).isEqualTo("NotImplemented");
        assertThat(status("TriggerMessage", "{'requestedMessage':'TransactionEvent','evse':{'id':1}}"))
                .as("no transaction on the EVSE").isEqualTo("Rejected");
        assertThat(status("TriggerMessage", "{'requestedMessage':'StatusNotification','evse':{'id':2,"
                + "'connectorId':1}}")).as("an EVSE the station does not have").isEqualTo("Rejected");
        flush();
        assertThat(actionsAfterBoot()).containsExactly("StatusNotification", "Heartbeat");
    }

    @Test
    void triggeredTransactionEventIsAnUpdatedEventOfTheRunningTransaction() throws Exception {
        started(OcppVersion.OCPP201, 1);
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        assertThat(status("TriggerMessage", "{'requestedMessage':'TransactionEvent','evse':{'id':1}}"))
                .isEqualTo("Accepted");
        csms.awaitCount(ID, "TransactionEvent", 2);
        ObjectNode event = csms.payloads(ID, "TransactionEvent").get(1);
        assertThat(event.path("eventType").asText()).isEqualTo("Updated");
        assertThat(event.path("triggerReason").asText()).isEqualTo("Trigger");
        assertThat(event.path("seqNo").asInt()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ status

    @Test
    void acceptedBootIsFollowedByTheStatusOfEveryConnectorUnlessTurnedOff() throws Exception {
        started(OcppVersion.OCPP201, 2);
        assertThat(csms.payloads(ID, "StatusNotification")).extracting(s -> s.path("evseId").asInt() + ":"
                + s.path("connectorStatus").asText()).containsExactly("1:Available", "2:Available");

        SimulatedStation quiet = SimulatedStation.builder(OcppVersion.OCPP201).identity("CS-QUIET")
                .endpoint(csms.endpoint()).transport(net.clientTransport()).statusReports(false).build();
        try (quiet) {
            quiet.start().get(10, TimeUnit.SECONDS);
            quiet.call(new dev.ocpp.v201.messages.HeartbeatRequest()).get(10, TimeUnit.SECONDS);
            assertThat(csms.actions("CS-QUIET")).containsExactly("BootNotification", "Heartbeat");
        }
    }

    @Test
    void reconnectReportsOnlyTheStatusesThatChangedOffline() throws Exception {
        started(OcppVersion.OCPP16, 2);
        station.goOffline(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        station.plugIn(2).get(10, TimeUnit.SECONDS); // offline: the status changes, nothing is sent
        assertThat(actionsAfterBoot()).containsExactly("StatusNotification", "StatusNotification");

        clock.advance(Duration.ofSeconds(5));
        station.whenConnected().get(10, TimeUnit.SECONDS);
        csms.awaitCount(ID, "StatusNotification", 3);
        flush();
        assertThat(actionsAfterBoot()).containsExactly("StatusNotification", "StatusNotification",
                "StatusNotification", "Heartbeat");
        ObjectNode reported = csms.payloads(ID, "StatusNotification").get(2);
        assertThat(reported.path("connectorId").asInt()).isEqualTo(2);
        assertThat(reported.path("status").asText()).isEqualTo("Preparing");
    }

    @Test
    void aStatusNotificationCutOffByALostConnectionIsReportedOnceBackAndHoldsUpNoStep() throws Exception {
        started(OcppVersion.OCPP16, 1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        csms.answer("StatusNotification", q -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return csms.defaultAnswer("StatusNotification");
        });
        try {
            CompletableFuture<Void> plug = station.plugIn(1);
            csms.awaitCount(ID, "StatusNotification", 2); // Preparing reached the CSMS, which holds its answer
            station.goOffline(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            // The station acts offline: the step is done, and so is the next one, without a connection.
            plug.get(10, TimeUnit.SECONDS);
            station.statusNotification(1, "Faulted").get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
        }
        csms.answer("StatusNotification", q -> csms.defaultAnswer("StatusNotification"));
        clock.advance(Duration.ofSeconds(5));
        csms.awaitCount(ID, "StatusNotification", 3);
        assertThat(csms.payloads(ID, "StatusNotification").get(2).path("status").asText()).isEqualTo("Faulted");
    }

    // ------------------------------------------------------------------------------------------------ queue

    @Test
    void queuesTransactionEventsWhileOfflineAndSendsThemInOrderOnReconnect() throws Exception {
        started(OcppVersion.OCPP201, 1);
        station.goOffline(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        // Offline the steps complete once their messages are queued: the idToken is accepted locally.
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.presentIdToken("OFFLINE-1").get(10, TimeUnit.SECONDS);
        station.unplug(1).get(10, TimeUnit.SECONDS);
        assertThat(station.delivery().depth()).isEqualTo(3);
        assertThat(csms.payloads(ID, "TransactionEvent")).isEmpty();

        clock.advance(Duration.ofSeconds(5));
        csms.awaitCount(ID, "TransactionEvent", 3);
        List<ObjectNode> events = csms.payloads(ID, "TransactionEvent");
        assertThat(events).extracting(e -> e.path("eventType").asText()).containsExactly("Started", "Updated",
                "Ended");
        assertThat(events).extracting(e -> e.path("seqNo").asInt()).containsExactly(0, 1, 2);
        assertThat(events).allSatisfy(e -> assertThat(e.path("offline").asBoolean()).isTrue());
        assertThat(events.get(1).at("/idToken/idToken").asText()).isEqualTo("OFFLINE-1");
        assertThat(csms.actions(ID)).doesNotContain("Authorize");
        eventually(() -> station.delivery().depth() == 0, "the queue delivered everything");
    }

    @Test
    void queuesStartAndStopTransactionWhileOfflineAndTheStopCarriesTheIdTheCsmsGave() throws Exception {
        started(OcppVersion.OCPP16, 1);
        station.goOffline(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        station.presentIdToken("OFFLINE-16").get(10, TimeUnit.SECONDS);
        assertThat(station.isCharging(1)).isTrue();
        assertThat(station.transactionId(1)).as("not known before the CSMS answered").isEmpty();
        station.meterValues(1, 300).get(10, TimeUnit.SECONDS);
        station.stopCharging(1).get(10, TimeUnit.SECONDS);
        assertThat(station.delivery().depth()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(5));
        csms.awaitCount(ID, "StopTransaction", 1);
        assertThat(actionsAfterBoot()).containsSubsequence("StartTransaction", "MeterValues", "StopTransaction");
        int id = 4101; // the test CSMS's first transactionId
        assertThat(csms.payloads(ID, "MeterValues").get(0).path("transactionId").asInt()).isEqualTo(id);
        assertThat(csms.payloads(ID, "StopTransaction").get(0).path("transactionId").asInt()).isEqualTo(id);
        assertThat(csms.payloads(ID, "StartTransaction").get(0).path("idTag").asText()).isEqualTo("OFFLINE-16");
    }

    @Test
    void transactionMessageAnsweredWithACallErrorIsSentAgainAfterTheRetryInterval() throws Exception {
        started(OcppVersion.OCPP16, 1);
        assertThat(status("ChangeConfiguration", "{'key':'TransactionMessageRetryInterval','value':'20'}"))
                .isEqualTo("Accepted");
        AtomicInteger starts = new AtomicInteger();
        csms.answer("StartTransaction", q -> {
            if (starts.incrementAndGet() == 1) {
                throw new CallErrorException(ErrorCode.INTERNAL_ERROR, "first one fails");
            }
            return csms.defaultAnswer("StartTransaction");
        });
        CompletableFuture<Duration> retryPlanned = new CompletableFuture<>();
        station.delivery().onDelivery(new DeliveryListener() {
            @Override
            public void retrying(StoredMessage message, int failedAttempts, Duration wait, Throwable cause) {
                retryPlanned.complete(wait);
            }
        });
        station.plugIn(1).get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> start = station.presentIdToken("RETRY-1");
        // The step waits for the delivery, which waits for the retry interval (20 s after the first failure).
        assertThat(retryPlanned.get(10, TimeUnit.SECONDS)).isEqualTo(Duration.ofSeconds(20));
        clock.advance(Duration.ofSeconds(19));
        assertThat(start).isNotDone();
        assertThat(csms.payloads(ID, "StartTransaction")).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        start.get(10, TimeUnit.SECONDS);
        List<ObjectNode> sent = csms.payloads(ID, "StartTransaction");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).isEqualTo(sent.get(0));
        assertThat(station.transactionId(1)).isPresent();
    }

    @Test
    void typedAndRawCallsGoPastTheQueue() throws Exception {
        started(OcppVersion.OCPP16, 1);
        csms.answer("StartTransaction", q -> {
            throw new CallErrorException(ErrorCode.INTERNAL_ERROR, "refused");
        });
        CompletableFuture<ObjectNode> raw = station.callRaw("StartTransaction", json("{\"connectorId\":1,"
                + "\"idTag\":\"RAW\",\"meterStart\":0,\"timestamp\":\"2026-03-01T08:00:00Z\"}"));
        assertThat(raw).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent
                .ExecutionException.class).withCauseInstanceOf(CallErrorException.class);
        assertThat(station.delivery().depth()).isZero();
        JsonNode nothing = csms.payloads(ID, "StartTransaction").get(0);
        assertThat(nothing.path("idTag").asText()).isEqualTo("RAW");
    }
}
