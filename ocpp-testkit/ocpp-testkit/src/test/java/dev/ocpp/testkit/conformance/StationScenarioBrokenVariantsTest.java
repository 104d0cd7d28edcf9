package dev.ocpp.testkit.conformance;

import static dev.ocpp.testkit.conformance.ScenarioContext.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.delivery.DeliveryListener;
import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.core.delivery.StoredMessage;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.security.pki.CertificateSigningRequest;
import dev.ocpp.security.pki.KeyPairs;
import dev.ocpp.testkit.Journal;
import dev.ocpp.testkit.Role;
import dev.ocpp.testkit.SimulatedStation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each station scenario of the catalogue's second batch against a station deliberately broken in what that scenario
 * checks: the scenario fails, saying what went wrong. The good variant is {@link SimulatedStationUnderTest}, which
 * passes them all ({@link SimulatedStation16ConformanceTest}, {@link SimulatedStation201ConformanceTest}).
 */
class StationScenarioBrokenVariantsTest {

    /** Short, since a broken station often just never sends what the scenario waits for. */
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private static ScenarioResult run(StationUnderTest station, OcppVersion version, String id) {
        return ScenarioRunner.forStation(station, version).inMemory().timeout(TIMEOUT).build()
                .run(Catalogue.byId(id).orElseThrow());
    }

    private static void assertFailed(ScenarioResult r, String message) {
        assertThat(r.outcome()).as(r.toString()).isEqualTo(ScenarioResult.Outcome.FAILED);
        assertThat(r.message()).contains(message);
        assertThat(r.diagram()).startsWith("sequenceDiagram");
    }

    /** The conformant simulated station, with {@code action} answered by {@code payload} instead. */
    private static SimulatedStationUnderTest answering(String action, String payload) {
        return SimulatedStationUnderTest.tweaked(s -> s.respondWith(requestClass(s, action), q -> response(s,
                action, payload)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Object> requestClass(SimulatedStation s, String action) {
        try {
            return (Class) Class.forName(messages(s) + action + "Request");
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Object response(SimulatedStation s, String action, String payload) {
        try {
            return OcppJson.mapper().treeToValue(json(payload), Class.forName(messages(s) + action + "Response"));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String messages(SimulatedStation s) {
        return s.version() == OcppVersion.OCPP16 ? "dev.ocpp.v16.messages." : "dev.ocpp.v201.messages.";
    }

    // ------------------------------------------------------------------------------------------------ boot gating

    @Test
    void stationThatBootsAgainAtOnceAfterRejectedFailsTheRejectedBootScenario() {
        ScenarioResult r = run(new ImpatientStation(), OcppVersion.OCPP16, "STATION-B03-rejected-boot");
        assertFailed(r, "ms after Rejected with interval 2 s; it must send nothing until the interval has passed");
    }

    // ------------------------------------------------------------------------------------------------ security

    @Test
    void stationThatAcceptsAnySecurityProfileFailsTheSecurityProfileScenario() {
        ScenarioResult r = run(answering("ChangeConfiguration", "{'status':'Accepted'}"), OcppVersion.OCPP16,
                "STATION-A05-security-profile");
        assertFailed(r, "to setting SecurityProfile to the value in force (0); a value not above the current one must"
                + " be Rejected (A05.FR.01)");
    }

    @Test
    void stationThatLetsSecurityProfileBeWrittenFailsTheSecurityProfileScenario() {
        ScenarioResult r = run(answering("SetVariables", "{'setVariableResult':[{'attributeStatus':'Accepted',"
                + "'component':{'name':'SecurityCtrlr'},'variable':{'name':'SecurityProfile'}}]}"),
                OcppVersion.OCPP201, "STATION-A05-security-profile");
        assertFailed(r, "SetVariables of SecurityCtrlr.SecurityProfile, which is read-only (an upgrade goes through"
                + " SetNetworkProfile), was answered Accepted");
    }

    @Test
    void stationWithoutTheSecurityExtensionSkipsTheSecurityProfileScenario() {
        ScenarioResult r = run(answering("GetConfiguration", "{'configurationKey':[],'unknownKey':['SecurityProfile']}"),
                OcppVersion.OCPP16, "STATION-A05-security-profile");
        assertThat(r.outcome()).as(r.toString()).isEqualTo(ScenarioResult.Outcome.SKIPPED);
        assertThat(r.message()).startsWith("the station does not know the SecurityProfile key");
    }

    // ------------------------------------------------------------------------------------------------ transactions

    @Test
    void stationThatStartsWithAnotherIdTagFailsTheLocalStartStopScenario() {
        ScenarioResult r = run(new OtherToken(), OcppVersion.OCPP16, "STATION-E-local-start-stop");
        assertFailed(r, "the StartTransaction carries idTag \"SOMEONE-ELSE\" instead of TESTKIT-TOKEN-1");
    }

    @Test
    void stationThatDropsThePresentedIdTokenFailsTheLocalStartStopScenario() {
        ScenarioResult r = run(new OtherToken(), OcppVersion.OCPP201, "STATION-E-local-start-stop");
        assertFailed(r, "the station did not send a TransactionEvent of transaction");
        assertThat(r.message()).contains("with the idToken presented (TESTKIT-TOKEN-1)");
    }

    @Test
    void adapterWithoutPhysicalActionsSkipsTheLocalStartStopScenario() {
        SimulatedStationUnderTest inner = new SimulatedStationUnderTest();
        StationUnderTest startStopOnly = new StationUnderTest() {
            @Override
            public void start(StationEndpoint endpoint) {
                inner.start(endpoint);
            }

            @Override
            public void stop() {
                inner.stop();
            }
        };
        ScenarioResult r = run(startStopOnly, OcppVersion.OCPP201, "STATION-E-local-start-stop");
        assertThat(r.outcome()).isEqualTo(ScenarioResult.Outcome.SKIPPED);
        assertThat(r.message()).isEqualTo("the adapter does not support plugIn");
    }

    @Test
    void stationThatRejectsRemoteStartWhileIdleFailsTheRemoteStartScenario() {
        ScenarioResult r = run(answering("RemoteStartTransaction", "{'status':'Rejected'}"), OcppVersion.OCPP16,
                "STATION-F01-remote-start");
        assertFailed(r, "the idle station answered RemoteStartTransaction with \"Rejected\" instead of Accepted");
    }

    @Test
    void stationThatRefusesToStopItsTransactionFailsTheRemoteStopScenario() {
        ScenarioResult r = run(answering("RequestStopTransaction", "{'status':'Rejected'}"), OcppVersion.OCPP201,
                "STATION-F03-remote-stop");
        assertFailed(r, "answered RequestStopTransaction of its running transaction");
        assertThat(r.message()).endsWith("with \"Rejected\" instead of Accepted");
    }

    // ------------------------------------------------------------------------------------------------ CSMS requests

    @Test
    void stationThatDoesNotImplementUnlockFailsTheUnlockScenario() {
        ScenarioResult r = run(SimulatedStationUnderTest.tweaked(s -> s.respondWithError(
                dev.ocpp.v16.messages.UnlockConnectorRequest.class, ErrorCode.NOT_IMPLEMENTED, "no")),
                OcppVersion.OCPP16, "STATION-F05-unlock-connector");
        assertFailed(r, "the station answered UnlockConnector {\"connectorId\":1} with CALLERROR NotImplemented");
    }

    @Test
    void stationThatAcceptsEveryCancelFailsTheReservationScenario() {
        ScenarioResult r = run(answering("CancelReservation", "{'status':'Accepted'}"), OcppVersion.OCPP201,
                "STATION-H01-reservation");
        assertFailed(r, "it had cancelled already with \"Accepted\" instead of Rejected");
    }

    @Test
    void stationWithoutTheReservationProfileSkipsTheReservationScenario() {
        ScenarioResult r = run(SimulatedStationUnderTest.tweaked(s -> s.respondWithError(
                dev.ocpp.v16.messages.ReserveNowRequest.class, ErrorCode.NOT_IMPLEMENTED, "no reservations")),
                OcppVersion.OCPP16, "STATION-H01-reservation");
        assertThat(r.outcome()).isEqualTo(ScenarioResult.Outcome.SKIPPED);
        assertThat(r.message()).isEqualTo("the station does not support reservations (ReserveNow CALLERROR"
                + " NotImplemented)");
    }

    @Test
    void stationThatForgetsTheListVersionFailsTheLocalListScenario() {
        ScenarioResult r = run(answering("GetLocalListVersion", "{'listVersion':0}"), OcppVersion.OCPP16,
                "STATION-D01-local-list");
        assertFailed(r, "was Accepted the station reports version 0");
    }

    @Test
    void stationThatClearsWhatItDoesNotHaveFailsTheChargingProfileScenario() {
        ScenarioResult r = run(answering("ClearChargingProfile", "{'status':'Accepted'}"), OcppVersion.OCPP201,
                "STATION-K01-charging-profile");
        assertFailed(r, "it had cleared already with \"Accepted\" instead of Unknown");
    }

    @Test
    void stationThatNeverReportsTheLogUploadFailsTheGetLogScenario() {
        // Answered by the test, GetLog has no follow-up: nothing reports on the upload.
        ScenarioResult r = run(answering("GetLog", "{'status':'Accepted','filename':'log.txt'}"), OcppVersion.OCPP201,
                "STATION-N01-get-log");
        assertFailed(r, "the station accepted GetLog but sent no LogStatusNotification with a final status");
    }

    @Test
    void stationThatReportsOnlyAnUnfinishedUploadFailsTheGetDiagnosticsScenario() {
        ScenarioResult r = run(SimulatedStationUnderTest.tweaked(s -> s.respondWith(
                dev.ocpp.v16.messages.GetDiagnosticsRequest.class, q -> {
                    s.callRaw("DiagnosticsStatusNotification", json("{'status':'Uploading'}"));
                    return new dev.ocpp.v16.messages.GetDiagnosticsResponse().withFileName("d.log");
                })), OcppVersion.OCPP16, "STATION-N01-get-log");
        assertFailed(r, "the station accepted GetDiagnostics but sent no DiagnosticsStatusNotification with a final"
                + " status [UploadFailed, Uploaded]");
    }

    @Test
    void stationThatAcceptsFirmwareFromAnUntrustedSignerFailsTheSignedFirmwareScenario() {
        ScenarioResult r = run(answering("SignedUpdateFirmware", "{'status':'Accepted'}"), OcppVersion.OCPP16,
                "STATION-L01-signed-firmware");
        assertFailed(r, "the station answered SignedUpdateFirmware Accepted although no manufacturer root vouches"
                + " for the signing certificate");
    }

    @Test
    void stationThatRefusesTheSignerSilentlyFailsTheSignedFirmwareScenario() {
        ScenarioResult r = run(answering("UpdateFirmware", "{'status':'InvalidCertificate'}"), OcppVersion.OCPP201,
                "STATION-L01-signed-firmware");
        assertFailed(r, "the station refused the signing certificate but sent no SecurityEventNotification"
                + " InvalidFirmwareSigningCertificate within PT1S");
    }

    @Test
    void stationThatAcceptsTheSigningTriggerButSendsNothingFailsTheCertificateSigningScenario() {
        // Answered by the test, the trigger has no follow-up.
        ScenarioResult r = run(answering("TriggerMessage", "{'status':'Accepted'}"), OcppVersion.OCPP201,
                "STATION-A02-certificate-signing");
        assertFailed(r, "the station accepted TriggerMessage of a certificate signing but sent no SignCertificate");
    }

    @Test
    void stationThatSendsAMalformedCsrFailsTheCertificateSigningScenario() {
        ScenarioResult r = run(signing("-----BEGIN CERTIFICATE REQUEST-----\nMIIBAA==\n-----END CERTIFICATE"
                + " REQUEST-----"), OcppVersion.OCPP16, "STATION-A02-certificate-signing");
        assertFailed(r, "the csr of the station's SignCertificate is not a PEM PKCS#10 request: its DER is malformed");
    }

    @Test
    void stationThatSendsACsrWithAForeignSignatureFailsTheCertificateSigningScenario() {
        String pem = CsrTest.tampered(CertificateSigningRequest.chargingStation(KeyPairs.ecP256(), "dev.ocpp",
                "SN-1"));
        ScenarioResult r = run(signing(pem), OcppVersion.OCPP201, "STATION-A02-certificate-signing");
        assertFailed(r, "its signature (SHA256withECDSA) does not verify with the public key it carries");
    }

    /** The conformant station, but its triggered SignCertificate carries {@code csr}. */
    private static SimulatedStationUnderTest signing(String csr) {
        return SimulatedStationUnderTest.tweaked(s -> {
            boolean v16 = s.version() == OcppVersion.OCPP16;
            String action = v16 ? "ExtendedTriggerMessage" : "TriggerMessage";
            return s.respondWith(requestClass(s, action), q -> {
                ObjectNode sign = OcppJson.mapper().createObjectNode().put("csr", csr);
                s.callRaw("SignCertificate", sign);
                return response(s, action, "{'status':'Accepted'}");
            });
        });
    }

    @Test
    void stationThatLosesWhatHappensOfflineFailsTheOfflineQueueScenario() {
        ScenarioResult r = run(new Offline(false), OcppVersion.OCPP16, "STATION-E04-offline-queue");
        assertFailed(r, "back online, the station did not deliver the StartTransaction of the transaction it began"
                + " offline within PT1S");
    }

    @Test
    void stationThatSendsOfflineEventsAsIfOnlineFailsTheOfflineQueueScenario() {
        ScenarioResult r = run(new Offline(true), OcppVersion.OCPP201, "STATION-E04-offline-queue");
        assertFailed(r, "queued while offline is not flagged offline (E04.FR.03)");
    }

    @Test
    void stationThatNeverSendsAFailedStartTransactionAgainFailsTheRetryScenario() {
        // Accepts the retry settings, but gives a transaction message up after its first failed transmission.
        ScenarioResult r = run(SimulatedStationUnderTest.tweaked(s -> {
            s.delivery().onDelivery(new DeliveryListener() {
                @Override
                public void queued(StoredMessage message, int depth) {
                    s.delivery().retrySettings(new DeliveryPolicy.RetrySettings(1, Duration.ofSeconds(1)));
                }
            });
            return s;
        }), OcppVersion.OCPP16, "STATION-E13-retry");
        assertFailed(r, "the station did not send its StartTransaction again within 1 s + PT1S of the CALLERROR");
    }

    @Test
    void stationThatKeepsItsOwnRetryIntervalSkipsTheRetryScenario() {
        ScenarioResult r = run(answering("ChangeConfiguration", "{'status':'NotSupported'}"), OcppVersion.OCPP16,
                "STATION-E13-retry");
        assertThat(r.outcome()).isEqualTo(ScenarioResult.Outcome.SKIPPED);
        assertThat(r.message()).isEqualTo("the station answered ChangeConfiguration of TransactionMessageAttempts"
                + " \"NotSupported\"");
    }

    @Test
    void stationThatRetriesAtOnceFailsTheRetryScenario() {
        // The first TransactionEvent of a remote start, sent twice at once: a retry that does not wait.
        ScenarioResult r = run(SimulatedStationUnderTest.tweaked(s -> s.respondWith(
                dev.ocpp.v201.messages.RequestStartTransactionRequest.class, q -> {
                    ObjectNode started = json("{'eventType':'Started','timestamp':'" + CsmsScenarios.now()
                            + "','triggerReason':'RemoteStart','seqNo':0,'transactionInfo':{'transactionId':'T-1',"
                            + "'remoteStartId':" + q.getRemoteStartId() + "}}");
                    s.callRaw("TransactionEvent", started);
                    s.callRaw("TransactionEvent", started);
                    return new dev.ocpp.v201.messages.RequestStartTransactionResponse()
                            .withStatus(dev.ocpp.v201.types.RequestStartStopStatusEnum.ACCEPTED);
                })), OcppVersion.OCPP201, "STATION-E13-retry");
        assertFailed(r, "ms after the CALLERROR; the retry interval is 1 s");
    }

    // ------------------------------------------------------------------------------------------------ stations

    /**
     * The simulated station, which keeps no offline queue: what the driver does while it is offline is lost, or with
     * {@code late} done only once it is back, as if it had happened then.
     */
    private static final class Offline implements StationUnderTest {
        private final SimulatedStationUnderTest inner = new SimulatedStationUnderTest();
        private final boolean late;
        private final java.util.List<Step> deferred = new java.util.ArrayList<>();

        private interface Step {
            void run() throws Exception;
        }

        Offline(boolean late) {
            this.late = late;
        }

        @Override
        public void start(StationEndpoint endpoint) {
            inner.start(endpoint);
        }

        @Override
        public void stop() {
            inner.stop();
        }

        @Override
        public void presentIdToken(String idToken) throws Exception {
            act(() -> inner.presentIdToken(idToken));
        }

        @Override
        public void plugIn(int connector) throws Exception {
            act(() -> inner.plugIn(connector));
        }

        @Override
        public void unplug(int connector) throws Exception {
            act(() -> inner.unplug(connector));
        }

        private synchronized void act(Step step) throws Exception {
            if (inner.simulated().isConnected()) {
                step.run();
                return;
            }
            if (!late) {
                return;
            }
            if (deferred.isEmpty()) {
                inner.simulated().whenConnected().thenRunAsync(this::replay);
            }
            deferred.add(step);
        }

        private synchronized void replay() {
            try {
                for (Step s : deferred) {
                    s.run();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Sends two BootNotifications at once, so that the second does not wait for the first one's interval. */
    private static final class ImpatientStation implements StationUnderTest {
        private RawConnection raw;

        @Override
        public void start(StationEndpoint endpoint) throws Exception {
            raw = RawConnection.open(endpoint.transport(), endpoint.url(), endpoint.identity(), endpoint.version(),
                    null, new Journal(Role.STATION), Duration.ofSeconds(10));
            for (String id : new String[] {"boot-1", "boot-2"}) {
                raw.send(OcppJson.mapper().writeValueAsString(OcppJson.mapper().createArrayNode().add(2).add(id)
                        .add("BootNotification").add(json("{'chargePointVendor':'dev.ocpp',"
                                + "'chargePointModel':'impatient'}"))));
            }
        }

        @Override
        public void stop() {
            raw.close();
        }
    }

    /** The conformant station whose card reader reads every card as another one. */
    private static final class OtherToken implements StationUnderTest {
        private final SimulatedStationUnderTest inner = new SimulatedStationUnderTest();

        @Override
        public void start(StationEndpoint endpoint) {
            inner.start(endpoint);
        }

        @Override
        public void stop() {
            inner.stop();
        }

        @Override
        public void presentIdToken(String idToken) throws Exception {
            inner.presentIdToken("SOMEONE-ELSE");
        }

        @Override
        public void plugIn(int connector) throws Exception {
            inner.plugIn(connector);
        }

        @Override
        public void unplug(int connector) throws Exception {
            inner.unplug(connector);
        }
    }
}
