package dev.ocpp.examples.interop;

import static dev.ocpp.examples.interop.InteropSupport.assertRefusedForWrongPassword;
import static dev.ocpp.examples.interop.InteropSupport.authorizedConnection;
import static dev.ocpp.examples.interop.InteropSupport.receivedBy;
import static dev.ocpp.examples.interop.InteropSupport.remoteError;
import static dev.ocpp.examples.interop.InteropSupport.result;
import static dev.ocpp.examples.interop.InteropSupport.secIdentitiesNeed;
import static dev.ocpp.examples.interop.InteropSupport.startupEvent;
import static dev.ocpp.examples.testing.TypedApiSupport.WAIT;
import static dev.ocpp.examples.testing.TypedApiSupport.await;
import static dev.ocpp.examples.testing.TypedApiSupport.callErrorOf;
import static dev.ocpp.examples.testing.TypedApiSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.examples.testing.TypedApiSupport.Arrivals;
import dev.ocpp.examples.testing.TypedApiSupport.Delivery;
import dev.ocpp.examples.testing.TypedApiSupport.Inbox;
import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.Ocpp16ChargePointSession;
import dev.ocpp.v16.messages.AuthorizeRequest;
import dev.ocpp.v16.messages.AuthorizeResponse;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.ChangeAvailabilityRequest;
import dev.ocpp.v16.messages.ChangeAvailabilityResponse;
import dev.ocpp.v16.messages.ChangeConfigurationRequest;
import dev.ocpp.v16.messages.ChangeConfigurationResponse;
import dev.ocpp.v16.messages.ClearCacheRequest;
import dev.ocpp.v16.messages.ClearCacheResponse;
import dev.ocpp.v16.messages.DataTransferRequest;
import dev.ocpp.v16.messages.DataTransferResponse;
import dev.ocpp.v16.messages.DiagnosticsStatusNotificationRequest;
import dev.ocpp.v16.messages.ExtendedTriggerMessageRequest;
import dev.ocpp.v16.messages.ExtendedTriggerMessageResponse;
import dev.ocpp.v16.messages.FirmwareStatusNotificationRequest;
import dev.ocpp.v16.messages.FirmwareStatusNotificationResponse;
import dev.ocpp.v16.messages.GetConfigurationRequest;
import dev.ocpp.v16.messages.GetConfigurationResponse;
import dev.ocpp.v16.messages.GetInstalledCertificateIdsRequest;
import dev.ocpp.v16.messages.GetInstalledCertificateIdsResponse;
import dev.ocpp.v16.messages.GetLocalListVersionRequest;
import dev.ocpp.v16.messages.HeartbeatRequest;
import dev.ocpp.v16.messages.HeartbeatResponse;
import dev.ocpp.v16.messages.LogStatusNotificationRequest;
import dev.ocpp.v16.messages.MeterValuesRequest;
import dev.ocpp.v16.messages.MeterValuesResponse;
import dev.ocpp.v16.messages.RemoteStartTransactionRequest;
import dev.ocpp.v16.messages.RemoteStartTransactionResponse;
import dev.ocpp.v16.messages.RemoteStopTransactionRequest;
import dev.ocpp.v16.messages.RemoteStopTransactionResponse;
import dev.ocpp.v16.messages.ResetRequest;
import dev.ocpp.v16.messages.ResetResponse;
import dev.ocpp.v16.messages.SecurityEventNotificationRequest;
import dev.ocpp.v16.messages.SecurityEventNotificationResponse;
import dev.ocpp.v16.messages.SignCertificateRequest;
import dev.ocpp.v16.messages.StartTransactionRequest;
import dev.ocpp.v16.messages.StartTransactionResponse;
import dev.ocpp.v16.messages.StatusNotificationRequest;
import dev.ocpp.v16.messages.StatusNotificationResponse;
import dev.ocpp.v16.messages.StopTransactionRequest;
import dev.ocpp.v16.messages.StopTransactionResponse;
import dev.ocpp.v16.messages.TriggerMessageRequest;
import dev.ocpp.v16.messages.TriggerMessageResponse;
import dev.ocpp.v16.messages.UnlockConnectorRequest;
import dev.ocpp.v16.messages.UnlockConnectorResponse;
import dev.ocpp.v16.types.AuthorizationStatus;
import dev.ocpp.v16.types.AvailabilityStatus;
import dev.ocpp.v16.types.AvailabilityType;
import dev.ocpp.v16.types.CertificateHashData;
import dev.ocpp.v16.types.CertificateUse;
import dev.ocpp.v16.types.ChargePointErrorCode;
import dev.ocpp.v16.types.ChargePointStatus;
import dev.ocpp.v16.types.ChargingProfile;
import dev.ocpp.v16.types.ChargingProfileKind;
import dev.ocpp.v16.types.ChargingProfilePurpose;
import dev.ocpp.v16.types.ChargingRateUnit;
import dev.ocpp.v16.types.ChargingSchedule;
import dev.ocpp.v16.types.ChargingSchedulePeriod;
import dev.ocpp.v16.types.ClearCacheStatus;
import dev.ocpp.v16.types.ConfigurationStatus;
import dev.ocpp.v16.types.DataTransferStatus;
import dev.ocpp.v16.types.DiagnosticsStatus;
import dev.ocpp.v16.types.ExtendedMessageTrigger;
import dev.ocpp.v16.types.FirmwareStatus;
import dev.ocpp.v16.types.GetInstalledCertificateStatus;
import dev.ocpp.v16.types.HashAlgorithm;
import dev.ocpp.v16.types.IdTagInfo;
import dev.ocpp.v16.types.KeyValue;
import dev.ocpp.v16.types.Location;
import dev.ocpp.v16.types.Measurand;
import dev.ocpp.v16.types.MessageTrigger;
import dev.ocpp.v16.types.MeterValue;
import dev.ocpp.v16.types.Phase;
import dev.ocpp.v16.types.ReadingContext;
import dev.ocpp.v16.types.Reason;
import dev.ocpp.v16.types.RegistrationStatus;
import dev.ocpp.v16.types.RemoteStartStopStatus;
import dev.ocpp.v16.types.ResetStatus;
import dev.ocpp.v16.types.ResetType;
import dev.ocpp.v16.types.SampledValue;
import dev.ocpp.v16.types.TransactionData;
import dev.ocpp.v16.types.TransactionSampledValue;
import dev.ocpp.v16.types.TransactionUnitOfMeasure;
import dev.ocpp.v16.types.TriggerMessageStatus;
import dev.ocpp.v16.types.UnitOfMeasure;
import dev.ocpp.v16.types.UnlockStatus;
import dev.ocpp.v16.types.UploadLogStatus;
import dev.ocpp.v16.types.ValueFormat;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * OCPP 1.6J between our typed API and {@code ocpp-rpc} 2.2.1 in strict mode (see {@link OcppRpcPeer}), over real
 * WebSockets on loopback, in both roles: {@link CentralSystemIsOcppRpc ocpp-rpc as central system} against our
 * {@link Ocpp16ChargePoint}, and {@link ChargePointIsOcppRpc ocpp-rpc as charge point} against our
 * {@link Ocpp16CentralSystem}.
 *
 * <p>ocpp-rpc validates every request and response against its own copy of the OCA schemas, so a {@code result}
 * event (rather than a {@code callerror}) for something our side produced proves it schema-valid to an independent
 * validator, and what ocpp-rpc recorded shows the exact JSON we put on the wire. Each group shares one peer
 * process and one connection across its tests (a node start costs most of a second); every test uses its own
 * values and claims only the events that match them, and undoes any answer it configured, so outcomes do not
 * depend on order. Skipped without Node.js.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Ocpp16InteropTest {

    /** A whole-second UTC instant: on the wire it must keep its zero seconds, {@code 2026-11-21T10:00:00Z}. */
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC);

    /**
     * Per test rather than per class, so that a machine without Node.js reports every test as skipped instead of
     * running none silently. The groups' {@code @BeforeAll} set-ups start nothing in that case.
     */
    @BeforeEach
    void requireNode() {
        OcppRpcPeer.assumeNode();
    }

    // =============================================================================================================
    // A. ocpp-rpc as central system, our Ocpp16ChargePoint
    // =============================================================================================================

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class CentralSystemIsOcppRpc {

        /** Needs percent-encoding in the URL; ocpp-rpc decodes the last path segment. */
        static final String IDENTITY = "CP-A 1";

        final Inbox inbox = new Inbox();
        OcppRpcPeer csms;
        Ocpp16CentralSystemSession cs;
        ObjectNode connected;

        @BeforeAll
        void connect() throws Exception {
            if (!OcppRpcPeer.nodeAvailable()) {
                return;
            }
            csms = OcppRpcPeer.server(OcppRpcPeer.OCPP16, null);
            Ocpp16ChargePoint cp = Ocpp16ChargePoint.builder(InteropSupport.clientTransport())
                    .endpoint(URI.create(csms.endpoint("ocpp")))
                    .identity(IDENTITY)
                    .on(ResetRequest.class, inbox.answer((ResetRequest r) ->
                            new ResetResponse().withStatus(ResetStatus.ACCEPTED)))
                    .on(RemoteStartTransactionRequest.class, inbox.answer((RemoteStartTransactionRequest r) ->
                            new RemoteStartTransactionResponse().withStatus(RemoteStartStopStatus.ACCEPTED)))
                    .on(RemoteStopTransactionRequest.class, inbox.answer((RemoteStopTransactionRequest r) ->
                            new RemoteStopTransactionResponse().withStatus(RemoteStartStopStatus.REJECTED)))
                    .on(ChangeConfigurationRequest.class, inbox.answer((ChangeConfigurationRequest r) ->
                            new ChangeConfigurationResponse().withStatus(ConfigurationStatus.REBOOT_REQUIRED)))
                    .on(GetConfigurationRequest.class, inbox.answer(CentralSystemIsOcppRpc::configuration))
                    .on(TriggerMessageRequest.class, inbox.answer((TriggerMessageRequest r) ->
                            new TriggerMessageResponse().withStatus(
                                    r.getRequestedMessage() == MessageTrigger.METER_VALUES
                                            ? TriggerMessageStatus.NOT_IMPLEMENTED : TriggerMessageStatus.ACCEPTED)))
                    .on(UnlockConnectorRequest.class, inbox.answer((UnlockConnectorRequest r) ->
                            new UnlockConnectorResponse().withStatus(UnlockStatus.UNLOCK_FAILED)))
                    .on(ChangeAvailabilityRequest.class, inbox.answer((ChangeAvailabilityRequest r) ->
                            new ChangeAvailabilityResponse().withStatus(AvailabilityStatus.SCHEDULED)))
                    .on(DataTransferRequest.class, inbox.answer((DataTransferRequest r) ->
                            new DataTransferResponse().withStatus(DataTransferStatus.ACCEPTED)
                                    .withData("echo:" + r.getData())))
                    .on(GetInstalledCertificateIdsRequest.class, inbox.answer((GetInstalledCertificateIdsRequest r) ->
                            new GetInstalledCertificateIdsResponse().withStatus(GetInstalledCertificateStatus.ACCEPTED)
                                    .withCertificateHashData(List.of(new CertificateHashData()
                                            .withHashAlgorithm(HashAlgorithm.SHA_256)
                                            .withIssuerNameHash("a3f1c2")
                                            .withIssuerKeyHash("b4e2d3")
                                            .withSerialNumber("0123456789abcdef")))))
                    .on(ExtendedTriggerMessageRequest.class, inbox.answer((ExtendedTriggerMessageRequest r) ->
                            new ExtendedTriggerMessageResponse().withStatus(TriggerMessageStatus.ACCEPTED)))
                    .on(ClearCacheRequest.class, inbox.answer((ClearCacheRequest r) -> {
                        throw new CallErrorException(ErrorCode.SECURITY_ERROR, "the cache is sealed");
                    }))
                    .on(GetLocalListVersionRequest.class, inbox.answer((GetLocalListVersionRequest r) -> {
                        throw new IllegalStateException("secret internals");
                    }))
                    // No SendLocalList handler on purpose.
                    .build();
            cs = await(cp.connect());
            connected = csms.awaitEvent("connected");
        }

        @AfterAll
        void disconnect() {
            if (cs != null) {
                cs.close();
            }
            if (csms != null) {
                csms.close();
            }
        }

        static GetConfigurationResponse configuration(GetConfigurationRequest request) {
            Map<String, KeyValue> known = Map.of(
                    "HeartbeatInterval",
                    new KeyValue().withKey("HeartbeatInterval").withReadonly(false).withValue("300"),
                    "NumberOfConnectors",
                    new KeyValue().withKey("NumberOfConnectors").withReadonly(true).withValue("2"));
            List<String> asked = request.getKey() == null ? List.of() : request.getKey();
            return new GetConfigurationResponse()
                    .withConfigurationKey(asked.stream().filter(known::containsKey).map(known::get).toList())
                    .withUnknownKey(asked.stream().filter(k -> !known.containsKey(k)).toList());
        }

        @Test
        void connectsWithOcpp16OnBothEnds() {
            assertThat(connected.path("protocol").asText()).as("%s", connected).isEqualTo("ocpp1.6");
            assertThat(connected.path("identity").asText()).isEqualTo(IDENTITY);
            assertThat(cs.version()).isEqualTo(OcppVersion.OCPP16);
            assertThat(cs.session().connectionInfo().subprotocol()).isEqualTo("ocpp1.6");
            assertThat(cs.isOpen()).isTrue();
        }

        @Test
        void bootNotificationHeartbeatAndStatusNotification() throws Exception {
            csms.respondWith("BootNotification", json("""
                    {"status": "Pending", "currentTime": "2026-11-21T10:00:00.123Z", "interval": 60}"""));
            try {
                BootNotificationResponse boot = await(cs.call(new BootNotificationRequest()
                        .withChargePointVendor("dev.ocpp").withChargePointModel("interop-A")
                        .withChargePointSerialNumber("SN-0001").withFirmwareVersion("1.2.3")));

                assertThat(boot.getStatus()).isEqualTo(RegistrationStatus.PENDING);
                assertThat(boot.getCurrentTime())
                        .isEqualTo(OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 123_000_000, ZoneOffset.UTC));
                assertThat(boot.getInterval()).isEqualTo(60);
                assertThat(receivedBy(csms, "BootNotification", p -> p.path("chargePointModel").asText()
                        .equals("interop-A"))).isEqualTo(json("""
                        {"chargePointVendor": "dev.ocpp", "chargePointModel": "interop-A",
                         "chargePointSerialNumber": "SN-0001", "firmwareVersion": "1.2.3"}"""));
            } finally {
                csms.resetResponse("BootNotification");
            }

            // ocpp-rpc's default answer: the current time with milliseconds.
            OffsetDateTime before = OffsetDateTime.now().minusMinutes(1);
            HeartbeatResponse heartbeat = await(cs.call(new HeartbeatRequest()));
            assertThat(heartbeat.getCurrentTime()).isAfter(before).isBefore(OffsetDateTime.now().plusMinutes(1));
            assertThat(receivedBy(csms, "Heartbeat", p -> true)).isEqualTo(json("{}"));

            StatusNotificationResponse status = await(cs.call(new StatusNotificationRequest()
                    .withConnectorId(2).withStatus(ChargePointStatus.SUSPENDED_EV)
                    .withErrorCode(ChargePointErrorCode.EV_COMMUNICATION_ERROR).withInfo("interop-A status")
                    .withTimestamp(T0).withVendorId("dev.ocpp").withVendorErrorCode("E-42")));
            assertThat(status).isNotNull();
            assertThat(receivedBy(csms, "StatusNotification", p -> p.path("info").asText()
                    .equals("interop-A status"))).isEqualTo(json("""
                    {"connectorId": 2, "errorCode": "EVCommunicationError", "info": "interop-A status",
                     "status": "SuspendedEV", "timestamp": "2026-11-21T10:00:00Z", "vendorId": "dev.ocpp",
                     "vendorErrorCode": "E-42"}"""));
        }

        @Test
        void transactionFromAuthorizeThroughMeterValuesToStop() throws Exception {
            csms.respondWith("Authorize", json("""
                    {"idTagInfo": {"status": "Accepted", "expiryDate": "2026-12-31T23:59:59.999+01:00",
                                   "parentIdTag": "FLEET-1"}}"""));
            csms.respondWith("StartTransaction", json("""
                    {"transactionId": 4711, "idTagInfo": {"status": "ConcurrentTx"}}"""));
            csms.respondWith("StopTransaction", json("""
                    {"idTagInfo": {"status": "Expired"}}"""));
            try {
                AuthorizeResponse authorize = await(cs.call(new AuthorizeRequest().withIdTag("TAG-A-1")));
                assertThat(authorize.getIdTagInfo().getStatus()).isEqualTo(AuthorizationStatus.ACCEPTED);
                assertThat(authorize.getIdTagInfo().getParentIdTag()).isEqualTo("FLEET-1");
                // The offset it was sent with is kept, not normalised to UTC.
                assertThat(authorize.getIdTagInfo().getExpiryDate()).isEqualTo(
                        OffsetDateTime.of(2026, 12, 31, 23, 59, 59, 999_000_000, ZoneOffset.ofHours(1)));
                assertThat(receivedBy(csms, "Authorize", p -> p.path("idTag").asText().equals("TAG-A-1")))
                        .isEqualTo(json("{\"idTag\": \"TAG-A-1\"}"));

                StartTransactionResponse start = await(cs.call(new StartTransactionRequest()
                        .withConnectorId(1).withIdTag("TAG-A-1").withMeterStart(1000).withReservationId(7)
                        .withTimestamp(T0)));
                assertThat(start.getTransactionId()).isEqualTo(4711);
                assertThat(start.getIdTagInfo().getStatus()).isEqualTo(AuthorizationStatus.CONCURRENT_TX);
                assertThat(receivedBy(csms, "StartTransaction", p -> p.path("idTag").asText().equals("TAG-A-1")))
                        .isEqualTo(json("""
                                {"connectorId": 1, "idTag": "TAG-A-1", "meterStart": 1000, "reservationId": 7,
                                 "timestamp": "2026-11-21T10:00:00Z"}"""));

                MeterValuesResponse meter = await(cs.call(new MeterValuesRequest()
                        .withConnectorId(1).withTransactionId(4711).withMeterValue(List.of(new MeterValue()
                                .withTimestamp(T0.plusMinutes(5))
                                .withSampledValue(List.of(
                                        new SampledValue().withValue("1234.5")
                                                .withMeasurand(Measurand.ENERGY_ACTIVE_IMPORT_REGISTER)
                                                .withUnit(UnitOfMeasure.KWH).withContext(ReadingContext.SAMPLE_PERIODIC)
                                                .withLocation(Location.OUTLET),
                                        new SampledValue().withValue("229.8").withMeasurand(Measurand.VOLTAGE)
                                                .withUnit(UnitOfMeasure.V).withPhase(Phase.L1_N)
                                                .withContext(ReadingContext.SAMPLE_PERIODIC),
                                        new SampledValue().withValue("16.2").withMeasurand(Measurand.CURRENT_IMPORT)
                                                .withUnit(UnitOfMeasure.A).withPhase(Phase.L1)
                                                .withFormat(ValueFormat.RAW)
                                                .withContext(ReadingContext.TRIGGER)))))));
                assertThat(meter).isNotNull();
                assertThat(receivedBy(csms, "MeterValues", p -> p.path("transactionId").asInt() == 4711))
                        .isEqualTo(json("""
                                {"connectorId": 1, "transactionId": 4711, "meterValue": [{
                                  "timestamp": "2026-11-21T10:05:00Z",
                                  "sampledValue": [
                                    {"value": "1234.5", "context": "Sample.Periodic",
                                     "measurand": "Energy.Active.Import.Register", "location": "Outlet",
                                     "unit": "kWh"},
                                    {"value": "229.8", "context": "Sample.Periodic", "measurand": "Voltage",
                                     "phase": "L1-N", "unit": "V"},
                                    {"value": "16.2", "context": "Trigger", "format": "Raw",
                                     "measurand": "Current.Import", "phase": "L1", "unit": "A"}]}]}"""));

                StopTransactionResponse stop = await(cs.call(new StopTransactionRequest()
                        .withTransactionId(4711).withIdTag("TAG-A-1").withMeterStop(2234)
                        .withTimestamp(OffsetDateTime.of(2026, 11, 21, 11, 30, 15, 250_000_000, ZoneOffset.ofHours(2)))
                        .withReason(Reason.EV_DISCONNECTED)
                        .withTransactionData(List.of(
                                new TransactionData().withTimestamp(T0).withSampledValue(List.of(
                                        new TransactionSampledValue().withValue("1000")
                                                .withContext(ReadingContext.TRANSACTION_BEGIN)
                                                .withMeasurand(Measurand.ENERGY_ACTIVE_IMPORT_REGISTER)
                                                .withUnit(TransactionUnitOfMeasure.WH))),
                                new TransactionData().withTimestamp(T0.plusMinutes(90)).withSampledValue(List.of(
                                        new TransactionSampledValue().withValue("2234")
                                                .withContext(ReadingContext.TRANSACTION_END)
                                                .withMeasurand(Measurand.ENERGY_ACTIVE_IMPORT_REGISTER)
                                                .withUnit(TransactionUnitOfMeasure.WH)))))));
                assertThat(stop.getIdTagInfo().getStatus()).isEqualTo(AuthorizationStatus.EXPIRED);
                assertThat(receivedBy(csms, "StopTransaction", p -> p.path("transactionId").asInt() == 4711))
                        .isEqualTo(json("""
                                {"idTag": "TAG-A-1", "meterStop": 2234, "timestamp": "2026-11-21T11:30:15.25+02:00",
                                 "transactionId": 4711, "reason": "EVDisconnected", "transactionData": [
                                   {"timestamp": "2026-11-21T10:00:00Z", "sampledValue": [{"value": "1000",
                                     "context": "Transaction.Begin", "measurand": "Energy.Active.Import.Register",
                                     "unit": "Wh"}]},
                                   {"timestamp": "2026-11-21T11:30:00Z", "sampledValue": [{"value": "2234",
                                     "context": "Transaction.End", "measurand": "Energy.Active.Import.Register",
                                     "unit": "Wh"}]}]}"""));
            } finally {
                csms.resetResponse("Authorize");
                csms.resetResponse("StartTransaction");
                csms.resetResponse("StopTransaction");
            }
        }

        @Test
        void dataTransferFirmwareStatusAndSecurityEventNotifications() throws Exception {
            csms.respondWith("DataTransfer", json("{\"status\": \"UnknownMessageId\", \"data\": \"{\\\"n\\\":1}\"}"));
            try {
                DataTransferResponse transfer = await(cs.call(new DataTransferRequest()
                        .withVendorId("dev.ocpp.interop").withMessageId("A-ping").withData("{\"ping\":true}")));
                assertThat(transfer.getStatus()).isEqualTo(DataTransferStatus.UNKNOWN_MESSAGE_ID);
                assertThat(transfer.getData()).isEqualTo("{\"n\":1}");
                assertThat(receivedBy(csms, "DataTransfer", p -> p.path("messageId").asText().equals("A-ping")))
                        .isEqualTo(json("""
                                {"vendorId": "dev.ocpp.interop", "messageId": "A-ping",
                                 "data": "{\\"ping\\":true}"}"""));
            } finally {
                csms.resetResponse("DataTransfer");
            }

            FirmwareStatusNotificationResponse firmware = await(cs.call(new FirmwareStatusNotificationRequest()
                    .withStatus(FirmwareStatus.INSTALLATION_FAILED)));
            assertThat(firmware).isNotNull();
            assertThat(receivedBy(csms, "FirmwareStatusNotification", p -> true))
                    .isEqualTo(json("{\"status\": \"InstallationFailed\"}"));

            SecurityEventNotificationResponse security = await(cs.call(new SecurityEventNotificationRequest()
                    .withType("FirmwareUpdated").withTimestamp(T0.plusSeconds(1)).withTechInfo("interop-A")));
            assertThat(security).isNotNull();
            assertThat(receivedBy(csms, "SecurityEventNotification", p -> p.path("techInfo").asText()
                    .equals("interop-A"))).isEqualTo(json("""
                    {"type": "FirmwareUpdated", "timestamp": "2026-11-21T10:00:01Z", "techInfo": "interop-A"}"""));
        }

        @Test
        void ocppRpcResetsChangesAvailabilityAndUnlocksThroughOurHandlers() {
            assertThat(result(csms.callAndAwait(IDENTITY, "Reset", json("{\"type\": \"Hard\"}"))))
                    .isEqualTo(json("{\"status\": \"Accepted\"}"));
            assertThat(inbox.take(ResetRequest.class).getType()).isEqualTo(ResetType.HARD);

            assertThat(result(csms.callAndAwait(IDENTITY, "ChangeAvailability",
                    json("{\"connectorId\": 0, \"type\": \"Inoperative\"}"))))
                    .isEqualTo(json("{\"status\": \"Scheduled\"}"));
            ChangeAvailabilityRequest availability = inbox.take(ChangeAvailabilityRequest.class);
            assertThat(availability.getConnectorId()).isZero();
            assertThat(availability.getType()).isEqualTo(AvailabilityType.INOPERATIVE);

            assertThat(result(csms.callAndAwait(IDENTITY, "UnlockConnector", json("{\"connectorId\": 2}"))))
                    .isEqualTo(json("{\"status\": \"UnlockFailed\"}"));
            assertThat(inbox.take(UnlockConnectorRequest.class).getConnectorId()).isEqualTo(2);
        }

        @Test
        void ocppRpcStartsAndStopsTransactionsRemotely() {
            assertThat(result(csms.callAndAwait(IDENTITY, "RemoteStartTransaction", json("""
                    {"connectorId": 1, "idTag": "REMOTE-1", "chargingProfile": {
                      "chargingProfileId": 12, "stackLevel": 0, "chargingProfilePurpose": "TxProfile",
                      "chargingProfileKind": "Absolute", "chargingSchedule": {
                        "startSchedule": "2026-11-21T10:00:00.000Z", "chargingRateUnit": "A",
                        "minChargingRate": 6.1,
                        "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16.3, "numberPhases": 3},
                                                   {"startPeriod": 900, "limit": 8}]}}}"""))))
                    .isEqualTo(json("{\"status\": \"Accepted\"}"));
            RemoteStartTransactionRequest start = inbox.take(RemoteStartTransactionRequest.class);
            assertThat(start.getConnectorId()).isEqualTo(1);
            assertThat(start.getIdTag()).isEqualTo("REMOTE-1");
            assertThat(start.getChargingProfile().getChargingProfileId()).isEqualTo(12);
            assertThat(start.getChargingProfile().getChargingProfilePurpose())
                    .isEqualTo(ChargingProfilePurpose.TX_PROFILE);
            assertThat(start.getChargingProfile().getChargingProfileKind()).isEqualTo(ChargingProfileKind.ABSOLUTE);
            assertThat(start.getChargingProfile().getChargingSchedule().getStartSchedule()).isEqualTo(T0);
            assertThat(start.getChargingProfile().getChargingSchedule().getChargingRateUnit())
                    .isEqualTo(ChargingRateUnit.A);
            assertThat(start.getChargingProfile().getChargingSchedule().getMinChargingRate()).isEqualTo(6.1);
            assertThat(start.getChargingProfile().getChargingSchedule().getChargingSchedulePeriod())
                    .extracting(p -> p.getStartPeriod(), p -> p.getLimit(), p -> p.getNumberPhases())
                    .containsExactly(
                            tuple(0, 16.3, 3),
                            tuple(900, 8.0, null));

            assertThat(result(csms.callAndAwait(IDENTITY, "RemoteStopTransaction", json("{\"transactionId\": 4711}"))))
                    .isEqualTo(json("{\"status\": \"Rejected\"}"));
            assertThat(inbox.take(RemoteStopTransactionRequest.class).getTransactionId()).isEqualTo(4711);
        }

        @Test
        void ocppRpcReadsAndWritesOurConfiguration() {
            assertThat(result(csms.callAndAwait(IDENTITY, "GetConfiguration",
                    json("{\"key\": [\"HeartbeatInterval\", \"NumberOfConnectors\", \"NoSuchKey\"]}"))))
                    .isEqualTo(json("""
                            {"configurationKey": [
                               {"key": "HeartbeatInterval", "readonly": false, "value": "300"},
                               {"key": "NumberOfConnectors", "readonly": true, "value": "2"}],
                             "unknownKey": ["NoSuchKey"]}"""));
            assertThat(inbox.take(GetConfigurationRequest.class).getKey())
                    .containsExactly("HeartbeatInterval", "NumberOfConnectors", "NoSuchKey");

            assertThat(result(csms.callAndAwait(IDENTITY, "ChangeConfiguration",
                    json("{\"key\": \"HeartbeatInterval\", \"value\": \"60\"}"))))
                    .isEqualTo(json("{\"status\": \"RebootRequired\"}"));
            ChangeConfigurationRequest change = inbox.take(ChangeConfigurationRequest.class);
            assertThat(change.getKey()).isEqualTo("HeartbeatInterval");
            assertThat(change.getValue()).isEqualTo("60");
        }

        @Test
        void ocppRpcTriggersMessagesAndTransfersData() {
            assertThat(result(csms.callAndAwait(IDENTITY, "TriggerMessage",
                    json("{\"requestedMessage\": \"StatusNotification\", \"connectorId\": 1}"))))
                    .isEqualTo(json("{\"status\": \"Accepted\"}"));
            TriggerMessageRequest trigger = inbox.take(TriggerMessageRequest.class);
            assertThat(trigger.getRequestedMessage()).isEqualTo(MessageTrigger.STATUS_NOTIFICATION);
            assertThat(trigger.getConnectorId()).isEqualTo(1);

            assertThat(result(csms.callAndAwait(IDENTITY, "TriggerMessage",
                    json("{\"requestedMessage\": \"MeterValues\"}"))))
                    .isEqualTo(json("{\"status\": \"NotImplemented\"}"));
            assertThat(inbox.take(TriggerMessageRequest.class).getConnectorId()).isNull();

            assertThat(result(csms.callAndAwait(IDENTITY, "DataTransfer",
                    json("{\"vendorId\": \"dev.ocpp.interop\", \"messageId\": \"to-cp\", \"data\": \"Grüße ✓\"}"))))
                    .isEqualTo(json("{\"status\": \"Accepted\", \"data\": \"echo:Grüße ✓\"}"));
            DataTransferRequest transfer = inbox.take(DataTransferRequest.class);
            assertThat(transfer.getVendorId()).isEqualTo("dev.ocpp.interop");
            assertThat(transfer.getMessageId()).isEqualTo("to-cp");
            assertThat(transfer.getData()).isEqualTo("Grüße ✓");
        }

        @Test
        void ocppRpcCallsSecurityExtensionActions() {
            assertThat(result(csms.callAndAwait(IDENTITY, "GetInstalledCertificateIds",
                    json("{\"certificateType\": \"CentralSystemRootCertificate\"}"))))
                    .isEqualTo(json("""
                            {"status": "Accepted", "certificateHashData": [{"hashAlgorithm": "SHA256",
                              "issuerNameHash": "a3f1c2", "issuerKeyHash": "b4e2d3",
                              "serialNumber": "0123456789abcdef"}]}"""));
            assertThat(inbox.take(GetInstalledCertificateIdsRequest.class).getCertificateType())
                    .isEqualTo(CertificateUse.CENTRAL_SYSTEM_ROOT_CERTIFICATE);

            assertThat(result(csms.callAndAwait(IDENTITY, "ExtendedTriggerMessage",
                    json("{\"requestedMessage\": \"SignChargePointCertificate\"}"))))
                    .isEqualTo(json("{\"status\": \"Accepted\"}"));
            assertThat(inbox.take(ExtendedTriggerMessageRequest.class).getRequestedMessage())
                    .isEqualTo(ExtendedMessageTrigger.SIGN_CHARGE_POINT_CERTIFICATE);
        }

        // ------------------------------------------------------------------------------------------ error paths

        @Test
        void callErrorsFromOcppRpcFailTheTypedFuture() {
            csms.respondWithError("DiagnosticsStatusNotification", "SecurityError", "not from you");
            try {
                CallErrorException error = callErrorOf(cs.call(new DiagnosticsStatusNotificationRequest()
                        .withStatus(DiagnosticsStatus.UPLOAD_FAILED)));
                assertThat(error.code()).isEqualTo(ErrorCode.SECURITY_ERROR);
                assertThat(error.wireCode()).isEqualTo("SecurityError");
                assertThat(error.description()).isEqualTo("not from you");
            } finally {
                csms.resetResponse("DiagnosticsStatusNotification");
            }

            // ocpp-rpc spells it the 1.6 way on the wire; we read either spelling.
            csms.respondWithError("SignCertificate", "FormatViolation", "csr is not PEM");
            try {
                CallErrorException error = callErrorOf(cs.call(new SignCertificateRequest().withCsr("not a csr")));
                assertThat(error.code()).isEqualTo(ErrorCode.FORMAT_VIOLATION);
                assertThat(error.wireCode()).isEqualTo("FormationViolation");
                assertThat(error.description()).isEqualTo("csr is not PEM");
            } finally {
                csms.resetResponse("SignCertificate");
            }
        }

        @Test
        void actionOcppRpcHasNoHandlerForIsNotImplemented() {
            // The peer registers no LogStatusNotification handler, so ocpp-rpc answers NotImplemented itself.
            CallErrorException error = callErrorOf(cs.call(new LogStatusNotificationRequest()
                    .withStatus(UploadLogStatus.IDLE)));
            assertThat(error.code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
        }

        @Test
        void actionWithoutOurHandlerIsAnsweredNotSupported() {
            ObjectNode outcome = remoteError(csms.callAndAwait(IDENTITY, "SendLocalList",
                    json("{\"listVersion\": 3, \"updateType\": \"Full\"}")));
            assertThat(outcome.path("code").asText()).isEqualTo("NotSupported");
        }

        @Test
        void callErrorThrownByOurHandlerReachesOcppRpc() {
            ObjectNode outcome = remoteError(csms.callAndAwait(IDENTITY, "ClearCache", json("{}")));
            assertThat(outcome.path("code").asText()).isEqualTo("SecurityError");
            assertThat(outcome.path("message").asText()).isEqualTo("the cache is sealed");
            assertThat(inbox.take(ClearCacheRequest.class)).isNotNull();
        }

        @Test
        void failingHandlerBecomesInternalErrorWithoutItsMessage() {
            ObjectNode outcome = remoteError(csms.callAndAwait(IDENTITY, "GetLocalListVersion", json("{}")));
            assertThat(outcome.path("code").asText()).isEqualTo("InternalError");
            assertThat(outcome.toString()).doesNotContain("secret internals");
        }

        /**
         * Documents a divergence of the peer, not of ours: the OCA 1.6 MeterValues schema (and ours) allows unit
         * {@code Hertz}, ocpp-rpc 2.2.1's bundled copy does not, so a strict ocpp-rpc central system refuses such a
         * reading. Useful to know in the field; if ocpp-rpc is upgraded and this starts passing through, drop it.
         */
        @Test
        void hertzUnitIsRefusedByOcppRpcsOlderSchema() {
            CallErrorException error = callErrorOf(cs.call(new MeterValuesRequest().withConnectorId(1)
                    .withMeterValue(List.of(new MeterValue().withTimestamp(T0).withSampledValue(List.of(
                            new SampledValue().withValue("50.01").withMeasurand(Measurand.FREQUENCY)
                                    .withUnit(UnitOfMeasure.HERTZ)))))));
            assertThat(error.code()).isEqualTo(ErrorCode.FORMAT_VIOLATION);
            assertThat(error.wireCode()).isEqualTo("FormationViolation");
            ObjectNode refused = csms.awaitEvent("validationFailure",
                    e -> "MeterValues".equals(e.path("method").asText()), WAIT);
            assertThat(refused.path("message").asText()).contains("unit");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class CentralSystemIsOcppRpcWithBasicAuth {

        OcppRpcPeer csms;

        @BeforeAll
        void start() {
            if (!OcppRpcPeer.nodeAvailable()) {
                return;
            }
            csms = OcppRpcPeer.server(OcppRpcPeer.OCPP16, Map.of("CP-AUTH-1", "s3cret:pw", "CP-AUTH-2", "right"));
        }

        @AfterAll
        void stop() {
            if (csms != null) {
                csms.close();
            }
        }

        Ocpp16ChargePoint chargePoint(String identity, String password) {
            return Ocpp16ChargePoint.builder(InteropSupport.clientTransport())
                    .endpoint(URI.create(csms.endpoint("ocpp")))
                    .identity(identity)
                    .credentials(BasicCredentials.of(identity, password))
                    .build();
        }

        @Test
        void rightPasswordConnects() throws Exception {
            Ocpp16CentralSystemSession cs = await(chargePoint("CP-AUTH-1", "s3cret:pw").connect());
            try {
                authorizedConnection(csms, "CP-AUTH-1", "ocpp1.6");
                assertThat(await(cs.call(new HeartbeatRequest())).getCurrentTime()).isNotNull();
            } finally {
                cs.close();
            }
        }

        @Test
        void wrongPasswordFailsTheConnectWith401() {
            assertRefusedForWrongPassword(chargePoint("CP-AUTH-2", "wrong").connect(), csms, "CP-AUTH-2");
        }
    }

    // =============================================================================================================
    // B. ocpp-rpc as charge point, our Ocpp16CentralSystem
    // =============================================================================================================

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ChargePointIsOcppRpc {

        /** ocpp-rpc sends it as {@code CP%201}; our server must hand handlers and onConnect the decoded form. */
        static final String IDENTITY = "CP 1";
        static final String SECURED_PASSWORD = "s3cret";

        final Inbox inbox = new Inbox();
        /** onConnect, by identity: tests may look in any order. */
        final Arrivals<Ocpp16ChargePointSession> connects = new Arrivals<>();
        Ocpp16CentralSystem centralSystem;
        OcppRpcPeer station;
        ObjectNode connected;

        @BeforeAll
        void start() {
            if (!OcppRpcPeer.nodeAvailable()) {
                return;
            }
            centralSystem = Ocpp16CentralSystem.builder(InteropSupport.serverTransport())
                    .host("127.0.0.1").port(0).path("/ocpp")
                    .authenticator(secIdentitiesNeed(SECURED_PASSWORD))
                    .on(BootNotificationRequest.class, inbox.answer((BootNotificationRequest r) ->
                            new BootNotificationResponse().withStatus(RegistrationStatus.ACCEPTED)
                                    .withCurrentTime(T0).withInterval(300)))
                    .on(HeartbeatRequest.class, inbox.answer((HeartbeatRequest r) -> new HeartbeatResponse()
                            .withCurrentTime(OffsetDateTime.of(2026, 11, 21, 12, 0, 0, 500_000_000,
                                    ZoneOffset.ofHours(2)))))
                    .on(AuthorizeRequest.class, inbox.answer((AuthorizeRequest r) -> new AuthorizeResponse()
                            .withIdTagInfo(r.getIdTag().startsWith("BLOCKED")
                                    ? new IdTagInfo().withStatus(AuthorizationStatus.BLOCKED)
                                    : new IdTagInfo().withStatus(AuthorizationStatus.ACCEPTED)
                                            .withExpiryDate(T0.plusDays(30)).withParentIdTag("FLEET-B"))))
                    .on(StartTransactionRequest.class, inbox.answer((StartTransactionRequest r) ->
                            new StartTransactionResponse().withTransactionId(4242)
                                    .withIdTagInfo(new IdTagInfo().withStatus(AuthorizationStatus.ACCEPTED))))
                    .on(MeterValuesRequest.class, inbox.answer((MeterValuesRequest r) -> new MeterValuesResponse()))
                    .on(StopTransactionRequest.class, inbox.answer((StopTransactionRequest r) ->
                            new StopTransactionResponse()
                                    .withIdTagInfo(new IdTagInfo().withStatus(AuthorizationStatus.INVALID))))
                    .on(StatusNotificationRequest.class, inbox.answer((StatusNotificationRequest r) ->
                            new StatusNotificationResponse()))
                    .on(DataTransferRequest.class, inbox.answer((DataTransferRequest r) -> {
                        if ("dev.ocpp.deny".equals(r.getVendorId())) {
                            throw new CallErrorException(ErrorCode.SECURITY_ERROR, "vendor not allowed");
                        }
                        return new DataTransferResponse().withStatus(DataTransferStatus.ACCEPTED)
                                .withData("ack:" + r.getMessageId());
                    }))
                    // No DiagnosticsStatusNotification handler on purpose.
                    .onConnect(cp -> connects.arrived(cp.identity(), cp))
                    .build().start();
            station = OcppRpcPeer.client(OcppRpcPeer.OCPP16, "ws://127.0.0.1:" + centralSystem.port() + "/ocpp",
                    IDENTITY, null);
            // client() returns once it has seen (and claimed) the connected event.
            connected = startupEvent(station, "connected");
            // That is the peer's side of the handshake; ours may still be registering the session, and the tests
            // that call the station first would find no one connected. Wait for our side too.
            connects.await(IDENTITY);
        }

        @AfterAll
        void stop() {
            if (station != null) {
                station.close();
            }
            if (centralSystem != null) {
                centralSystem.close();
            }
        }

        @Test
        void connectsWithOcpp16AndADecodedIdentity() {
            assertThat(connected.path("protocol").asText()).as("%s", connected).isEqualTo("ocpp1.6");
            Ocpp16ChargePointSession cp = connects.await(IDENTITY);
            assertThat(cp.version()).isEqualTo(OcppVersion.OCPP16);
            assertThat(cp.session().connectionInfo().subprotocol()).isEqualTo("ocpp1.6");
            assertThat(cp.session().connectionInfo().requestUri().getRawPath()).isEqualTo("/ocpp/CP%201");
            assertThat(centralSystem.chargePoint(IDENTITY)).isPresent();
        }

        @Test
        void bootNotificationAndHeartbeatAreBoundAndAnswered() {
            assertThat(result(station.callAndAwait(null, "BootNotification", json("""
                    {"chargePointVendor": "ocpp-rpc", "chargePointModel": "interop-B",
                     "chargePointSerialNumber": "SN-B", "firmwareVersion": "2.2.1", "iccid": "8944",
                     "meterType": "AC", "meterSerialNumber": "M-1"}"""))))
                    .isEqualTo(json("""
                            {"status": "Accepted", "currentTime": "2026-11-21T10:00:00Z", "interval": 300}"""));
            Delivery<BootNotificationRequest> boot = inbox.takeDelivery(BootNotificationRequest.class);
            assertThat(boot.identity()).isEqualTo(IDENTITY);
            assertThat(boot.request().getChargePointVendor()).isEqualTo("ocpp-rpc");
            assertThat(boot.request().getChargePointModel()).isEqualTo("interop-B");
            assertThat(boot.request().getChargePointSerialNumber()).isEqualTo("SN-B");
            assertThat(boot.request().getFirmwareVersion()).isEqualTo("2.2.1");
            assertThat(boot.request().getIccid()).isEqualTo("8944");
            assertThat(boot.request().getMeterType()).isEqualTo("AC");
            assertThat(boot.request().getMeterSerialNumber()).isEqualTo("M-1");
            assertThat(boot.request().getChargeBoxSerialNumber()).isNull();

            assertThat(result(station.callAndAwait(null, "Heartbeat", json("{}"))))
                    .isEqualTo(json("{\"currentTime\": \"2026-11-21T12:00:00.5+02:00\"}"));
            assertThat(inbox.take(HeartbeatRequest.class)).isNotNull();
        }

        @Test
        void statusNotificationAuthorizeAndDataTransferAreBoundAndAnswered() {
            assertThat(result(station.callAndAwait(null, "StatusNotification", json("""
                    {"connectorId": 1, "errorCode": "GroundFailure", "status": "Faulted",
                     "timestamp": "2026-11-21T09:59:58.123-05:00", "info": "B status", "vendorErrorCode": "GF"}"""))))
                    .isEqualTo(json("{}"));
            StatusNotificationRequest status = inbox.take(StatusNotificationRequest.class);
            assertThat(status.getConnectorId()).isEqualTo(1);
            assertThat(status.getErrorCode()).isEqualTo(ChargePointErrorCode.GROUND_FAILURE);
            assertThat(status.getStatus()).isEqualTo(ChargePointStatus.FAULTED);
            assertThat(status.getTimestamp())
                    .isEqualTo(OffsetDateTime.of(2026, 11, 21, 9, 59, 58, 123_000_000, ZoneOffset.ofHours(-5)));
            assertThat(status.getInfo()).isEqualTo("B status");
            assertThat(status.getVendorErrorCode()).isEqualTo("GF");
            assertThat(status.getVendorId()).isNull();

            assertThat(result(station.callAndAwait(null, "Authorize", json("{\"idTag\": \"TAG-B-1\"}"))))
                    .isEqualTo(json("""
                            {"idTagInfo": {"status": "Accepted", "expiryDate": "2026-12-21T10:00:00Z",
                                           "parentIdTag": "FLEET-B"}}"""));
            assertThat(inbox.take(AuthorizeRequest.class).getIdTag()).isEqualTo("TAG-B-1");
            assertThat(result(station.callAndAwait(null, "Authorize", json("{\"idTag\": \"BLOCKED-B\"}"))))
                    .isEqualTo(json("{\"idTagInfo\": {\"status\": \"Blocked\"}}"));
            assertThat(inbox.take(AuthorizeRequest.class).getIdTag()).isEqualTo("BLOCKED-B");

            assertThat(result(station.callAndAwait(null, "DataTransfer",
                    json("{\"vendorId\": \"dev.ocpp.interop\", \"messageId\": \"B-1\", \"data\": \"x\"}"))))
                    .isEqualTo(json("{\"status\": \"Accepted\", \"data\": \"ack:B-1\"}"));
            DataTransferRequest transfer = inbox.take(DataTransferRequest.class);
            assertThat(transfer.getVendorId()).isEqualTo("dev.ocpp.interop");
            assertThat(transfer.getData()).isEqualTo("x");

            ObjectNode denied = remoteError(station.callAndAwait(null, "DataTransfer",
                    json("{\"vendorId\": \"dev.ocpp.deny\"}")));
            assertThat(denied.path("code").asText()).isEqualTo("SecurityError");
            assertThat(denied.path("message").asText()).isEqualTo("vendor not allowed");
            assertThat(inbox.take(DataTransferRequest.class).getMessageId()).isNull();
        }

        @Test
        void transactionFromStartThroughMeterValuesToStopIsBoundAndAnswered() {
            assertThat(result(station.callAndAwait(null, "StartTransaction", json("""
                    {"connectorId": 2, "idTag": "TAG-B-2", "meterStart": 0,
                     "timestamp": "2026-11-21T10:00:00Z"}"""))))
                    .isEqualTo(json("{\"transactionId\": 4242, \"idTagInfo\": {\"status\": \"Accepted\"}}"));
            StartTransactionRequest start = inbox.take(StartTransactionRequest.class);
            assertThat(start.getConnectorId()).isEqualTo(2);
            assertThat(start.getIdTag()).isEqualTo("TAG-B-2");
            assertThat(start.getMeterStart()).isZero();
            assertThat(start.getReservationId()).isNull();
            assertThat(start.getTimestamp()).isEqualTo(T0);

            assertThat(result(station.callAndAwait(null, "MeterValues", json("""
                    {"connectorId": 2, "transactionId": 4242, "meterValue": [{
                       "timestamp": "2026-11-21T10:15:00+01:00", "sampledValue": [
                         {"value": "512", "measurand": "Energy.Active.Import.Register", "unit": "Wh",
                          "context": "Sample.Clock", "location": "Outlet"},
                         {"value": "7.4", "measurand": "Power.Active.Import", "unit": "kW", "phase": "L2"},
                         {"value": "ff00", "format": "SignedData"}]}]}"""))))
                    .isEqualTo(json("{}"));
            MeterValuesRequest meter = inbox.take(MeterValuesRequest.class);
            assertThat(meter.getConnectorId()).isEqualTo(2);
            assertThat(meter.getTransactionId()).isEqualTo(4242);
            assertThat(meter.getMeterValue()).hasSize(1);
            assertThat(meter.getMeterValue().get(0).getTimestamp())
                    .isEqualTo(OffsetDateTime.of(2026, 11, 21, 10, 15, 0, 0, ZoneOffset.ofHours(1)));
            assertThat(meter.getMeterValue().get(0).getSampledValue())
                    .extracting(SampledValue::getValue, SampledValue::getMeasurand, SampledValue::getUnit,
                            SampledValue::getContext, SampledValue::getPhase, SampledValue::getLocation,
                            SampledValue::getFormat)
                    .containsExactly(
                            tuple("512", Measurand.ENERGY_ACTIVE_IMPORT_REGISTER,
                                    UnitOfMeasure.WH, ReadingContext.SAMPLE_CLOCK, null, Location.OUTLET, null),
                            tuple("7.4", Measurand.POWER_ACTIVE_IMPORT,
                                    UnitOfMeasure.KW, null, Phase.L2, null, null),
                            tuple("ff00", null, null, null, null, null,
                                    ValueFormat.SIGNED_DATA));

            assertThat(result(station.callAndAwait(null, "StopTransaction", json("""
                    {"transactionId": 4242, "meterStop": 512, "timestamp": "2026-11-21T10:30:00Z",
                     "reason": "Local", "transactionData": [{"timestamp": "2026-11-21T10:30:00Z",
                       "sampledValue": [{"value": "512", "context": "Transaction.End", "unit": "Wh"}]}]}"""))))
                    .isEqualTo(json("{\"idTagInfo\": {\"status\": \"Invalid\"}}"));
            StopTransactionRequest stop = inbox.take(StopTransactionRequest.class);
            assertThat(stop.getTransactionId()).isEqualTo(4242);
            assertThat(stop.getMeterStop()).isEqualTo(512);
            assertThat(stop.getIdTag()).isNull();
            assertThat(stop.getReason()).isEqualTo(Reason.LOCAL);
            assertThat(stop.getTimestamp()).isEqualTo(T0.plusMinutes(30));
            assertThat(stop.getTransactionData()).singleElement().satisfies(data -> {
                assertThat(data.getTimestamp()).isEqualTo(T0.plusMinutes(30));
                assertThat(data.getSampledValue()).singleElement().satisfies(v -> {
                    assertThat(v.getValue()).isEqualTo("512");
                    assertThat(v.getContext()).isEqualTo(ReadingContext.TRANSACTION_END);
                    assertThat(v.getUnit()).isEqualTo(TransactionUnitOfMeasure.WH);
                });
            });
        }

        @Test
        void ourResetTriggerClearCacheAndUnlockGetTypedAnswers() throws Exception {
            ResetResponse reset = await(centralSystem.call(IDENTITY, new ResetRequest().withType(ResetType.SOFT)));
            assertThat(reset.getStatus()).isEqualTo(ResetStatus.ACCEPTED);
            assertThat(receivedBy(station, "Reset", p -> true)).isEqualTo(json("{\"type\": \"Soft\"}"));

            station.respondWith("TriggerMessage", json("{\"status\": \"Rejected\"}"));
            try {
                TriggerMessageResponse trigger = await(centralSystem.call(IDENTITY, new TriggerMessageRequest()
                        .withRequestedMessage(MessageTrigger.DIAGNOSTICS_STATUS_NOTIFICATION).withConnectorId(0)));
                assertThat(trigger.getStatus()).isEqualTo(TriggerMessageStatus.REJECTED);
                assertThat(receivedBy(station, "TriggerMessage", p -> true)).isEqualTo(json("""
                        {"requestedMessage": "DiagnosticsStatusNotification", "connectorId": 0}"""));
            } finally {
                station.resetResponse("TriggerMessage");
            }

            ClearCacheResponse clear = await(centralSystem.call(IDENTITY, new ClearCacheRequest()));
            assertThat(clear.getStatus()).isEqualTo(ClearCacheStatus.ACCEPTED);
            assertThat(receivedBy(station, "ClearCache", p -> true)).isEqualTo(json("{}"));

            UnlockConnectorResponse unlock = await(centralSystem.call(IDENTITY,
                    new UnlockConnectorRequest().withConnectorId(2)));
            assertThat(unlock.getStatus()).isEqualTo(UnlockStatus.UNLOCKED);
            assertThat(receivedBy(station, "UnlockConnector", p -> true)).isEqualTo(json("{\"connectorId\": 2}"));
        }

        @Test
        void ourConfigurationCallsGetTypedAnswers() throws Exception {
            station.respondWith("GetConfiguration", json("""
                    {"configurationKey": [
                       {"key": "HeartbeatInterval", "readonly": false, "value": "300"},
                       {"key": "SupportedFeatureProfiles", "readonly": true,
                        "value": "Core,RemoteTrigger,SmartCharging"},
                       {"key": "AuthorizationKey", "readonly": false}],
                     "unknownKey": ["Bogus"]}"""));
            try {
                GetConfigurationResponse config = await(centralSystem.call(IDENTITY, new GetConfigurationRequest()
                        .withKey(List.of("HeartbeatInterval", "SupportedFeatureProfiles", "AuthorizationKey",
                                "Bogus"))));
                assertThat(config.getConfigurationKey())
                        .extracting(KeyValue::getKey, KeyValue::getReadonly, KeyValue::getValue)
                        .containsExactly(
                                tuple("HeartbeatInterval", false, "300"),
                                tuple("SupportedFeatureProfiles", true,
                                        "Core,RemoteTrigger,SmartCharging"),
                                tuple("AuthorizationKey", false, null));
                assertThat(config.getUnknownKey()).containsExactly("Bogus");
                assertThat(receivedBy(station, "GetConfiguration", p -> true)).isEqualTo(json("""
                        {"key": ["HeartbeatInterval", "SupportedFeatureProfiles", "AuthorizationKey", "Bogus"]}"""));
            } finally {
                station.resetResponse("GetConfiguration");
            }

            station.respondWith("ChangeConfiguration", json("{\"status\": \"NotSupported\"}"));
            try {
                ChangeConfigurationResponse change = await(centralSystem.call(IDENTITY,
                        new ChangeConfigurationRequest().withKey("MeterValueSampleInterval").withValue("60")));
                assertThat(change.getStatus()).isEqualTo(ConfigurationStatus.NOT_SUPPORTED);
                assertThat(receivedBy(station, "ChangeConfiguration", p -> true)).isEqualTo(json("""
                        {"key": "MeterValueSampleInterval", "value": "60"}"""));
            } finally {
                station.resetResponse("ChangeConfiguration");
            }
        }

        @Test
        void ourRemoteStartWithAChargingProfileIsValidForOcppRpc() throws Exception {
            RemoteStartTransactionResponse start = await(centralSystem.call(IDENTITY,
                    new RemoteStartTransactionRequest().withConnectorId(1).withIdTag("REMOTE-B")
                            .withChargingProfile(new ChargingProfile()
                                    .withChargingProfileId(5).withStackLevel(1)
                                    .withChargingProfilePurpose(ChargingProfilePurpose.TX_PROFILE)
                                    .withChargingProfileKind(ChargingProfileKind.RELATIVE)
                                    .withChargingSchedule(new ChargingSchedule()
                                            .withDuration(3600).withChargingRateUnit(ChargingRateUnit.W)
                                            .withMinChargingRate(1380.0)
                                            .withChargingSchedulePeriod(List.of(
                                                    new ChargingSchedulePeriod()
                                                            .withStartPeriod(0).withLimit(11000.5).withNumberPhases(3),
                                                    new ChargingSchedulePeriod()
                                                            .withStartPeriod(1800).withLimit(3680.0)))))));
            assertThat(start.getStatus()).isEqualTo(RemoteStartStopStatus.ACCEPTED);
            JsonNode params = receivedBy(station, "RemoteStartTransaction",
                    p -> p.path("idTag").asText().equals("REMOTE-B"));
            assertThat(params.path("connectorId").asInt()).isEqualTo(1);
            JsonNode profile = params.path("chargingProfile");
            assertThat(profile.path("chargingProfileId").asInt()).isEqualTo(5);
            assertThat(profile.path("chargingProfilePurpose").asText()).isEqualTo("TxProfile");
            assertThat(profile.path("chargingProfileKind").asText()).isEqualTo("Relative");
            JsonNode schedule = profile.path("chargingSchedule");
            assertThat(schedule.path("duration").asInt()).isEqualTo(3600);
            assertThat(schedule.path("chargingRateUnit").asText()).isEqualTo("W");
            assertThat(schedule.path("minChargingRate").asDouble()).isEqualTo(1380.0);
            assertThat(schedule.path("chargingSchedulePeriod").get(0).path("limit").asDouble()).isEqualTo(11000.5);
            assertThat(schedule.path("chargingSchedulePeriod").get(1).path("startPeriod").asInt()).isEqualTo(1800);
            assertThat(schedule.path("chargingSchedulePeriod").get(1).has("numberPhases")).isFalse();
            assertThat(schedule.has("startSchedule")).isFalse();
        }

        // ------------------------------------------------------------------------------------------ error paths

        @Test
        void actionWithoutOurHandlerIsAnsweredNotSupported() {
            ObjectNode outcome = remoteError(station.callAndAwait(null, "DiagnosticsStatusNotification",
                    json("{\"status\": \"Uploaded\"}")));
            assertThat(outcome.path("code").asText()).isEqualTo("NotSupported");
        }

        @Test
        void callErrorFromOcppRpcFailsOurTypedFuture() {
            station.respondWithError("ChangeAvailability", "FormatViolation", "connector 9 does not exist");
            try {
                CallErrorException error = callErrorOf(centralSystem.call(IDENTITY, new ChangeAvailabilityRequest()
                        .withConnectorId(9).withType(AvailabilityType.OPERATIVE)));
                assertThat(error.code()).isEqualTo(ErrorCode.FORMAT_VIOLATION);
                assertThat(error.wireCode()).isEqualTo("FormationViolation");
                assertThat(error.description()).isEqualTo("connector 9 does not exist");
            } finally {
                station.resetResponse("ChangeAvailability");
            }
            // The peer did receive it: the error is its answer, not a local failure of ours.
            assertThat(receivedBy(station, "ChangeAvailability", p -> p.path("connectorId").asInt() == 9))
                    .isEqualTo(json("{\"connectorId\": 9, \"type\": \"Operative\"}"));
        }

        @Test
        void ocppRpcStationWithTheRightPasswordGetsInAndAWrongOneGets401() {
            try (OcppRpcPeer secured = OcppRpcPeer.client(OcppRpcPeer.OCPP16,
                    "ws://127.0.0.1:" + centralSystem.port() + "/ocpp", "SEC-1", SECURED_PASSWORD)) {
                assertThat(startupEvent(secured, "connected").path("protocol").asText()).isEqualTo("ocpp1.6");
                Ocpp16ChargePointSession cp = connects.await("SEC-1");
                assertThat(cp.session().connectionInfo().credentials()).hasValueSatisfying(c ->
                        assertThat(c.username()).isEqualTo("SEC-1"));
                assertThat(result(secured.callAndAwait(null, "Heartbeat", json("{}"))).has("currentTime")).isTrue();
            }
            try (OcppRpcPeer intruder = OcppRpcPeer.startClient(OcppRpcPeer.OCPP16,
                    "ws://127.0.0.1:" + centralSystem.port() + "/ocpp", "SEC-2", "wrong")) {
                assertThat(intruder.awaitEvent("error").path("status").asInt()).isEqualTo(401);
            }
            assertThat(centralSystem.chargePoint("SEC-2")).isEmpty();
        }
    }
}
