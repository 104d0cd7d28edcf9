package dev.ocpp.testkit.conformance;

import static dev.ocpp.testkit.conformance.ScenarioContext.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.testkit.MockCsms;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Deliberately broken CSMSs, each built from the {@link MockCsms} (a planned answer, a CALLERROR, an answer that never
 * comes) or from an adapter that makes it send a wrong CALL: the scenario named for what is broken fails, and says
 * what it found. Shows that each check of the CSMS scenarios can fail.
 */
class BrokenCsmsTest {

    /** Short, for the scenarios that wait for an answer that never comes. */
    private static final Duration SHORT = Duration.ofSeconds(1);

    private static ScenarioResult run(CsmsUnderTest csms, OcppVersion version, String id, Duration timeout) {
        return ScenarioRunner.forCsms(csms, version).timeout(timeout).build()
                .run(Catalogue.byId(id).orElseThrow());
    }

    private static ScenarioResult run(MockCsms mock, String id) {
        return run(new MockCsmsUnderTest(mock), mock.version(), id, ScenarioRunner.DEFAULT_TIMEOUT);
    }

    private static ScenarioResult run(Broken adapter, String id) {
        return run(adapter, adapter.mock.version(), id, ScenarioRunner.DEFAULT_TIMEOUT);
    }

    private static void assertFailed(ScenarioResult r, String messageStart) {
        assertThat(r.outcome()).as(r.message()).isEqualTo(ScenarioResult.Outcome.FAILED);
        assertThat(r.message()).startsWith(messageStart);
        assertThat(r.diagram()).startsWith("sequenceDiagram");
    }

    // ------------------------------------------------------------------------------------------------ from the issue

    @Test
    void csmsThatNeverAnswersHeartbeatFailsTheHeartbeatScenario() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            mock.respondWith(dev.ocpp.v16.messages.HeartbeatRequest.class, q -> hang(never,
                    new dev.ocpp.v16.messages.HeartbeatResponse()));
            ScenarioResult r;
            try {
                r = run(new MockCsmsUnderTest(mock), OcppVersion.OCPP16, "CSMS-G02-heartbeat", SHORT);
            } finally {
                never.countDown();
            }
            assertThat(r.outcome()).isEqualTo(ScenarioResult.Outcome.FAILED);
            assertThat(r.message()).contains("Heartbeat").containsAnyOf("did not answer", "failed");
        }
    }

    @Test
    void csmsThatAnswersBootNotificationWithoutAnIntervalFailsTheBootScenario() {
        try (MockCsms mock = MockCsms.builder(OcppVersion.OCPP201).validation(ValidationOptions.off()).build()) {
            mock.respondWith(dev.ocpp.v201.messages.BootNotificationRequest.class,
                    q -> new dev.ocpp.v201.messages.BootNotificationResponse()
                            .withStatus(dev.ocpp.v201.types.RegistrationStatusEnum.ACCEPTED)
                            .withCurrentTime(OffsetDateTime.now(ZoneOffset.UTC)));
            ScenarioResult r = run(mock, "CSMS-B01-boot-accepted");
            assertFailed(r, "the CSMS answered BootNotification with a payload that is not schema-valid");
            assertThat(r.message()).contains("interval");
        }
    }

    @Test
    void csmsThatAnswersAnUnknownActionWithNotSupportedFailsTheUnknownActionScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            CsmsUnderTest wrongCode = new Broken(mock) {
                @Override
                public TransportClientFactory transport() {
                    return new Rewriting(mock.stationTransport(),
                            text -> text.replace("\"NotImplemented\"", "\"NotSupported\""));
                }
            };
            ScenarioResult r = run(wrongCode, OcppVersion.OCPP16, "CSMS-RPC-unknown-action",
                    ScenarioRunner.DEFAULT_TIMEOUT);
            assertFailed(r, "the CSMS answered the unknown action " + CsmsScenarios.UNKNOWN_ACTION
                    + " with CALLERROR NotSupported instead of NotImplemented");
        }
    }

    @Test
    void csmsThatAnswersAReplayedTransactionEventWithAnErrorFailsTheOfflineScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP201)) {
            mock.respondWith(dev.ocpp.v201.messages.TransactionEventRequest.class, q -> {
                if (Boolean.TRUE.equals(q.getOffline()) && q.getSeqNo() == 2) {
                    throw new CallErrorException(ErrorCode.INTERNAL_ERROR, "lost it");
                }
                return new dev.ocpp.v201.messages.TransactionEventResponse();
            });
            ScenarioResult r = run(mock, "CSMS-E04-offline-replay");
            assertFailed(r, "replaying queued transaction message 2 of 3 after reconnecting: the CSMS answered"
                    + " TransactionEvent");
            assertThat(r.message()).contains("with CALLERROR InternalError \"lost it\"");
        }
    }

    @Test
    void csmsThatNeverAnswersAReplayedTransactionEventFailsTheOfflineScenario() {
        CountDownLatch never = new CountDownLatch(1);
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP201)) {
            mock.respondWith(dev.ocpp.v201.messages.TransactionEventRequest.class, q -> {
                var answer = new dev.ocpp.v201.messages.TransactionEventResponse();
                return Boolean.TRUE.equals(q.getOffline()) && q.getSeqNo() == 3 ? hang(never, answer) : answer;
            });
            ScenarioResult r;
            try {
                r = run(new MockCsmsUnderTest(mock), OcppVersion.OCPP201, "CSMS-E04-offline-replay", SHORT);
            } finally {
                never.countDown();
            }
            assertFailed(r, "replaying queued transaction message 3 of 3 after reconnecting: ");
        }
    }

    @Test
    void csmsThatAnswersAQueuedStopTransactionWithAnErrorFailsTheOfflineScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            mock.respondWithError(dev.ocpp.v16.messages.StopTransactionRequest.class, ErrorCode.GENERIC_ERROR,
                    "too old");
            ScenarioResult r = run(mock, "CSMS-E04-offline-replay");
            assertFailed(r, "replaying queued transaction message 3 of 3 after reconnecting: the CSMS answered"
                    + " StopTransaction");
        }
    }

    // ------------------------------------------------------------------------------------------------ new scenarios

    @Test
    void csmsThatAnswersAStopTransactionWithAnIdTagWithoutIdTagInfoFailsTheLocalStartStopScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            mock.respondWith(dev.ocpp.v16.messages.StopTransactionRequest.class,
                    q -> new dev.ocpp.v16.messages.StopTransactionResponse());
            assertFailed(run(mock, "CSMS-E01-local-start-stop"),
                    "the answer to a StopTransaction with an idTag has no idTagInfo.status");
        }
    }

    @Test
    void csmsThatAnswersATransactionEventWithAnIdTokenWithoutIdTokenInfoFailsTheLocalStartStopScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP201)) {
            mock.respondWith(dev.ocpp.v201.messages.TransactionEventRequest.class,
                    q -> new dev.ocpp.v201.messages.TransactionEventResponse());
            assertFailed(run(mock, "CSMS-E01-local-start-stop"),
                    "the answer to the TransactionEvent Started with an idToken has no idTokenInfo.status");
        }
    }

    @Test
    void csmsThatStopsAnotherTransactionFailsTheRemoteStopScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            ScenarioResult r = run(new Broken(mock) {
                @Override
                public void remoteStop(String identity, String transactionId) {
                    send(identity, "RemoteStopTransaction",
                            json("{'transactionId':" + (Integer.parseInt(transactionId) + 1000) + "}"));
                }
            }, "CSMS-F03-remote-stop");
            assertFailed(r, "the RemoteStopTransaction names transaction 1001, not the running 1");
        }
    }

    @Test
    void csmsThatUnlocksAnotherConnectorFailsTheUnlockScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP201)) {
            ScenarioResult r = run(new Broken(mock) {
                @Override
                public void unlockConnector(String identity, int connector) {
                    send(identity, "UnlockConnector", json("{'evseId':" + connector + ",'connectorId':2}"));
                }
            }, "CSMS-F05-unlock-connector");
            assertFailed(r, "the UnlockConnector names connectorId 2, not 1");
        }
    }

    @Test
    void csmsThatReservesUntilAPastTimeFailsTheReserveNowScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            ScenarioResult r = run(new Broken(mock) {
                @Override
                public void reserveNow(String identity, int connector, String idToken) {
                    send(identity, "ReserveNow", json("{'connectorId':" + connector + ",'expiryDate':'"
                            + Instant.now().minus(Duration.ofHours(1)) + "','idTag':'" + idToken
                            + "','reservationId':1}"));
                }
            }, "CSMS-H01-reserve-now");
            assertFailed(r, "the ReserveNow's expiryDate ");
            assertThat(r.message()).contains("has passed already");
        }
    }

    @Test
    void csmsThatSendsLocalListVersionZeroFailsTheSendLocalListScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP201)) {
            ScenarioResult r = run(new Broken(mock) {
                @Override
                public void sendLocalList(String identity) {
                    send(identity, "SendLocalList", json("{'versionNumber':0,'updateType':'Full'}"));
                }
            }, "CSMS-D01-send-local-list");
            assertFailed(r, "the SendLocalList's versionNumber is 0, not a positive number");
        }
    }

    @Test
    void csmsWhoseSchedulePeriodsGoBackFailsTheSetChargingProfileScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            ScenarioResult r = run(new Broken(mock) {
                @Override
                public void setChargingProfile(String identity, int connector) {
                    send(identity, "SetChargingProfile", json("{'connectorId':" + connector + ",'csChargingProfiles':"
                            + "{'chargingProfileId':1,'stackLevel':0,'chargingProfilePurpose':'TxDefaultProfile',"
                            + "'chargingProfileKind':'Relative','chargingSchedule':{'chargingRateUnit':'W',"
                            + "'chargingSchedulePeriod':[{'startPeriod':3600,'limit':7000},"
                            + "{'startPeriod':0,'limit':11000}]}}}"));
                }
            }, "CSMS-K01-set-charging-profile");
            assertFailed(r, "the SetChargingProfile's schedule periods do not start in ascending order (0 after 3600)");
        }
    }

    @Test
    void csmsThatSendsASchemaInvalidClearChargingProfileFailsTheClearScenario() {
        try (MockCsms mock = MockCsms.builder(OcppVersion.OCPP16).validation(ValidationOptions.off()).build()) {
            ScenarioResult r = run(new Broken(mock) {
                @Override
                public void clearChargingProfile(String identity) {
                    send(identity, "ClearChargingProfile", json("{'chargingProfilePurpose':'EverythingProfile'}"));
                }
            }, "CSMS-K10-clear-charging-profile");
            assertFailed(r, "the CSMS sent a ClearChargingProfile that is not schema-valid");
        }
    }

    @Test
    void csmsThatRefusesLogStatusNotificationFailsTheGetLogScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP201)) {
            mock.respondWithError(dev.ocpp.v201.messages.LogStatusNotificationRequest.class, ErrorCode.NOT_SUPPORTED,
                    "no logs here");
            assertFailed(run(mock, "CSMS-N01-get-log"), "the CSMS answered LogStatusNotification");
        }
    }

    @Test
    void csmsThatSendsAnUploadLocationOfNothingFailsTheGetLogScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP201)) {
            ScenarioResult r = run(new Broken(mock) {
                @Override
                public void getLog(String identity) {
                    send(identity, "GetLog", json("{'logType':'DiagnosticsLog','requestId':1,'log':"
                            + "{'remoteLocation':' '}}"));
                }
            }, "CSMS-N01-get-log");
            assertFailed(r, "the GetLog has no upload location");
        }
    }

    @Test
    void csmsThatSendsFirmwareWithoutSignatureFailsTheFirmwareScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP201)) {
            ScenarioResult r = run(new Broken(mock) {
                @Override
                public void updateFirmware(String identity) {
                    ObjectNode firmware = MockCsmsUnderTest.firmware();
                    firmware.remove("signingCertificate");
                    firmware.remove("signature");
                    send(identity, "UpdateFirmware", json("{'requestId':1}").set("firmware", firmware));
                }
            }, "CSMS-L01-signed-firmware-update");
            assertFailed(r, "the UpdateFirmware has no signingCertificate");
        }
    }

    @Test
    void csmsThatSendsASigningCertificateThatIsNoCertificateFailsTheFirmwareScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            ScenarioResult r = run(new Broken(mock) {
                @Override
                public void updateFirmware(String identity) {
                    ObjectNode firmware = MockCsmsUnderTest.firmware().put("signingCertificate", "-----BEGIN"
                            + " CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
                    send(identity, "SignedUpdateFirmware", json("{'requestId':1}").set("firmware", firmware));
                }
            }, "CSMS-L01-signed-firmware-update");
            assertFailed(r, "the SignedUpdateFirmware's signingCertificate is not a PEM X.509 certificate");
        }
    }

    @Test
    void csmsThatSendsTheUnsignedUpdateFirmwareOf16FailsTheFirmwareScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            ScenarioResult r = run(new Broken(mock) {
                @Override
                public void updateFirmware(String identity) {
                    send(identity, "UpdateFirmware", json("{'location':'https://firmware.example.test/fw.bin',"
                            + "'retrieveDate':'" + CsmsScenarios.now() + "'}"));
                }
            }, "CSMS-L01-signed-firmware-update");
            assertFailed(r, "the CSMS sent the unsigned UpdateFirmware of OCPP 1.6 core");
        }
    }

    @Test
    void csmsThatAnswersSignCertificateWithAnErrorFailsTheSignCertificateScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            mock.respondWithError(dev.ocpp.v16.messages.SignCertificateRequest.class, ErrorCode.NOT_SUPPORTED,
                    "no PKI");
            ScenarioResult r = run(mock, "CSMS-A02-sign-certificate");
            assertFailed(r, "the CSMS answered SignCertificate");
            assertThat(r.message()).contains("-----BEGIN CERTIFICATE REQUEST-----")
                    .contains("with CALLERROR NotSupported \"no PKI\"");
        }
    }

    @Test
    void csmsThatRefusesATransactionMessageSentAgainFailsTheRetryScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            Set<Integer> stopped = ConcurrentHashMap.newKeySet();
            mock.respondWith(dev.ocpp.v16.messages.StopTransactionRequest.class, q -> {
                if (!stopped.add(q.getTransactionId())) {
                    throw new CallErrorException(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION, "stopped already");
                }
                return new dev.ocpp.v16.messages.StopTransactionResponse();
            });
            assertFailed(run(mock, "CSMS-E13-transaction-message-retry"), "sending a StopTransaction again as if its"
                    + " first answer had been lost: the CSMS answered StopTransaction");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Holds the mock's handler until the test ends: an answer that does not come within any scenario's wait. */
    private static <T> T hang(CountDownLatch latch, T answer) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return answer;
    }

    /** The mock as the CSMS under test; a test overrides the one action it breaks, sending with {@link #send}. */
    private static class Broken implements CsmsUnderTest {
        final MockCsms mock;

        Broken(MockCsms mock) {
            this.mock = mock;
        }

        @Override
        public URI endpoint() {
            return mock.url();
        }

        @Override
        public TransportClientFactory transport() {
            return mock.stationTransport();
        }

        void send(String identity, String action, ObjectNode payload) {
            mock.callRaw(identity, action, payload).exceptionally(e -> null);
        }
    }

    /** A client transport whose received frames are rewritten on the way in: a CSMS that says something else. */
    private static final class Rewriting implements TransportClientFactory {
        private final TransportClientFactory delegate;
        private final UnaryOperator<String> rewrite;

        Rewriting(TransportClientFactory delegate, UnaryOperator<String> rewrite) {
            this.delegate = delegate;
            this.rewrite = rewrite;
        }

        @Override
        public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
            return delegate.connect(config, new TransportListener() {
                @Override
                public void onOpen(TransportConnection connection) {
                    listener.onOpen(connection);
                }

                @Override
                public void onText(TransportConnection connection, String text) {
                    listener.onText(connection, rewrite.apply(text));
                }

                @Override
                public void onClosing(TransportConnection connection, int code, String reason) {
                    listener.onClosing(connection, code, reason);
                }

                @Override
                public void onClosed(TransportConnection connection, int code, String reason) {
                    listener.onClosed(connection, code, reason);
                }

                @Override
                public void onFailure(TransportConnection connection, Throwable cause) {
                    listener.onFailure(connection, cause);
                }
            });
        }
    }
}
