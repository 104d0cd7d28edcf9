package dev.ocpp.examples.interop;

import static dev.ocpp.examples.interop.InteropSupport.assertRefusedForWrongPassword;
import static dev.ocpp.examples.interop.InteropSupport.authorizedConnection;
import static dev.ocpp.examples.interop.InteropSupport.receivedBy;
import static dev.ocpp.examples.interop.InteropSupport.remoteError;
import static dev.ocpp.examples.interop.InteropSupport.result;
import static dev.ocpp.examples.interop.InteropSupport.secIdentitiesNeed;
import static dev.ocpp.examples.interop.InteropSupport.startupEvent;
import static dev.ocpp.examples.interop.InteropSupport.tree;
import static dev.ocpp.examples.testing.TypedApiSupport.JSON;
import static dev.ocpp.examples.testing.TypedApiSupport.WAIT;
import static dev.ocpp.examples.testing.TypedApiSupport.await;
import static dev.ocpp.examples.testing.TypedApiSupport.callErrorOf;
import static dev.ocpp.examples.testing.TypedApiSupport.failureOf;
import static dev.ocpp.examples.testing.TypedApiSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.validation.PayloadDirection;
import dev.ocpp.core.validation.PayloadValidationException;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.core.validation.Violation;
import dev.ocpp.examples.testing.TypedApiSupport.Arrivals;
import dev.ocpp.examples.testing.TypedApiSupport.Delivery;
import dev.ocpp.examples.testing.TypedApiSupport.Inbox;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201ChargingStationSession;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.AuthorizeRequest;
import dev.ocpp.v201.messages.AuthorizeResponse;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.ClearCacheRequest;
import dev.ocpp.v201.messages.ClearCacheResponse;
import dev.ocpp.v201.messages.CostUpdatedRequest;
import dev.ocpp.v201.messages.DataTransferRequest;
import dev.ocpp.v201.messages.DataTransferResponse;
import dev.ocpp.v201.messages.FirmwareStatusNotificationRequest;
import dev.ocpp.v201.messages.GetBaseReportRequest;
import dev.ocpp.v201.messages.GetBaseReportResponse;
import dev.ocpp.v201.messages.GetLocalListVersionRequest;
import dev.ocpp.v201.messages.GetVariablesRequest;
import dev.ocpp.v201.messages.GetVariablesResponse;
import dev.ocpp.v201.messages.HeartbeatRequest;
import dev.ocpp.v201.messages.HeartbeatResponse;
import dev.ocpp.v201.messages.LogStatusNotificationRequest;
import dev.ocpp.v201.messages.NotifyReportRequest;
import dev.ocpp.v201.messages.NotifyReportResponse;
import dev.ocpp.v201.messages.RequestStartTransactionRequest;
import dev.ocpp.v201.messages.RequestStartTransactionResponse;
import dev.ocpp.v201.messages.ResetRequest;
import dev.ocpp.v201.messages.ResetResponse;
import dev.ocpp.v201.messages.SecurityEventNotificationRequest;
import dev.ocpp.v201.messages.SetVariablesRequest;
import dev.ocpp.v201.messages.SetVariablesResponse;
import dev.ocpp.v201.messages.StatusNotificationRequest;
import dev.ocpp.v201.messages.StatusNotificationResponse;
import dev.ocpp.v201.messages.TransactionEventRequest;
import dev.ocpp.v201.messages.TransactionEventResponse;
import dev.ocpp.v201.messages.TriggerMessageRequest;
import dev.ocpp.v201.messages.TriggerMessageResponse;
import dev.ocpp.v201.messages.UnlockConnectorRequest;
import dev.ocpp.v201.types.AdditionalInfo;
import dev.ocpp.v201.types.AttributeEnum;
import dev.ocpp.v201.types.AuthorizationStatusEnum;
import dev.ocpp.v201.types.BootReasonEnum;
import dev.ocpp.v201.types.ChargingProfile;
import dev.ocpp.v201.types.ChargingProfileKindEnum;
import dev.ocpp.v201.types.ChargingProfilePurposeEnum;
import dev.ocpp.v201.types.ChargingRateUnitEnum;
import dev.ocpp.v201.types.ChargingSchedule;
import dev.ocpp.v201.types.ChargingSchedulePeriod;
import dev.ocpp.v201.types.ChargingStateEnum;
import dev.ocpp.v201.types.ChargingStation;
import dev.ocpp.v201.types.Component;
import dev.ocpp.v201.types.ConnectorStatusEnum;
import dev.ocpp.v201.types.CustomData;
import dev.ocpp.v201.types.DataEnum;
import dev.ocpp.v201.types.DataTransferStatusEnum;
import dev.ocpp.v201.types.EVSE;
import dev.ocpp.v201.types.FirmwareStatusEnum;
import dev.ocpp.v201.types.GenericDeviceModelStatusEnum;
import dev.ocpp.v201.types.GetVariableData;
import dev.ocpp.v201.types.GetVariableResult;
import dev.ocpp.v201.types.GetVariableStatusEnum;
import dev.ocpp.v201.types.IdToken;
import dev.ocpp.v201.types.IdTokenEnum;
import dev.ocpp.v201.types.IdTokenInfo;
import dev.ocpp.v201.types.LocationEnum;
import dev.ocpp.v201.types.MeasurandEnum;
import dev.ocpp.v201.types.MessageFormatEnum;
import dev.ocpp.v201.types.MessageTriggerEnum;
import dev.ocpp.v201.types.MeterValue;
import dev.ocpp.v201.types.Modem;
import dev.ocpp.v201.types.MutabilityEnum;
import dev.ocpp.v201.types.PhaseEnum;
import dev.ocpp.v201.types.ReadingContextEnum;
import dev.ocpp.v201.types.ReasonEnum;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import dev.ocpp.v201.types.ReportBaseEnum;
import dev.ocpp.v201.types.ReportData;
import dev.ocpp.v201.types.RequestStartStopStatusEnum;
import dev.ocpp.v201.types.ResetEnum;
import dev.ocpp.v201.types.ResetStatusEnum;
import dev.ocpp.v201.types.SampledValue;
import dev.ocpp.v201.types.SetVariableData;
import dev.ocpp.v201.types.SetVariableResult;
import dev.ocpp.v201.types.SetVariableStatusEnum;
import dev.ocpp.v201.types.SignedMeterValue;
import dev.ocpp.v201.types.StatusInfo;
import dev.ocpp.v201.types.Transaction;
import dev.ocpp.v201.types.TransactionEventEnum;
import dev.ocpp.v201.types.TriggerMessageStatusEnum;
import dev.ocpp.v201.types.TriggerReasonEnum;
import dev.ocpp.v201.types.UnitOfMeasure;
import dev.ocpp.v201.types.Variable;
import dev.ocpp.v201.types.VariableAttribute;
import dev.ocpp.v201.types.VariableCharacteristics;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OCPP 2.0.1 between our typed API and {@code ocpp-rpc} 2.2.1 in strict mode (see {@link OcppRpcPeer}), over real
 * WebSockets on loopback, in both roles: {@link CsmsIsOcppRpc ocpp-rpc as CSMS} against our
 * {@link Ocpp201ChargingStation}, and {@link ChargingStationIsOcppRpc ocpp-rpc as charging station} against our
 * {@link Ocpp201Csms}.
 *
 * <p>ocpp-rpc validates every request and response against its own copy of the OCA 2.0.1 schemas, so a
 * {@code result} event (rather than a {@code callerror}) for something our side produced proves it schema-valid to an
 * independent validator, and what ocpp-rpc recorded shows the exact JSON we put on the wire. To see how our side
 * answers a schema-invalid request, the peer sends it {@linkplain OcppRpcPeer#callUnchecked unchecked}; to see how
 * ocpp-rpc answers one of ours, we send it through a typed view whose outgoing check is off.
 *
 * <p>Each group shares one peer process and one connection across its tests (a node start costs most of a second);
 * every test uses its own values and claims only the events that match them, and undoes any answer it configured,
 * so outcomes do not depend on order. Skipped without Node.js.
 *
 * <p>ocpp-rpc numbers: JavaScript has one number type, so a decimal our side writes as {@code 16.0} is recorded (and
 * echoed) by ocpp-rpc as {@code 16}; expected JSON below writes such values the way ocpp-rpc does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Ocpp201InteropTest {

    /** A whole-second UTC instant: on the wire it must keep its zero seconds, {@code 2026-11-21T10:00:00Z}. */
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC);

    /** Our own requests, sent without our outgoing check so that ocpp-rpc is the one to refuse them. */
    private static final ValidationOptions NO_OUTGOING_CHECK = ValidationOptions.builder().outgoingCalls(false).build();

    /** Vendor properties in {@code customData}, nested and of every JSON type: they must cross unchanged. */
    private static final String VENDOR_DATA = """
            {"vendorId": "com.example.interop", "colour": "teal", "limits": {"maxA": 32, "phases": [1, 2, 3]},
             "ratio": 0.75, "enabled": true, "tags": [], "empty": {}}""";

    /**
     * Per test rather than per class, so that a machine without Node.js reports every test as skipped instead of
     * running none silently. The groups' {@code @BeforeAll} set-ups start nothing in that case.
     */
    @BeforeEach
    void requireNode() {
        OcppRpcPeer.assumeNode();
    }

    // =============================================================================================================
    // A. ocpp-rpc as CSMS, our Ocpp201ChargingStation
    // =============================================================================================================

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class CsmsIsOcppRpc {

        /** '|' must be percent-encoded in the URL; ocpp-rpc decodes the last path segment. */
        static final String IDENTITY = "CS-A|201";

        final Inbox inbox = new Inbox();
        OcppRpcPeer csms;
        Ocpp201CsmsSession cs;
        ObjectNode connected;

        @BeforeAll
        void connect() throws Exception {
            if (!OcppRpcPeer.nodeAvailable()) {
                return;
            }
            csms = OcppRpcPeer.server(OcppRpcPeer.OCPP201, null);
            Ocpp201ChargingStation station = Ocpp201ChargingStation.builder(InteropSupport.clientTransport())
                    .endpoint(URI.create(csms.endpoint("ocpp")))
                    .identity(IDENTITY)
                    .on(GetVariablesRequest.class, inbox.answer(CsmsIsOcppRpc::variables))
                    .on(SetVariablesRequest.class, inbox.answer(CsmsIsOcppRpc::setVariables))
                    // Echoes the request's customData, so a test can see it cross in both directions.
                    .on(ResetRequest.class, inbox.answer((ResetRequest r) -> new ResetResponse()
                            .withStatus(r.getType() == ResetEnum.ON_IDLE
                                    ? ResetStatusEnum.SCHEDULED : ResetStatusEnum.ACCEPTED)
                            .withCustomData(r.getCustomData())))
                    .on(RequestStartTransactionRequest.class, inbox.answer((RequestStartTransactionRequest r) ->
                            new RequestStartTransactionResponse().withStatus(RequestStartStopStatusEnum.ACCEPTED)
                                    .withTransactionId("TX-" + r.getRemoteStartId())))
                    .on(TriggerMessageRequest.class, inbox.answer((TriggerMessageRequest r) ->
                            r.getRequestedMessage() == MessageTriggerEnum.METER_VALUES
                                    ? new TriggerMessageResponse().withStatus(TriggerMessageStatusEnum.NOT_IMPLEMENTED)
                                            .withStatusInfo(new StatusInfo().withReasonCode("NoMeter")
                                                    .withAdditionalInfo("this station has no meter"))
                                    : new TriggerMessageResponse().withStatus(TriggerMessageStatusEnum.ACCEPTED)))
                    .on(GetBaseReportRequest.class, inbox.answer((GetBaseReportRequest r) -> new GetBaseReportResponse()
                            .withStatus(r.getReportBase() == ReportBaseEnum.FULL_INVENTORY
                                    ? GenericDeviceModelStatusEnum.ACCEPTED
                                    : GenericDeviceModelStatusEnum.EMPTY_RESULT_SET)))
                    .on(DataTransferRequest.class, inbox.answer((DataTransferRequest r) -> new DataTransferResponse()
                            .withStatus(DataTransferStatusEnum.ACCEPTED)
                            .withData(Map.of("echo", r.getData() == null ? "nothing" : r.getData()))))
                    .on(ClearCacheRequest.class, inbox.answer((ClearCacheRequest r) -> {
                        throw new CallErrorException(ErrorCode.SECURITY_ERROR, "the cache is sealed");
                    }))
                    .on(GetLocalListVersionRequest.class, inbox.answer((GetLocalListVersionRequest r) -> {
                        throw new IllegalStateException("secret internals");
                    }))
                    // No SendLocalList handler on purpose.
                    .build();
            cs = await(station.connect());
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

        /** A two-variable device model: OCPPCommCtrlr.HeartbeatInterval and EVSE #1 AvailabilityState. */
        static GetVariablesResponse variables(GetVariablesRequest request) {
            return new GetVariablesResponse().withGetVariableResult(request.getGetVariableData().stream().map(d -> {
                GetVariableResult r = new GetVariableResult().withComponent(d.getComponent())
                        .withVariable(d.getVariable()).withAttributeType(d.getAttributeType());
                String component = d.getComponent().getName();
                String variable = d.getVariable().getName();
                if (component.equals("OCPPCommCtrlr") && variable.equals("HeartbeatInterval")) {
                    return r.withAttributeStatus(GetVariableStatusEnum.ACCEPTED).withAttributeValue("300");
                }
                if (component.equals("EVSE") && variable.equals("AvailabilityState")) {
                    return r.withAttributeStatus(GetVariableStatusEnum.ACCEPTED).withAttributeValue("Available");
                }
                return r.withAttributeStatus(GetVariableStatusEnum.UNKNOWN_COMPONENT)
                        .withAttributeStatusInfo(new StatusInfo().withReasonCode("NotFound"));
            }).toList());
        }

        static SetVariablesResponse setVariables(SetVariablesRequest request) {
            return new SetVariablesResponse().withSetVariableResult(request.getSetVariableData().stream().map(d ->
                    new SetVariableResult().withComponent(d.getComponent()).withVariable(d.getVariable())
                            .withAttributeType(d.getAttributeType())
                            .withAttributeStatus(d.getComponent().getName().equals("OCPPCommCtrlr")
                                    ? SetVariableStatusEnum.ACCEPTED : SetVariableStatusEnum.REBOOT_REQUIRED))
                    .toList());
        }

        @Test
        void connectsWithOcpp201OnBothEnds() {
            assertThat(connected.path("protocol").asText()).as("%s", connected).isEqualTo("ocpp2.0.1");
            assertThat(connected.path("identity").asText()).isEqualTo(IDENTITY);
            assertThat(connected.path("endpoint").asText()).isEqualTo("/ocpp");
            assertThat(cs.version()).isEqualTo(OcppVersion.OCPP201);
            assertThat(cs.connectionInfo().subprotocol()).isEqualTo("ocpp2.0.1");
            assertThat(cs.isOpen()).isTrue();
        }

        // ------------------------------------------------------------------------------ station-initiated calls

        @Test
        void bootNotificationHeartbeatAndStatusNotification() throws Exception {
            csms.respondWith("BootNotification", json("""
                    {"currentTime": "2026-11-21T10:00:00.123Z", "interval": 60, "status": "Pending",
                     "statusInfo": {"reasonCode": "Provisioning", "additionalInfo": "configuring you first"}}"""));
            try {
                BootNotificationResponse boot = await(cs.call(new BootNotificationRequest()
                        .withReason(BootReasonEnum.POWER_UP)
                        .withChargingStation(new ChargingStation()
                                .withSerialNumber("SN-201-A").withModel("interop-A").withVendorName("dev.ocpp")
                                .withFirmwareVersion("2.0.1-rc1")
                                .withModem(new Modem().withIccid("89440000000000000001")
                                        .withImsi("234150000000001")))));

                assertThat(boot.getStatus()).isEqualTo(RegistrationStatusEnum.PENDING);
                assertThat(boot.getCurrentTime())
                        .isEqualTo(OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 123_000_000, ZoneOffset.UTC));
                assertThat(boot.getInterval()).isEqualTo(60);
                assertThat(boot.getStatusInfo().getReasonCode()).isEqualTo("Provisioning");
                assertThat(boot.getStatusInfo().getAdditionalInfo()).isEqualTo("configuring you first");
                assertThat(receivedBy(csms, "BootNotification",
                        p -> p.path("chargingStation").path("model").asText().equals("interop-A")))
                        .isEqualTo(json("""
                                {"reason": "PowerUp", "chargingStation": {"serialNumber": "SN-201-A",
                                  "model": "interop-A", "vendorName": "dev.ocpp", "firmwareVersion": "2.0.1-rc1",
                                  "modem": {"iccid": "89440000000000000001", "imsi": "234150000000001"}}}"""));
            } finally {
                csms.resetResponse("BootNotification");
            }

            // ocpp-rpc's default answer: the current time with milliseconds.
            OffsetDateTime before = OffsetDateTime.now().minusMinutes(1);
            HeartbeatResponse heartbeat = await(cs.call(new HeartbeatRequest()));
            assertThat(heartbeat.getCurrentTime()).isAfter(before).isBefore(OffsetDateTime.now().plusMinutes(1));
            assertThat(receivedBy(csms, "Heartbeat", p -> !p.has("customData"))).isEqualTo(json("{}"));

            StatusNotificationResponse status = await(cs.call(new StatusNotificationRequest()
                    .withTimestamp(T0).withConnectorStatus(ConnectorStatusEnum.OCCUPIED).withEvseId(1)
                    .withConnectorId(2)));
            assertThat(status).isNotNull();
            assertThat(receivedBy(csms, "StatusNotification", p -> p.path("connectorId").asInt() == 2))
                    .isEqualTo(json("""
                            {"timestamp": "2026-11-21T10:00:00Z", "connectorStatus": "Occupied", "evseId": 1,
                             "connectorId": 2}"""));
        }

        @Test
        void authorizeWithAnIdTokenAndAdditionalInfo() throws Exception {
            csms.respondWith("Authorize", json("""
                    {"idTokenInfo": {"status": "Accepted", "cacheExpiryDateTime": "2026-12-31T23:59:59.999+01:00",
                       "chargingPriority": 3, "language1": "de", "evseId": [1, 2],
                       "groupIdToken": {"idToken": "FLEET-1", "type": "Central"},
                       "personalMessage": {"format": "UTF8", "language": "de", "content": "Grüße ✓"}}}"""));
            try {
                AuthorizeResponse authorize = await(cs.call(new AuthorizeRequest().withIdToken(new IdToken()
                        .withIdToken("TAG-A-1").withType(IdTokenEnum.ISO_14443)
                        .withAdditionalInfo(List.of(new AdditionalInfo()
                                .withAdditionalIdToken("ROAM-7").withType("roaming"))))));

                IdTokenInfo info = authorize.getIdTokenInfo();
                assertThat(info.getStatus()).isEqualTo(AuthorizationStatusEnum.ACCEPTED);
                // The offset it was sent with is kept, not normalised to UTC.
                assertThat(info.getCacheExpiryDateTime()).isEqualTo(
                        OffsetDateTime.of(2026, 12, 31, 23, 59, 59, 999_000_000, ZoneOffset.ofHours(1)));
                assertThat(info.getChargingPriority()).isEqualTo(3);
                assertThat(info.getLanguage1()).isEqualTo("de");
                assertThat(info.getEvseId()).containsExactly(1, 2);
                assertThat(info.getGroupIdToken().getIdToken()).isEqualTo("FLEET-1");
                assertThat(info.getGroupIdToken().getType()).isEqualTo(IdTokenEnum.CENTRAL);
                assertThat(info.getPersonalMessage().getFormat()).isEqualTo(MessageFormatEnum.UTF_8);
                assertThat(info.getPersonalMessage().getLanguage()).isEqualTo("de");
                assertThat(info.getPersonalMessage().getContent()).isEqualTo("Grüße ✓");
                assertThat(authorize.getCertificateStatus()).isNull();
                assertThat(receivedBy(csms, "Authorize", p -> p.path("idToken").path("idToken").asText()
                        .equals("TAG-A-1"))).isEqualTo(json("""
                        {"idToken": {"idToken": "TAG-A-1", "type": "ISO14443",
                          "additionalInfo": [{"additionalIdToken": "ROAM-7", "type": "roaming"}]}}"""));
            } finally {
                csms.resetResponse("Authorize");
            }
        }

        @Test
        void transactionEventsFromStartThroughMeterValuesToEnd() throws Exception {
            IdToken token = new IdToken().withIdToken("TAG-A-2").withType(IdTokenEnum.E_MAID);
            TransactionEventResponse started = await(cs.call(new TransactionEventRequest()
                    .withEventType(TransactionEventEnum.STARTED).withTimestamp(T0)
                    .withTriggerReason(TriggerReasonEnum.AUTHORIZED).withSeqNo(0)
                    .withTransactionInfo(new Transaction().withTransactionId("TX-A-2")
                            .withChargingState(ChargingStateEnum.EV_CONNECTED))
                    .withEvse(new EVSE().withId(1).withConnectorId(1)).withIdToken(token)));
            assertThat(started.getIdTokenInfo()).isNull();
            assertThat(receivedBy(csms, "TransactionEvent", p -> p.path("eventType").asText().equals("Started")
                    && p.path("transactionInfo").path("transactionId").asText().equals("TX-A-2")))
                    .isEqualTo(json("""
                            {"eventType": "Started", "timestamp": "2026-11-21T10:00:00Z",
                             "triggerReason": "Authorized", "seqNo": 0,
                             "transactionInfo": {"transactionId": "TX-A-2", "chargingState": "EVConnected"},
                             "evse": {"id": 1, "connectorId": 1},
                             "idToken": {"idToken": "TAG-A-2", "type": "eMAID"}}"""));

            csms.respondWith("TransactionEvent", json("""
                    {"totalCost": 12.34, "chargingPriority": -2, "idTokenInfo": {"status": "Accepted"},
                     "updatedPersonalMessage": {"format": "ASCII", "content": "Enjoy"}}"""));
            try {
                TransactionEventResponse updated = await(cs.call(new TransactionEventRequest()
                        .withEventType(TransactionEventEnum.UPDATED).withTimestamp(T0.plusMinutes(5))
                        .withTriggerReason(TriggerReasonEnum.METER_VALUE_PERIODIC).withSeqNo(1).withOffline(false)
                        .withNumberOfPhasesUsed(3).withCableMaxCurrent(32).withReservationId(12)
                        .withTransactionInfo(new Transaction().withTransactionId("TX-A-2")
                                .withChargingState(ChargingStateEnum.CHARGING).withTimeSpentCharging(300)
                                .withRemoteStartId(77))
                        .withEvse(new EVSE().withId(1).withConnectorId(1)).withIdToken(token)
                        .withMeterValue(List.of(new MeterValue().withTimestamp(T0.plusMinutes(5))
                                .withSampledValue(List.of(
                                        new SampledValue().withValue(1234.5)
                                                .withMeasurand(MeasurandEnum.ENERGY_ACTIVE_IMPORT_REGISTER)
                                                .withContext(ReadingContextEnum.SAMPLE_PERIODIC)
                                                .withLocation(LocationEnum.OUTLET)
                                                .withUnitOfMeasure(new UnitOfMeasure().withUnit("kWh")
                                                        .withMultiplier(-1)),
                                        new SampledValue().withValue(229.8).withMeasurand(MeasurandEnum.VOLTAGE)
                                                .withPhase(PhaseEnum.L1_N),
                                        new SampledValue().withValue(16.25)
                                                .withMeasurand(MeasurandEnum.CURRENT_IMPORT)
                                                .withPhase(PhaseEnum.L1)
                                                .withUnitOfMeasure(new UnitOfMeasure().withUnit("A")),
                                        new SampledValue().withValue(55.5).withMeasurand(MeasurandEnum.SOC)
                                                .withLocation(LocationEnum.EV)
                                                .withUnitOfMeasure(new UnitOfMeasure().withUnit("Percent")),
                                        new SampledValue().withValue(1234.5)
                                                .withContext(ReadingContextEnum.TRIGGER)
                                                .withSignedMeterValue(new SignedMeterValue()
                                                        .withSignedMeterData("c2lnbmVkLWRhdGE=")
                                                        .withSigningMethod("ECDSA-secp256r1-SHA256")
                                                        .withEncodingMethod("OCMF")
                                                        .withPublicKey("cHVibGljLWtleQ=="))))))));

                assertThat(updated.getTotalCost()).isEqualTo(12.34);
                assertThat(updated.getChargingPriority()).isEqualTo(-2);
                assertThat(updated.getIdTokenInfo().getStatus()).isEqualTo(AuthorizationStatusEnum.ACCEPTED);
                assertThat(updated.getUpdatedPersonalMessage().getFormat()).isEqualTo(MessageFormatEnum.ASCII);
                assertThat(updated.getUpdatedPersonalMessage().getContent()).isEqualTo("Enjoy");
                assertThat(receivedBy(csms, "TransactionEvent", p -> p.path("eventType").asText().equals("Updated")
                        && p.path("transactionInfo").path("transactionId").asText().equals("TX-A-2")))
                        .isEqualTo(json("""
                                {"eventType": "Updated", "timestamp": "2026-11-21T10:05:00Z",
                                 "triggerReason": "MeterValuePeriodic", "seqNo": 1, "offline": false,
                                 "numberOfPhasesUsed": 3, "cableMaxCurrent": 32, "reservationId": 12,
                                 "transactionInfo": {"transactionId": "TX-A-2", "chargingState": "Charging",
                                   "timeSpentCharging": 300, "remoteStartId": 77},
                                 "evse": {"id": 1, "connectorId": 1},
                                 "idToken": {"idToken": "TAG-A-2", "type": "eMAID"},
                                 "meterValue": [{"timestamp": "2026-11-21T10:05:00Z", "sampledValue": [
                                   {"value": 1234.5, "measurand": "Energy.Active.Import.Register",
                                    "context": "Sample.Periodic", "location": "Outlet",
                                    "unitOfMeasure": {"unit": "kWh", "multiplier": -1}},
                                   {"value": 229.8, "measurand": "Voltage", "phase": "L1-N"},
                                   {"value": 16.25, "measurand": "Current.Import", "phase": "L1",
                                    "unitOfMeasure": {"unit": "A"}},
                                   {"value": 55.5, "measurand": "SoC", "location": "EV",
                                    "unitOfMeasure": {"unit": "Percent"}},
                                   {"value": 1234.5, "context": "Trigger", "signedMeterValue": {
                                     "signedMeterData": "c2lnbmVkLWRhdGE=", "signingMethod": "ECDSA-secp256r1-SHA256",
                                     "encodingMethod": "OCMF", "publicKey": "cHVibGljLWtleQ=="}}]}]}"""));
            } finally {
                csms.resetResponse("TransactionEvent");
            }

            TransactionEventResponse ended = await(cs.call(new TransactionEventRequest()
                    .withEventType(TransactionEventEnum.ENDED)
                    .withTimestamp(OffsetDateTime.of(2026, 11, 21, 11, 30, 15, 250_000_000, ZoneOffset.ofHours(2)))
                    .withTriggerReason(TriggerReasonEnum.EV_DEPARTED).withSeqNo(2)
                    .withTransactionInfo(new Transaction().withTransactionId("TX-A-2")
                            .withChargingState(ChargingStateEnum.IDLE).withStoppedReason(ReasonEnum.EV_DISCONNECTED))
                    .withMeterValue(List.of(new MeterValue().withTimestamp(T0.plusMinutes(90))
                            .withSampledValue(List.of(new SampledValue().withValue(2234.0)
                                    .withContext(ReadingContextEnum.TRANSACTION_END)))))));
            assertThat(ended).isNotNull();
            assertThat(receivedBy(csms, "TransactionEvent", p -> p.path("eventType").asText().equals("Ended")
                    && p.path("transactionInfo").path("transactionId").asText().equals("TX-A-2")))
                    .isEqualTo(json("""
                            {"eventType": "Ended", "timestamp": "2026-11-21T11:30:15.25+02:00",
                             "triggerReason": "EVDeparted", "seqNo": 2,
                             "transactionInfo": {"transactionId": "TX-A-2", "chargingState": "Idle",
                               "stoppedReason": "EVDisconnected"},
                             "meterValue": [{"timestamp": "2026-11-21T11:30:00Z",
                               "sampledValue": [{"value": 2234, "context": "Transaction.End"}]}]}"""));
        }

        @Test
        void notifyReportAndDataTransfer() throws Exception {
            NotifyReportResponse report = await(cs.call(new NotifyReportRequest()
                    .withRequestId(4711).withGeneratedAt(T0).withSeqNo(0).withTbc(false)
                    .withReportData(List.of(
                            new ReportData()
                                    .withComponent(new Component().withName("OCPPCommCtrlr"))
                                    .withVariable(new Variable().withName("HeartbeatInterval"))
                                    .withVariableAttribute(List.of(new VariableAttribute()
                                            .withType(AttributeEnum.ACTUAL).withValue("300")
                                            .withMutability(MutabilityEnum.READ_WRITE).withPersistent(true)
                                            .withConstant(false)))
                                    .withVariableCharacteristics(new VariableCharacteristics().withUnit("s")
                                            .withDataType(DataEnum.INTEGER).withMinLimit(1.0).withMaxLimit(86400.0)
                                            .withSupportsMonitoring(false)),
                            new ReportData()
                                    .withComponent(new Component().withName("Connector").withInstance("CCS2")
                                            .withEvse(new EVSE().withId(1).withConnectorId(2)))
                                    .withVariable(new Variable().withName("ConnectorType").withInstance("plug"))
                                    .withVariableAttribute(List.of(
                                            new VariableAttribute().withType(AttributeEnum.ACTUAL).withValue("cCCS2")
                                                    .withMutability(MutabilityEnum.READ_ONLY),
                                            new VariableAttribute().withType(AttributeEnum.TARGET)))
                                    .withVariableCharacteristics(new VariableCharacteristics()
                                            .withDataType(DataEnum.OPTION_LIST).withValuesList("cCCS1,cCCS2,sType2")
                                            .withSupportsMonitoring(true))))));
            assertThat(report).isNotNull();
            assertThat(receivedBy(csms, "NotifyReport", p -> p.path("requestId").asInt() == 4711))
                    .isEqualTo(json("""
                            {"requestId": 4711, "generatedAt": "2026-11-21T10:00:00Z", "seqNo": 0, "tbc": false,
                             "reportData": [
                               {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"},
                                "variableAttribute": [{"type": "Actual", "value": "300", "mutability": "ReadWrite",
                                  "persistent": true, "constant": false}],
                                "variableCharacteristics": {"unit": "s", "dataType": "integer", "minLimit": 1,
                                  "maxLimit": 86400, "supportsMonitoring": false}},
                               {"component": {"name": "Connector", "instance": "CCS2",
                                  "evse": {"id": 1, "connectorId": 2}},
                                "variable": {"name": "ConnectorType", "instance": "plug"},
                                "variableAttribute": [{"type": "Actual", "value": "cCCS2", "mutability": "ReadOnly"},
                                  {"type": "Target"}],
                                "variableCharacteristics": {"dataType": "OptionList",
                                  "valuesList": "cCCS1,cCCS2,sType2", "supportsMonitoring": true}}]}"""));

            // 2.0.1 lets data be any JSON: an object one way, an array the other.
            csms.respondWith("DataTransfer", json("""
                    {"status": "UnknownMessageId", "statusInfo": {"reasonCode": "UnknownMsg"},
                     "data": ["pong", 2, {"deep": [true]}]}"""));
            try {
                DataTransferResponse transfer = await(cs.call(new DataTransferRequest()
                        .withVendorId("dev.ocpp.interop").withMessageId("A-ping")
                        .withData(json("{\"ping\": true, \"n\": [1, 2.5, \"three\"]}"))));
                assertThat(transfer.getStatus()).isEqualTo(DataTransferStatusEnum.UNKNOWN_MESSAGE_ID);
                assertThat(transfer.getStatusInfo().getReasonCode()).isEqualTo("UnknownMsg");
                assertThat(tree(transfer.getData())).isEqualTo(JSON.readTree("[\"pong\", 2, {\"deep\": [true]}]"));
                assertThat(receivedBy(csms, "DataTransfer", p -> p.path("messageId").asText().equals("A-ping")))
                        .isEqualTo(json("""
                                {"vendorId": "dev.ocpp.interop", "messageId": "A-ping",
                                 "data": {"ping": true, "n": [1, 2.5, "three"]}}"""));
            } finally {
                csms.resetResponse("DataTransfer");
            }
        }

        // ------------------------------------------------------------------------------ CSMS-initiated calls

        @Test
        void ocppRpcReadsOurVariables() {
            assertThat(result(csms.callAndAwait(IDENTITY, "GetVariables", json("""
                    {"getVariableData": [
                       {"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"},
                        "attributeType": "Actual"},
                       {"component": {"name": "EVSE", "evse": {"id": 1}}, "variable": {"name": "AvailabilityState"}},
                       {"component": {"name": "NoSuchCtrlr", "instance": "x"},
                        "variable": {"name": "Anything"}}]}"""))))
                    .isEqualTo(json("""
                            {"getVariableResult": [
                               {"attributeStatus": "Accepted", "attributeType": "Actual", "attributeValue": "300",
                                "component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}},
                               {"attributeStatus": "Accepted", "attributeValue": "Available",
                                "component": {"name": "EVSE", "evse": {"id": 1}},
                                "variable": {"name": "AvailabilityState"}},
                               {"attributeStatus": "UnknownComponent",
                                "attributeStatusInfo": {"reasonCode": "NotFound"},
                                "component": {"name": "NoSuchCtrlr", "instance": "x"},
                                "variable": {"name": "Anything"}}]}"""));
            GetVariablesRequest get = inbox.take(GetVariablesRequest.class);
            assertThat(get.getGetVariableData())
                    .extracting(d -> d.getComponent().getName(), d -> d.getVariable().getName(),
                            GetVariableData::getAttributeType)
                    .containsExactly(
                            tuple("OCPPCommCtrlr", "HeartbeatInterval", AttributeEnum.ACTUAL),
                            tuple("EVSE", "AvailabilityState", null),
                            tuple("NoSuchCtrlr", "Anything", null));
            assertThat(get.getGetVariableData().get(1).getComponent().getEvse().getId()).isEqualTo(1);
            assertThat(get.getGetVariableData().get(1).getComponent().getEvse().getConnectorId()).isNull();
            assertThat(get.getGetVariableData().get(2).getComponent().getInstance()).isEqualTo("x");
        }

        @Test
        void ocppRpcWritesOurVariables() {
            assertThat(result(csms.callAndAwait(IDENTITY, "SetVariables", json("""
                    {"setVariableData": [
                       {"attributeType": "Target", "attributeValue": "60",
                        "component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}},
                       {"attributeValue": "0123456789abcdef0123",
                        "component": {"name": "SecurityCtrlr"}, "variable": {"name": "BasicAuthPassword"}}]}"""))))
                    .isEqualTo(json("""
                            {"setVariableResult": [
                               {"attributeType": "Target", "attributeStatus": "Accepted",
                                "component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}},
                               {"attributeStatus": "RebootRequired",
                                "component": {"name": "SecurityCtrlr"},
                                "variable": {"name": "BasicAuthPassword"}}]}"""));
            SetVariablesRequest set = inbox.take(SetVariablesRequest.class);
            assertThat(set.getSetVariableData())
                    .extracting(SetVariableData::getAttributeType, SetVariableData::getAttributeValue,
                            d -> d.getComponent().getName(), d -> d.getVariable().getName())
                    .containsExactly(
                            tuple(AttributeEnum.TARGET, "60", "OCPPCommCtrlr", "HeartbeatInterval"),
                            tuple(null, "0123456789abcdef0123", "SecurityCtrlr", "BasicAuthPassword"));
        }

        @Test
        void ocppRpcResetsUsAndStartsATransactionRemotely() {
            assertThat(result(csms.callAndAwait(IDENTITY, "Reset", json("{\"type\": \"OnIdle\", \"evseId\": 2}"))))
                    .isEqualTo(json("{\"status\": \"Scheduled\"}"));
            ResetRequest reset = inbox.take(ResetRequest.class);
            assertThat(reset.getType()).isEqualTo(ResetEnum.ON_IDLE);
            assertThat(reset.getEvseId()).isEqualTo(2);

            assertThat(result(csms.callAndAwait(IDENTITY, "RequestStartTransaction", json("""
                    {"evseId": 1, "remoteStartId": 9001,
                     "idToken": {"idToken": "REMOTE-1", "type": "Central"},
                     "groupIdToken": {"idToken": "FLEET-9", "type": "Local"},
                     "chargingProfile": {"id": 12, "stackLevel": 0, "chargingProfilePurpose": "TxProfile",
                       "chargingProfileKind": "Absolute", "chargingSchedule": [{"id": 1,
                         "startSchedule": "2026-11-21T10:00:00.000Z", "chargingRateUnit": "A",
                         "minChargingRate": 6.1,
                         "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16.3, "numberPhases": 3},
                                                    {"startPeriod": 900, "limit": 8, "phaseToUse": 1,
                                                     "numberPhases": 1}]}]}}"""))))
                    .isEqualTo(json("{\"status\": \"Accepted\", \"transactionId\": \"TX-9001\"}"));
            RequestStartTransactionRequest start = inbox.take(RequestStartTransactionRequest.class);
            assertThat(start.getEvseId()).isEqualTo(1);
            assertThat(start.getRemoteStartId()).isEqualTo(9001);
            assertThat(start.getIdToken().getIdToken()).isEqualTo("REMOTE-1");
            assertThat(start.getIdToken().getType()).isEqualTo(IdTokenEnum.CENTRAL);
            assertThat(start.getGroupIdToken().getType()).isEqualTo(IdTokenEnum.LOCAL);
            ChargingProfile profile = start.getChargingProfile();
            assertThat(profile.getId()).isEqualTo(12);
            assertThat(profile.getStackLevel()).isZero();
            assertThat(profile.getChargingProfilePurpose()).isEqualTo(ChargingProfilePurposeEnum.TX_PROFILE);
            assertThat(profile.getChargingProfileKind()).isEqualTo(ChargingProfileKindEnum.ABSOLUTE);
            assertThat(profile.getChargingSchedule()).singleElement().satisfies(schedule -> {
                assertThat(schedule.getId()).isEqualTo(1);
                assertThat(schedule.getStartSchedule()).isEqualTo(T0);
                assertThat(schedule.getChargingRateUnit()).isEqualTo(ChargingRateUnitEnum.A);
                assertThat(schedule.getMinChargingRate()).isEqualTo(6.1);
                assertThat(schedule.getChargingSchedulePeriod())
                        .extracting(ChargingSchedulePeriod::getStartPeriod, ChargingSchedulePeriod::getLimit,
                                ChargingSchedulePeriod::getNumberPhases, ChargingSchedulePeriod::getPhaseToUse)
                        .containsExactly(tuple(0, 16.3, 3, null), tuple(900, 8.0, 1, 1));
            });
        }

        @Test
        void ocppRpcTriggersMessagesAndRequestsABaseReport() {
            assertThat(result(csms.callAndAwait(IDENTITY, "TriggerMessage",
                    json("{\"requestedMessage\": \"StatusNotification\", \"evse\": {\"id\": 1, \"connectorId\": 2}}"))))
                    .isEqualTo(json("{\"status\": \"Accepted\"}"));
            TriggerMessageRequest trigger = inbox.take(TriggerMessageRequest.class);
            assertThat(trigger.getRequestedMessage()).isEqualTo(MessageTriggerEnum.STATUS_NOTIFICATION);
            assertThat(trigger.getEvse().getId()).isEqualTo(1);
            assertThat(trigger.getEvse().getConnectorId()).isEqualTo(2);

            assertThat(result(csms.callAndAwait(IDENTITY, "TriggerMessage",
                    json("{\"requestedMessage\": \"MeterValues\"}"))))
                    .isEqualTo(json("""
                            {"status": "NotImplemented",
                             "statusInfo": {"reasonCode": "NoMeter",
                                            "additionalInfo": "this station has no meter"}}"""));
            assertThat(inbox.take(TriggerMessageRequest.class).getEvse()).isNull();

            assertThat(result(csms.callAndAwait(IDENTITY, "GetBaseReport",
                    json("{\"requestId\": 31, \"reportBase\": \"FullInventory\"}"))))
                    .isEqualTo(json("{\"status\": \"Accepted\"}"));
            GetBaseReportRequest base = inbox.take(GetBaseReportRequest.class);
            assertThat(base.getRequestId()).isEqualTo(31);
            assertThat(base.getReportBase()).isEqualTo(ReportBaseEnum.FULL_INVENTORY);
            assertThat(result(csms.callAndAwait(IDENTITY, "GetBaseReport",
                    json("{\"requestId\": 32, \"reportBase\": \"SummaryInventory\"}"))))
                    .isEqualTo(json("{\"status\": \"EmptyResultSet\"}"));
            assertThat(inbox.take(GetBaseReportRequest.class).getReportBase())
                    .isEqualTo(ReportBaseEnum.SUMMARY_INVENTORY);
        }

        @Test
        void ocppRpcTransfersDataToUs() throws Exception {
            assertThat(result(csms.callAndAwait(IDENTITY, "DataTransfer", json("""
                    {"vendorId": "dev.ocpp.interop", "messageId": "to-cs",
                     "data": {"text": "Grüße ✓", "list": [1, 2.5, null, false]}}"""))))
                    .isEqualTo(json("""
                            {"status": "Accepted", "data": {"echo": {"text": "Grüße ✓",
                             "list": [1, 2.5, null, false]}}}"""));
            DataTransferRequest transfer = inbox.take(DataTransferRequest.class);
            assertThat(transfer.getVendorId()).isEqualTo("dev.ocpp.interop");
            assertThat(transfer.getMessageId()).isEqualTo("to-cs");
            assertThat(tree(transfer.getData()))
                    .isEqualTo(JSON.readTree("{\"text\": \"Grüße ✓\", \"list\": [1, 2.5, null, false]}"));
        }

        @Test
        void customDataWithVendorPropertiesCrossesUnchangedBothWays() throws Exception {
            ObjectNode vendor = json(VENDOR_DATA);

            // Our request and ocpp-rpc's response.
            ObjectNode answer = json("{\"currentTime\": \"2026-11-21T10:00:00Z\"}");
            answer.set("customData", vendor);
            csms.respondWith("Heartbeat", answer);
            try {
                CustomData ours = JSON.treeToValue(vendor, CustomData.class);
                HeartbeatResponse heartbeat = await(cs.call(new HeartbeatRequest().withCustomData(ours)));
                assertThat(heartbeat.getCustomData().getVendorId()).isEqualTo("com.example.interop");
                assertThat(heartbeat.getCustomData().getAdditionalProperties())
                        .containsOnlyKeys("colour", "limits", "ratio", "enabled", "tags", "empty");
                assertThat(tree(heartbeat.getCustomData())).isEqualTo(vendor);
                assertThat(receivedBy(csms, "Heartbeat", p -> p.has("customData")).path("customData"))
                        .isEqualTo(vendor);
            } finally {
                csms.resetResponse("Heartbeat");
            }

            // ocpp-rpc's request, nested as well as on top, and our response (the handler echoes it).
            ObjectNode reset = json("{\"type\": \"Immediate\"}");
            reset.set("customData", vendor);
            assertThat(result(csms.callAndAwait(IDENTITY, "Reset", reset)))
                    .isEqualTo(json("{\"status\": \"Accepted\"}").set("customData", vendor));
            ResetRequest received = inbox.take(ResetRequest.class);
            assertThat(received.getType()).isEqualTo(ResetEnum.IMMEDIATE);
            assertThat(tree(received.getCustomData())).isEqualTo(vendor);

            ObjectNode get = json("""
                    {"getVariableData": [{"component": {"name": "OCPPCommCtrlr"},
                      "variable": {"name": "HeartbeatInterval"}}]}""");
            ((ObjectNode) get.path("getVariableData").get(0).path("variable")).set("customData", vendor);
            JsonNode got = result(csms.callAndAwait(IDENTITY, "GetVariables", get));
            assertThat(got.path("getVariableResult").get(0).path("variable").path("customData")).isEqualTo(vendor);
            assertThat(tree(inbox.take(GetVariablesRequest.class).getGetVariableData().get(0).getVariable()
                    .getCustomData())).isEqualTo(vendor);
        }

        // ------------------------------------------------------------------------------ error paths

        /**
         * ocpp-rpc would refuse these itself, so the peer sends them unchecked: a valid Reset with one field changed
         * ({@code value} JSON) or, without a value, removed. Our answer uses the 2.0.1 spellings (Part 4 §4.3), and
         * ocpp-rpc reads every one of them as sent. No handler sees the request.
         */
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                required type missing           | type   |         | OccurrenceConstraintViolation
                evseId is a string              | evseId | "1"     | TypeConstraintViolation
                type not in the enumeration     | type   | "Later" | PropertyConstraintViolation
                property Reset does not define  | colour | "red"   | FormatViolation
                """)
        void schemaInvalidResetFromOcppRpcGetsOur201Code(String what, String field, String value, String code)
                throws Exception {
            ObjectNode params = json("{\"type\": \"Immediate\", \"evseId\": 1}");
            if (value == null) {
                params.remove(field);
            } else {
                params.set(field, JSON.readTree(value));
            }
            ObjectNode error = remoteError(csms.callUncheckedAndAwait(IDENTITY, "Reset", params));
            assertThat(error.path("code").asText()).as("%s", error).isEqualTo(code);
            assertThat(error.path("message").asText()).contains(field);
            assertThat(inbox.isEmpty(ResetRequest.class)).as("no Reset reached our handler").isTrue();
        }

        @Test
        void emptyGetVariablesListIsAnOccurrenceViolation() {
            ObjectNode error = remoteError(csms.callUncheckedAndAwait(IDENTITY, "GetVariables",
                    json("{\"getVariableData\": []}")));
            assertThat(error.path("code").asText()).isEqualTo("OccurrenceConstraintViolation");
            assertThat(inbox.isEmpty(GetVariablesRequest.class)).isTrue();
        }

        @Test
        void unknownActionFromOcppRpcIsAnsweredNotImplemented() {
            ObjectNode error = remoteError(csms.callUncheckedAndAwait(IDENTITY, "FlyToTheMoon",
                    json("{\"when\": \"now\"}")));
            assertThat(error.path("code").asText()).isEqualTo("NotImplemented");
        }

        @Test
        void actionWithoutOurHandlerIsAnsweredNotSupported() {
            ObjectNode error = remoteError(csms.callAndAwait(IDENTITY, "SendLocalList",
                    json("{\"versionNumber\": 3, \"updateType\": \"Full\"}")));
            assertThat(error.path("code").asText()).isEqualTo("NotSupported");
        }

        @Test
        void callErrorThrownByOurHandlerReachesOcppRpc() {
            ObjectNode error = remoteError(csms.callAndAwait(IDENTITY, "ClearCache", json("{}")));
            assertThat(error.path("code").asText()).isEqualTo("SecurityError");
            assertThat(error.path("message").asText()).isEqualTo("the cache is sealed");
            assertThat(inbox.take(ClearCacheRequest.class)).isNotNull();
        }

        @Test
        void failingHandlerBecomesInternalErrorWithoutItsMessage() {
            ObjectNode error = remoteError(csms.callAndAwait(IDENTITY, "GetLocalListVersion", json("{}")));
            assertThat(error.path("code").asText()).isEqualTo("InternalError");
            assertThat(error.toString()).doesNotContain("secret internals");
        }

        @Test
        void callErrorsFromOcppRpcFailTheTypedFuture() {
            csms.respondWithError("FirmwareStatusNotification", "SecurityError", "not from you");
            try {
                CallErrorException error = callErrorOf(cs.call(new FirmwareStatusNotificationRequest()
                        .withStatus(FirmwareStatusEnum.INSTALLATION_FAILED).withRequestId(5)));
                assertThat(error.code()).isEqualTo(ErrorCode.SECURITY_ERROR);
                assertThat(error.wireCode()).isEqualTo("SecurityError");
                assertThat(error.description()).isEqualTo("not from you");
            } finally {
                csms.resetResponse("FirmwareStatusNotification");
            }
            assertThat(receivedBy(csms, "FirmwareStatusNotification", p -> p.path("requestId").asInt() == 5))
                    .isEqualTo(json("{\"status\": \"InstallationFailed\", \"requestId\": 5}"));

            // Unlike on ocpp1.6, ocpp-rpc does not respell FormatViolation on ocpp2.0.1.
            csms.respondWithError("FirmwareStatusNotification", "FormatViolation", "bad status");
            try {
                CallErrorException error = callErrorOf(cs.call(new FirmwareStatusNotificationRequest()
                        .withStatus(FirmwareStatusEnum.IDLE)));
                assertThat(error.code()).isEqualTo(ErrorCode.FORMAT_VIOLATION);
                assertThat(error.wireCode()).isEqualTo("FormatViolation");
            } finally {
                csms.resetResponse("FirmwareStatusNotification");
            }
        }

        @Test
        void actionOcppRpcHasNoHandlerForIsNotImplemented() {
            // The peer registers no LogStatusNotification handler, so ocpp-rpc answers NotImplemented itself.
            CallErrorException error = callErrorOf(cs.call(new LogStatusNotificationRequest()
                    .withStatus(dev.ocpp.v201.types.UploadLogStatusEnum.IDLE)));
            assertThat(error.code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
        }

        /**
         * The other way round: requests ocpp-rpc refuses come back as typed CALLERRORs with ocpp-rpc's codes, spelled
         * as it spells them on 2.0.1 ({@code OccurenceConstraintViolation} with one "r", see the protocol notes §E).
         */
        @Test
        void requestsOcppRpcRefusesFailWithItsCodes() {
            Ocpp201CsmsSession unchecked = Ocpp201CsmsSession.of(cs.session(), NO_OUTGOING_CHECK);

            CallErrorException missing = callErrorOf(unchecked.call(new AuthorizeRequest()));
            assertThat(missing.code()).isEqualTo(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION);
            assertThat(missing.wireCode()).isEqualTo("OccurenceConstraintViolation");
            assertThat(missing.description()).contains("idToken");
            // It did go out: ocpp-rpc received it, and its strict mode refused it.
            assertThat(receivedBy(csms, "Authorize", p -> !p.has("idToken"))).isEqualTo(json("{}"));
            ObjectNode refused = csms.awaitEvent("validationFailure",
                    e -> "Authorize".equals(e.path("method").asText()), WAIT);
            assertThat(refused.path("outbound").asBoolean()).isFalse();
            assertThat(refused.path("isCall").asBoolean()).isTrue();

            CallErrorException tooLong = callErrorOf(unchecked.call(new SecurityEventNotificationRequest()
                    .withType("x".repeat(51)).withTimestamp(T0)));
            assertThat(tooLong.code()).isEqualTo(ErrorCode.FORMAT_VIOLATION);
            assertThat(tooLong.wireCode()).isEqualTo("FormatViolation");
            assertThat(receivedBy(csms, "SecurityEventNotification", p -> p.path("type").asText().length() == 51))
                    .isNotNull();
            csms.awaitEvent("validationFailure", e -> "SecurityEventNotification".equals(e.path("method").asText()),
                    WAIT);
        }

        @Test
        void ourOwnCheckKeepsASchemaInvalidRequestOffTheWire() throws Exception {
            String overlong = "TAG-" + "x".repeat(40);
            Throwable failure = failureOf(cs.call(new AuthorizeRequest()
                    .withIdToken(new IdToken().withIdToken(overlong).withType(IdTokenEnum.LOCAL))));
            assertThat(failure).isInstanceOf(PayloadValidationException.class);
            PayloadValidationException invalid = (PayloadValidationException) failure;
            assertThat(invalid.report().direction()).isEqualTo(PayloadDirection.OUTGOING_CALL);
            assertThat(invalid.violations()).extracting(Violation::kind).containsExactly(Violation.Kind.TOO_LONG);

            // Calls go out in order on one connection: once a later one has arrived, the invalid one would have too.
            await(cs.call(new AuthorizeRequest().withIdToken(new IdToken().withIdToken("TAG-after-invalid")
                    .withType(IdTokenEnum.LOCAL))));
            receivedBy(csms, "Authorize", p -> p.path("idToken").path("idToken").asText().equals("TAG-after-invalid"));
            assertThat(csms.callsReceived()).extracting(c -> c.path("params").path("idToken").path("idToken").asText())
                    .doesNotContain(overlong);
        }

        /**
         * Null is a legitimate value inside free-form JSON (vendor properties in {@code customData}, members of
         * DataTransfer {@code data}): it crosses unchanged both ways, while unset fields of ours are still left out.
         */
        @Test
        void nullValuedVendorPropertiesCrossUnchangedBothWays() throws Exception {
            CustomData vendor = new CustomData().withVendorId("com.example.nulls")
                    .withAdditionalProperty("note", null).withAdditionalProperty("keep", 1);
            // data as binding an incoming DataTransfer gives it (a Map); a JsonNode would keep its nulls.
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("gone", null);
            data.put("list", Arrays.asList((Object) null));
            await(cs.call(new DataTransferRequest().withVendorId("com.example.nulls").withMessageId("nulls")
                    .withCustomData(vendor).withData(data)));
            assertThat(receivedBy(csms, "DataTransfer", p -> p.path("messageId").asText().equals("nulls")))
                    .isEqualTo(json("""
                            {"vendorId": "com.example.nulls", "messageId": "nulls",
                             "customData": {"vendorId": "com.example.nulls", "note": null, "keep": 1},
                             "data": {"gone": null, "list": [null]}}"""));

            ObjectNode reset = json("""
                    {"type": "Immediate", "customData": {"vendorId": "com.example.nulls", "note": null}}""");
            assertThat(result(csms.callAndAwait(IDENTITY, "Reset", reset)))
                    .isEqualTo(json("""
                            {"status": "Accepted", "customData": {"vendorId": "com.example.nulls", "note": null}}"""));
            assertThat(inbox.take(ResetRequest.class).getCustomData().getAdditionalProperties())
                    .containsEntry("note", null);
        }

        @Test
        void schemaInvalidResultFromOcppRpcFailsOurTypedFuture() {
            csms.respondUncheckedWith("Heartbeat", json("{\"currentTime\": \"yesterday\"}"));
            try {
                Throwable failure = failureOf(cs.call(new HeartbeatRequest()));
                assertThat(failure).isInstanceOf(PayloadValidationException.class);
                PayloadValidationException invalid = (PayloadValidationException) failure;
                assertThat(invalid.report().direction()).isEqualTo(PayloadDirection.INCOMING_RESULT);
                assertThat(invalid.violations()).extracting(Violation::kind, Violation::path)
                        .containsExactly(tuple(Violation.Kind.FORMAT, "currentTime"));
            } finally {
                csms.resetResponse("Heartbeat");
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class CsmsIsOcppRpcWithBasicAuth {

        OcppRpcPeer csms;

        @BeforeAll
        void start() {
            if (!OcppRpcPeer.nodeAvailable()) {
                return;
            }
            csms = OcppRpcPeer.server(OcppRpcPeer.OCPP201,
                    Map.of("CS-AUTH-1", "s3cret:password-201", "CS-AUTH-2", "the-right-password"));
        }

        @AfterAll
        void stop() {
            if (csms != null) {
                csms.close();
            }
        }

        Ocpp201ChargingStation station(String identity, String password) {
            return Ocpp201ChargingStation.builder(InteropSupport.clientTransport())
                    .endpoint(URI.create(csms.endpoint("ocpp")))
                    .identity(identity)
                    .credentials(BasicCredentials.of(identity, password))
                    .build();
        }

        @Test
        void rightPasswordConnects() throws Exception {
            Ocpp201CsmsSession cs = await(station("CS-AUTH-1", "s3cret:password-201").connect());
            try {
                authorizedConnection(csms, "CS-AUTH-1", "ocpp2.0.1");
                assertThat(await(cs.call(new HeartbeatRequest())).getCurrentTime()).isNotNull();
            } finally {
                cs.close();
            }
        }

        @Test
        void wrongPasswordFailsTheConnectWith401() {
            assertRefusedForWrongPassword(station("CS-AUTH-2", "a-wrong-password").connect(), csms, "CS-AUTH-2");
        }
    }

    // =============================================================================================================
    // B. ocpp-rpc as charging station, our Ocpp201Csms
    // =============================================================================================================

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ChargingStationIsOcppRpc {

        /** ocpp-rpc sends it as {@code CS%7CB%40201}; our server must hand handlers and onConnect the decoded form. */
        static final String IDENTITY = "CS|B@201";
        /** A 2.0.1 passwordString: 16 to 40 characters, sent as UTF-8 (Part 2 A00.FR.205). */
        static final String SECURED_PASSWORD = "s3cret-password-201";

        final Inbox inbox = new Inbox();
        /** onConnect, by identity: tests may look in any order. */
        final Arrivals<Ocpp201ChargingStationSession> connects = new Arrivals<>();
        Ocpp201Csms csms;
        OcppRpcPeer station;
        ObjectNode connected;

        @BeforeAll
        void start() {
            if (!OcppRpcPeer.nodeAvailable()) {
                return;
            }
            csms = Ocpp201Csms.builder(InteropSupport.serverTransport())
                    .host("127.0.0.1").port(0).path("/ocpp")
                    .authenticator(secIdentitiesNeed(SECURED_PASSWORD))
                    // Echoes the request's customData, so a test can see it cross in both directions.
                    .on(BootNotificationRequest.class, inbox.answer((BootNotificationRequest r) ->
                            new BootNotificationResponse().withStatus(RegistrationStatusEnum.ACCEPTED)
                                    .withCurrentTime(T0).withInterval(300).withCustomData(r.getCustomData())))
                    .on(HeartbeatRequest.class, inbox.answer((HeartbeatRequest r) -> new HeartbeatResponse()
                            .withCurrentTime(OffsetDateTime.of(2026, 11, 21, 12, 0, 0, 500_000_000,
                                    ZoneOffset.ofHours(2)))))
                    .on(StatusNotificationRequest.class, inbox.answer((StatusNotificationRequest r) ->
                            new StatusNotificationResponse()))
                    .on(AuthorizeRequest.class, inbox.answer((AuthorizeRequest r) -> new AuthorizeResponse()
                            .withIdTokenInfo(r.getIdToken().getIdToken().startsWith("BLOCKED")
                                    ? new IdTokenInfo().withStatus(AuthorizationStatusEnum.BLOCKED)
                                    : new IdTokenInfo().withStatus(AuthorizationStatusEnum.ACCEPTED)
                                            .withCacheExpiryDateTime(T0.plusDays(30)).withEvseId(List.of(1))
                                            .withGroupIdToken(new IdToken().withIdToken("FLEET-B")
                                                    .withType(IdTokenEnum.CENTRAL)))))
                    .on(TransactionEventRequest.class, inbox.answer((TransactionEventRequest r) ->
                            r.getEventType() == TransactionEventEnum.ENDED
                                    ? new TransactionEventResponse().withTotalCost(4.2)
                                    : new TransactionEventResponse().withChargingPriority(1)))
                    .on(NotifyReportRequest.class, inbox.answer((NotifyReportRequest r) -> new NotifyReportResponse()))
                    .on(DataTransferRequest.class, inbox.answer((DataTransferRequest r) -> {
                        if ("dev.ocpp.deny".equals(r.getVendorId())) {
                            throw new CallErrorException(ErrorCode.SECURITY_ERROR, "vendor not allowed");
                        }
                        return new DataTransferResponse().withStatus(DataTransferStatusEnum.ACCEPTED)
                                .withData("ack:" + r.getMessageId());
                    }))
                    .on(SecurityEventNotificationRequest.class, inbox.answer((SecurityEventNotificationRequest r) -> {
                        throw new IllegalStateException("secret internals");
                    }))
                    // No FirmwareStatusNotification handler on purpose.
                    .onConnect(cs -> connects.arrived(cs.identity(), cs))
                    .build().start();
            station = OcppRpcPeer.client(OcppRpcPeer.OCPP201, "ws://127.0.0.1:" + csms.port() + "/ocpp",
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
            if (csms != null) {
                csms.close();
            }
        }

        @Test
        void connectsWithOcpp201AndADecodedIdentity() {
            assertThat(connected.path("protocol").asText()).as("%s", connected).isEqualTo("ocpp2.0.1");
            Ocpp201ChargingStationSession cs = connects.await(IDENTITY);
            assertThat(cs.version()).isEqualTo(OcppVersion.OCPP201);
            assertThat(cs.connectionInfo().subprotocol()).isEqualTo("ocpp2.0.1");
            assertThat(cs.connectionInfo().requestUri().getRawPath()).isEqualTo("/ocpp/CS%7CB%40201");
            assertThat(csms.chargingStation(IDENTITY)).isPresent();
        }

        // ------------------------------------------------------------------------------ station-initiated calls

        @Test
        void bootNotificationHeartbeatAndStatusNotificationAreBoundAndAnswered() {
            assertThat(result(station.callAndAwait(null, "BootNotification", json("""
                    {"reason": "FirmwareUpdate", "chargingStation": {"serialNumber": "SN-B", "model": "interop-B",
                      "vendorName": "ocpp-rpc", "firmwareVersion": "2.2.1",
                      "modem": {"iccid": "8944", "imsi": "2341"}}}"""))))
                    .isEqualTo(json("""
                            {"currentTime": "2026-11-21T10:00:00Z", "interval": 300, "status": "Accepted"}"""));
            Delivery<BootNotificationRequest> boot = inbox.takeDelivery(BootNotificationRequest.class);
            assertThat(boot.identity()).isEqualTo(IDENTITY);
            assertThat(boot.request().getReason()).isEqualTo(BootReasonEnum.FIRMWARE_UPDATE);
            ChargingStation station201 = boot.request().getChargingStation();
            assertThat(station201.getSerialNumber()).isEqualTo("SN-B");
            assertThat(station201.getModel()).isEqualTo("interop-B");
            assertThat(station201.getVendorName()).isEqualTo("ocpp-rpc");
            assertThat(station201.getFirmwareVersion()).isEqualTo("2.2.1");
            assertThat(station201.getModem().getIccid()).isEqualTo("8944");
            assertThat(station201.getModem().getImsi()).isEqualTo("2341");
            assertThat(boot.request().getCustomData()).isNull();

            assertThat(result(station.callAndAwait(null, "Heartbeat", json("{}"))))
                    .isEqualTo(json("{\"currentTime\": \"2026-11-21T12:00:00.5+02:00\"}"));
            assertThat(inbox.take(HeartbeatRequest.class)).isNotNull();

            assertThat(result(station.callAndAwait(null, "StatusNotification", json("""
                    {"timestamp": "2026-11-21T09:59:58.123-05:00", "connectorStatus": "Faulted", "evseId": 2,
                     "connectorId": 1}"""))))
                    .isEqualTo(json("{}"));
            StatusNotificationRequest status = inbox.take(StatusNotificationRequest.class);
            assertThat(status.getTimestamp())
                    .isEqualTo(OffsetDateTime.of(2026, 11, 21, 9, 59, 58, 123_000_000, ZoneOffset.ofHours(-5)));
            assertThat(status.getConnectorStatus()).isEqualTo(ConnectorStatusEnum.FAULTED);
            assertThat(status.getEvseId()).isEqualTo(2);
            assertThat(status.getConnectorId()).isEqualTo(1);
        }

        @Test
        void authorizeIsBoundAndAnswered() {
            assertThat(result(station.callAndAwait(null, "Authorize", json("""
                    {"idToken": {"idToken": "TAG-B-1", "type": "ISO15693",
                      "additionalInfo": [{"additionalIdToken": "ROAM-B", "type": "roaming"}]}}"""))))
                    .isEqualTo(json("""
                            {"idTokenInfo": {"status": "Accepted", "cacheExpiryDateTime": "2026-12-21T10:00:00Z",
                              "evseId": [1], "groupIdToken": {"idToken": "FLEET-B", "type": "Central"}}}"""));
            IdToken token = inbox.take(AuthorizeRequest.class).getIdToken();
            assertThat(token.getIdToken()).isEqualTo("TAG-B-1");
            assertThat(token.getType()).isEqualTo(IdTokenEnum.ISO_15693);
            assertThat(token.getAdditionalInfo()).extracting(AdditionalInfo::getAdditionalIdToken,
                    AdditionalInfo::getType).containsExactly(tuple("ROAM-B", "roaming"));

            assertThat(result(station.callAndAwait(null, "Authorize",
                    json("{\"idToken\": {\"idToken\": \"BLOCKED-B\", \"type\": \"KeyCode\"}}"))))
                    .isEqualTo(json("{\"idTokenInfo\": {\"status\": \"Blocked\"}}"));
            AuthorizeRequest blocked = inbox.take(AuthorizeRequest.class);
            assertThat(blocked.getIdToken().getType()).isEqualTo(IdTokenEnum.KEY_CODE);
            assertThat(blocked.getIdToken().getAdditionalInfo()).isNull();
        }

        @Test
        void transactionEventsWithMeterValuesAreBoundAndAnswered() {
            assertThat(result(station.callAndAwait(null, "TransactionEvent", json("""
                    {"eventType": "Updated", "timestamp": "2026-11-21T10:15:00+01:00",
                     "triggerReason": "MeterValuePeriodic", "seqNo": 4, "offline": true, "numberOfPhasesUsed": 1,
                     "transactionInfo": {"transactionId": "TX-B-1", "chargingState": "SuspendedEV",
                       "timeSpentCharging": 900},
                     "evse": {"id": 2, "connectorId": 1},
                     "idToken": {"idToken": "TAG-B-2", "type": "ISO14443"},
                     "meterValue": [{"timestamp": "2026-11-21T10:15:00+01:00", "sampledValue": [
                        {"value": 512, "measurand": "Energy.Active.Import.Register", "context": "Sample.Clock",
                         "location": "Outlet", "unitOfMeasure": {"unit": "Wh", "multiplier": 3}},
                        {"value": 7.4, "measurand": "Power.Active.Import", "phase": "L2"},
                        {"value": 230.1, "measurand": "Voltage", "phase": "L2-N"},
                        {"value": 80, "measurand": "SoC", "location": "EV", "unitOfMeasure": {"unit": "Percent"}},
                        {"value": 512, "signedMeterValue": {"signedMeterData": "ff00", "signingMethod": "",
                          "encodingMethod": "OCMF", "publicKey": ""}}]}]}"""))))
                    .isEqualTo(json("{\"chargingPriority\": 1}"));
            TransactionEventRequest updated = inbox.take(TransactionEventRequest.class);
            assertThat(updated.getEventType()).isEqualTo(TransactionEventEnum.UPDATED);
            assertThat(updated.getTimestamp())
                    .isEqualTo(OffsetDateTime.of(2026, 11, 21, 10, 15, 0, 0, ZoneOffset.ofHours(1)));
            assertThat(updated.getTriggerReason()).isEqualTo(TriggerReasonEnum.METER_VALUE_PERIODIC);
            assertThat(updated.getSeqNo()).isEqualTo(4);
            assertThat(updated.getOffline()).isTrue();
            assertThat(updated.getNumberOfPhasesUsed()).isEqualTo(1);
            assertThat(updated.getCableMaxCurrent()).isNull();
            assertThat(updated.getTransactionInfo().getTransactionId()).isEqualTo("TX-B-1");
            assertThat(updated.getTransactionInfo().getChargingState()).isEqualTo(ChargingStateEnum.SUSPENDED_EV);
            assertThat(updated.getTransactionInfo().getTimeSpentCharging()).isEqualTo(900);
            assertThat(updated.getEvse().getId()).isEqualTo(2);
            assertThat(updated.getEvse().getConnectorId()).isEqualTo(1);
            assertThat(updated.getIdToken().getIdToken()).isEqualTo("TAG-B-2");
            assertThat(updated.getMeterValue()).singleElement().satisfies(meter -> {
                assertThat(meter.getTimestamp())
                        .isEqualTo(OffsetDateTime.of(2026, 11, 21, 10, 15, 0, 0, ZoneOffset.ofHours(1)));
                assertThat(meter.getSampledValue())
                        .extracting(SampledValue::getValue, SampledValue::getMeasurand, SampledValue::getContext,
                                SampledValue::getPhase, SampledValue::getLocation,
                                v -> v.getUnitOfMeasure() == null ? null : v.getUnitOfMeasure().getUnit(),
                                v -> v.getUnitOfMeasure() == null ? null : v.getUnitOfMeasure().getMultiplier())
                        .containsExactly(
                                tuple(512.0, MeasurandEnum.ENERGY_ACTIVE_IMPORT_REGISTER,
                                        ReadingContextEnum.SAMPLE_CLOCK, null, LocationEnum.OUTLET, "Wh", 3),
                                tuple(7.4, MeasurandEnum.POWER_ACTIVE_IMPORT, null, PhaseEnum.L2, null, null, null),
                                tuple(230.1, MeasurandEnum.VOLTAGE, null, PhaseEnum.L2_N, null, null, null),
                                tuple(80.0, MeasurandEnum.SOC, null, null, LocationEnum.EV, "Percent", null),
                                tuple(512.0, null, null, null, null, null, null));
                SignedMeterValue signed = meter.getSampledValue().get(4).getSignedMeterValue();
                assertThat(signed.getSignedMeterData()).isEqualTo("ff00");
                assertThat(signed.getSigningMethod()).isEmpty();
                assertThat(signed.getEncodingMethod()).isEqualTo("OCMF");
                assertThat(signed.getPublicKey()).isEmpty();
            });

            assertThat(result(station.callAndAwait(null, "TransactionEvent", json("""
                    {"eventType": "Ended", "timestamp": "2026-11-21T10:30:00Z", "triggerReason": "StopAuthorized",
                     "seqNo": 5, "transactionInfo": {"transactionId": "TX-B-1", "stoppedReason": "Local"}}"""))))
                    .isEqualTo(json("{\"totalCost\": 4.2}"));
            TransactionEventRequest ended = inbox.take(TransactionEventRequest.class);
            assertThat(ended.getEventType()).isEqualTo(TransactionEventEnum.ENDED);
            assertThat(ended.getTransactionInfo().getStoppedReason()).isEqualTo(ReasonEnum.LOCAL);
            assertThat(ended.getMeterValue()).isNull();
            assertThat(ended.getEvse()).isNull();
        }

        @Test
        void notifyReportAndDataTransferAreBoundAndAnswered() throws Exception {
            assertThat(result(station.callAndAwait(null, "NotifyReport", json("""
                    {"requestId": 77, "generatedAt": "2026-11-21T10:00:00Z", "seqNo": 1, "tbc": true,
                     "reportData": [{"component": {"name": "EVSE", "evse": {"id": 1}},
                       "variable": {"name": "Power", "instance": "max"},
                       "variableAttribute": [{"type": "MaxSet", "value": "22000", "mutability": "ReadOnly",
                          "persistent": true, "constant": true}],
                       "variableCharacteristics": {"unit": "W", "dataType": "decimal", "minLimit": 0,
                          "maxLimit": 22000.5, "supportsMonitoring": true}}]}"""))))
                    .isEqualTo(json("{}"));
            NotifyReportRequest report = inbox.take(NotifyReportRequest.class);
            assertThat(report.getRequestId()).isEqualTo(77);
            assertThat(report.getGeneratedAt()).isEqualTo(T0);
            assertThat(report.getSeqNo()).isEqualTo(1);
            assertThat(report.getTbc()).isTrue();
            assertThat(report.getReportData()).singleElement().satisfies(data -> {
                assertThat(data.getComponent().getName()).isEqualTo("EVSE");
                assertThat(data.getComponent().getEvse().getId()).isEqualTo(1);
                assertThat(data.getVariable().getName()).isEqualTo("Power");
                assertThat(data.getVariable().getInstance()).isEqualTo("max");
                assertThat(data.getVariableAttribute())
                        .extracting(VariableAttribute::getType, VariableAttribute::getValue,
                                VariableAttribute::getMutability, VariableAttribute::getPersistent,
                                VariableAttribute::getConstant)
                        .containsExactly(tuple(AttributeEnum.MAX_SET, "22000", MutabilityEnum.READ_ONLY, true, true));
                VariableCharacteristics characteristics = data.getVariableCharacteristics();
                assertThat(characteristics.getUnit()).isEqualTo("W");
                assertThat(characteristics.getDataType()).isEqualTo(DataEnum.DECIMAL);
                assertThat(characteristics.getMinLimit()).isEqualTo(0.0);
                assertThat(characteristics.getMaxLimit()).isEqualTo(22000.5);
                assertThat(characteristics.getValuesList()).isNull();
                assertThat(characteristics.getSupportsMonitoring()).isTrue();
            });

            assertThat(result(station.callAndAwait(null, "DataTransfer", json("""
                    {"vendorId": "dev.ocpp.interop", "messageId": "B-1", "data": [1, {"two": 2}]}"""))))
                    .isEqualTo(json("{\"status\": \"Accepted\", \"data\": \"ack:B-1\"}"));
            DataTransferRequest transfer = inbox.take(DataTransferRequest.class);
            assertThat(transfer.getVendorId()).isEqualTo("dev.ocpp.interop");
            assertThat(tree(transfer.getData())).isEqualTo(JSON.readTree("[1, {\"two\": 2}]"));
        }

        // ------------------------------------------------------------------------------ CSMS-initiated calls

        @Test
        void ourGetAndSetVariablesGetTypedAnswers() throws Exception {
            station.respondWith("GetVariables", json("""
                    {"getVariableResult": [
                       {"attributeStatus": "Accepted", "attributeType": "Actual", "attributeValue": "300",
                        "component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}},
                       {"attributeStatus": "UnknownVariable",
                        "attributeStatusInfo": {"reasonCode": "NoSuchVar", "additionalInfo": "not here"},
                        "component": {"name": "EVSE", "evse": {"id": 1, "connectorId": 1}},
                        "variable": {"name": "Bogus", "instance": "7"}}]}"""));
            try {
                GetVariablesResponse get = await(csms.call(IDENTITY, new GetVariablesRequest().withGetVariableData(
                        List.of(new GetVariableData().withAttributeType(AttributeEnum.ACTUAL)
                                        .withComponent(new Component().withName("OCPPCommCtrlr"))
                                        .withVariable(new Variable().withName("HeartbeatInterval")),
                                new GetVariableData()
                                        .withComponent(new Component().withName("EVSE")
                                                .withEvse(new EVSE().withId(1).withConnectorId(1)))
                                        .withVariable(new Variable().withName("Bogus").withInstance("7"))))));
                assertThat(get.getGetVariableResult())
                        .extracting(GetVariableResult::getAttributeStatus, GetVariableResult::getAttributeType,
                                GetVariableResult::getAttributeValue, r -> r.getComponent().getName(),
                                r -> r.getVariable().getName())
                        .containsExactly(
                                tuple(GetVariableStatusEnum.ACCEPTED, AttributeEnum.ACTUAL, "300", "OCPPCommCtrlr",
                                        "HeartbeatInterval"),
                                tuple(GetVariableStatusEnum.UNKNOWN_VARIABLE, null, null, "EVSE", "Bogus"));
                GetVariableResult unknown = get.getGetVariableResult().get(1);
                assertThat(unknown.getAttributeStatusInfo().getReasonCode()).isEqualTo("NoSuchVar");
                assertThat(unknown.getAttributeStatusInfo().getAdditionalInfo()).isEqualTo("not here");
                assertThat(unknown.getComponent().getEvse().getConnectorId()).isEqualTo(1);
                assertThat(unknown.getVariable().getInstance()).isEqualTo("7");
                assertThat(receivedBy(station, "GetVariables", p -> p.path("getVariableData").size() == 2)).isEqualTo(json("""
                        {"getVariableData": [
                           {"attributeType": "Actual", "component": {"name": "OCPPCommCtrlr"},
                            "variable": {"name": "HeartbeatInterval"}},
                           {"component": {"name": "EVSE", "evse": {"id": 1, "connectorId": 1}},
                            "variable": {"name": "Bogus", "instance": "7"}}]}"""));
            } finally {
                station.resetResponse("GetVariables");
            }

            // ocpp-rpc's default answer accepts every value it is given.
            SetVariablesResponse set = await(csms.call(IDENTITY, new SetVariablesRequest().withSetVariableData(
                    List.of(new SetVariableData().withAttributeType(AttributeEnum.TARGET).withAttributeValue("60")
                            .withComponent(new Component().withName("OCPPCommCtrlr"))
                            .withVariable(new Variable().withName("HeartbeatInterval"))))));
            assertThat(set.getSetVariableResult()).singleElement().satisfies(r -> {
                assertThat(r.getAttributeStatus()).isEqualTo(SetVariableStatusEnum.ACCEPTED);
                assertThat(r.getAttributeType()).isEqualTo(AttributeEnum.TARGET);
                assertThat(r.getComponent().getName()).isEqualTo("OCPPCommCtrlr");
                assertThat(r.getVariable().getName()).isEqualTo("HeartbeatInterval");
            });
            assertThat(receivedBy(station, "SetVariables",
                    p -> p.path("setVariableData").get(0).path("attributeValue").asText().equals("60"))).isEqualTo(json("""
                    {"setVariableData": [{"attributeType": "Target", "attributeValue": "60",
                      "component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}}]}"""));
        }

        @Test
        void ourResetAndRequestStartTransactionGetTypedAnswers() throws Exception {
            ResetResponse reset = await(csms.call(IDENTITY, new ResetRequest().withType(ResetEnum.ON_IDLE)
                    .withEvseId(1)));
            assertThat(reset.getStatus()).isEqualTo(ResetStatusEnum.ACCEPTED);
            assertThat(receivedBy(station, "Reset", p -> p.path("evseId").asInt() == 1))
                    .isEqualTo(json("{\"type\": \"OnIdle\", \"evseId\": 1}"));

            station.respondWith("RequestStartTransaction", json("""
                    {"status": "Accepted", "transactionId": "TX-B-9",
                     "statusInfo": {"reasonCode": "AlreadyStarted"}}"""));
            try {
                RequestStartTransactionResponse start = await(csms.call(IDENTITY, new RequestStartTransactionRequest()
                        .withEvseId(2).withRemoteStartId(4242)
                        .withIdToken(new IdToken().withIdToken("REMOTE-B").withType(IdTokenEnum.CENTRAL))
                        .withChargingProfile(new ChargingProfile().withId(5).withStackLevel(1)
                                .withChargingProfilePurpose(ChargingProfilePurposeEnum.TX_PROFILE)
                                .withChargingProfileKind(ChargingProfileKindEnum.RELATIVE)
                                .withChargingSchedule(List.of(new ChargingSchedule().withId(1).withDuration(3600)
                                        .withChargingRateUnit(ChargingRateUnitEnum.W).withMinChargingRate(1380.5)
                                        .withChargingSchedulePeriod(List.of(
                                                new ChargingSchedulePeriod().withStartPeriod(0).withLimit(11000.5)
                                                        .withNumberPhases(3),
                                                new ChargingSchedulePeriod().withStartPeriod(1800)
                                                        .withLimit(3680.0))))))));
                assertThat(start.getStatus()).isEqualTo(RequestStartStopStatusEnum.ACCEPTED);
                assertThat(start.getTransactionId()).isEqualTo("TX-B-9");
                assertThat(start.getStatusInfo().getReasonCode()).isEqualTo("AlreadyStarted");
                assertThat(receivedBy(station, "RequestStartTransaction", p -> p.path("remoteStartId").asInt() == 4242))
                        .isEqualTo(json("""
                                {"evseId": 2, "remoteStartId": 4242,
                                 "idToken": {"idToken": "REMOTE-B", "type": "Central"},
                                 "chargingProfile": {"id": 5, "stackLevel": 1, "chargingProfilePurpose": "TxProfile",
                                   "chargingProfileKind": "Relative", "chargingSchedule": [{"id": 1,
                                     "duration": 3600, "chargingRateUnit": "W", "minChargingRate": 1380.5,
                                     "chargingSchedulePeriod": [
                                       {"startPeriod": 0, "limit": 11000.5, "numberPhases": 3},
                                       {"startPeriod": 1800, "limit": 3680}]}]}}"""));
            } finally {
                station.resetResponse("RequestStartTransaction");
            }
        }

        @Test
        void ourTriggerMessageGetBaseReportAndDataTransferGetTypedAnswers() throws Exception {
            station.respondWith("TriggerMessage", json("{\"status\": \"Rejected\"}"));
            try {
                TriggerMessageResponse trigger = await(csms.call(IDENTITY, new TriggerMessageRequest()
                        .withRequestedMessage(MessageTriggerEnum.TRANSACTION_EVENT)
                        .withEvse(new EVSE().withId(1))));
                assertThat(trigger.getStatus()).isEqualTo(TriggerMessageStatusEnum.REJECTED);
                assertThat(receivedBy(station, "TriggerMessage",
                        p -> p.path("requestedMessage").asText().equals("TransactionEvent"))).isEqualTo(json("""
                        {"requestedMessage": "TransactionEvent", "evse": {"id": 1}}"""));
            } finally {
                station.resetResponse("TriggerMessage");
            }

            station.respondWith("GetBaseReport", json("{\"status\": \"NotSupported\"}"));
            try {
                GetBaseReportResponse base = await(csms.call(IDENTITY, new GetBaseReportRequest().withRequestId(3)
                        .withReportBase(ReportBaseEnum.CONFIGURATION_INVENTORY)));
                assertThat(base.getStatus()).isEqualTo(GenericDeviceModelStatusEnum.NOT_SUPPORTED);
                assertThat(receivedBy(station, "GetBaseReport", p -> p.path("requestId").asInt() == 3))
                        .isEqualTo(json("{\"requestId\": 3, \"reportBase\": \"ConfigurationInventory\"}"));
            } finally {
                station.resetResponse("GetBaseReport");
            }

            station.respondWith("DataTransfer", json("{\"status\": \"Rejected\", \"data\": {\"why\": [\"no\"]}}"));
            try {
                DataTransferResponse transfer = await(csms.call(IDENTITY, new DataTransferRequest()
                        .withVendorId("dev.ocpp.interop").withMessageId("to-station").withData(42)));
                assertThat(transfer.getStatus()).isEqualTo(DataTransferStatusEnum.REJECTED);
                assertThat(tree(transfer.getData())).isEqualTo(JSON.readTree("{\"why\": [\"no\"]}"));
                assertThat(receivedBy(station, "DataTransfer",
                        p -> p.path("messageId").asText().equals("to-station"))).isEqualTo(json("""
                        {"vendorId": "dev.ocpp.interop", "messageId": "to-station", "data": 42}"""));
            } finally {
                station.resetResponse("DataTransfer");
            }
        }

        @Test
        void customDataWithVendorPropertiesCrossesUnchangedBothWays() throws Exception {
            ObjectNode vendor = json(VENDOR_DATA);

            // ocpp-rpc's request, on top and nested, and our response (the handler echoes it).
            ObjectNode boot = json("""
                    {"reason": "PowerUp", "chargingStation": {"model": "interop-B", "vendorName": "ocpp-rpc"}}""");
            boot.set("customData", vendor);
            ((ObjectNode) boot.path("chargingStation")).set("customData", vendor);
            assertThat(result(station.callAndAwait(null, "BootNotification", boot)).path("customData"))
                    .isEqualTo(vendor);
            BootNotificationRequest received = inbox.take(BootNotificationRequest.class);
            assertThat(received.getCustomData().getVendorId()).isEqualTo("com.example.interop");
            assertThat(tree(received.getCustomData())).isEqualTo(vendor);
            assertThat(tree(received.getChargingStation().getCustomData())).isEqualTo(vendor);

            // Our request and ocpp-rpc's response.
            ObjectNode answer = json("{\"status\": \"Accepted\"}");
            answer.set("customData", vendor);
            station.respondWith("ClearCache", answer);
            try {
                ClearCacheResponse clear = await(csms.call(IDENTITY, new ClearCacheRequest()
                        .withCustomData(JSON.treeToValue(vendor, CustomData.class))));
                assertThat(tree(clear.getCustomData())).isEqualTo(vendor);
                assertThat(receivedBy(station, "ClearCache", p -> p.has("customData")).path("customData")).isEqualTo(vendor);
            } finally {
                station.resetResponse("ClearCache");
            }
        }

        // ------------------------------------------------------------------------------ error paths

        /**
         * ocpp-rpc would refuse these itself, so the peer sends them unchecked: a valid StatusNotification with one
         * field changed ({@code value} JSON) or, without a value, removed. Our answer uses the 2.0.1 spellings (Part 4
         * §4.3), and ocpp-rpc reads every one of them as sent. No handler sees the request.
         */
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                required connectorStatus missing   | connectorStatus |             | OccurrenceConstraintViolation
                evseId is a string                 | evseId          | "1"         | TypeConstraintViolation
                timestamp is not a date-time       | timestamp       | "yesterday" | TypeConstraintViolation
                connectorStatus not an enum value  | connectorStatus | "Broken"    | PropertyConstraintViolation
                property it does not define        | colour          | "red"       | FormatViolation
                """)
        void schemaInvalidStatusNotificationFromOcppRpcGetsOur201Code(String what, String field, String value,
                                                                     String code) throws Exception {
            ObjectNode params = json("""
                    {"timestamp": "2026-11-21T10:00:00Z", "connectorStatus": "Available", "evseId": 1,
                     "connectorId": 1}""");
            if (value == null) {
                params.remove(field);
            } else {
                params.set(field, JSON.readTree(value));
            }
            ObjectNode error = remoteError(station.callUncheckedAndAwait(null, "StatusNotification", params));
            assertThat(error.path("code").asText()).as("%s", error).isEqualTo(code);
            assertThat(error.path("message").asText()).contains(field);
            assertThat(inbox.isEmpty(StatusNotificationRequest.class)).as("no StatusNotification reached our handler")
                    .isTrue();
        }

        @Test
        void bootNotificationWithoutReasonIsAnOccurrenceViolation() {
            ObjectNode error = remoteError(station.callUncheckedAndAwait(null, "BootNotification",
                    json("{\"chargingStation\": {\"model\": \"m\", \"vendorName\": \"v\"}}")));
            assertThat(error.path("code").asText()).isEqualTo("OccurrenceConstraintViolation");
            assertThat(error.path("message").asText()).contains("reason");
            assertThat(inbox.isEmpty(BootNotificationRequest.class)).isTrue();
        }

        @Test
        void unknownActionFromOcppRpcIsAnsweredNotImplemented() {
            ObjectNode error = remoteError(station.callUncheckedAndAwait(null, "NotifyWeather",
                    json("{\"sky\": \"blue\"}")));
            assertThat(error.path("code").asText()).isEqualTo("NotImplemented");
        }

        @Test
        void actionWithoutOurHandlerIsAnsweredNotSupported() {
            ObjectNode error = remoteError(station.callAndAwait(null, "FirmwareStatusNotification",
                    json("{\"status\": \"Installed\", \"requestId\": 1}")));
            assertThat(error.path("code").asText()).isEqualTo("NotSupported");
        }

        @Test
        void callErrorThrownByOurHandlerReachesOcppRpcAndAFailingOneBecomesInternalError() {
            ObjectNode denied = remoteError(station.callAndAwait(null, "DataTransfer",
                    json("{\"vendorId\": \"dev.ocpp.deny\"}")));
            assertThat(denied.path("code").asText()).isEqualTo("SecurityError");
            assertThat(denied.path("message").asText()).isEqualTo("vendor not allowed");
            assertThat(inbox.take(DataTransferRequest.class).getMessageId()).isNull();

            ObjectNode failed = remoteError(station.callAndAwait(null, "SecurityEventNotification",
                    json("{\"type\": \"StartupOfTheDevice\", \"timestamp\": \"2026-11-21T10:00:00Z\"}")));
            assertThat(failed.path("code").asText()).isEqualTo("InternalError");
            assertThat(failed.toString()).doesNotContain("secret internals");
            assertThat(inbox.take(SecurityEventNotificationRequest.class).getType()).isEqualTo("StartupOfTheDevice");
        }

        /**
         * Requests ocpp-rpc refuses come back as typed CALLERRORs with ocpp-rpc's codes, spelled as it spells them on
         * 2.0.1 ({@code OccurenceConstraintViolation} with one "r", see the protocol notes §E).
         */
        @Test
        void requestsOcppRpcRefusesFailWithItsCodes() {
            Ocpp201ChargingStationSession unchecked = Ocpp201ChargingStationSession.of(
                    connects.await(IDENTITY).session(), NO_OUTGOING_CHECK);

            CallErrorException tooLong = callErrorOf(unchecked.call(new SetVariablesRequest().withSetVariableData(
                    List.of(new SetVariableData().withAttributeValue("v".repeat(1001))
                            .withComponent(new Component().withName("OCPPCommCtrlr"))
                            .withVariable(new Variable().withName("HeartbeatInterval"))))));
            assertThat(tooLong.code()).isEqualTo(ErrorCode.FORMAT_VIOLATION);
            assertThat(tooLong.wireCode()).isEqualTo("FormatViolation");
            assertThat(tooLong.description()).contains("attributeValue");
            // It did go out: ocpp-rpc received it, and its strict mode refused it.
            assertThat(receivedBy(station, "SetVariables",
                    p -> p.path("setVariableData").get(0).path("attributeValue").asText().length() == 1001))
                    .isNotNull();
            station.awaitEvent("validationFailure", e -> "SetVariables".equals(e.path("method").asText()), WAIT);

            CallErrorException missing = callErrorOf(unchecked.call(new RequestStartTransactionRequest()
                    .withRemoteStartId(1)));
            assertThat(missing.code()).isEqualTo(ErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION);
            assertThat(missing.wireCode()).isEqualTo("OccurenceConstraintViolation");
            assertThat(missing.description()).contains("idToken");
            assertThat(receivedBy(station, "RequestStartTransaction", p -> !p.has("idToken")))
                    .isEqualTo(json("{\"remoteStartId\": 1}"));
            station.awaitEvent("validationFailure",
                    e -> "RequestStartTransaction".equals(e.path("method").asText()), WAIT);
        }

        @Test
        void callErrorFromOcppRpcFailsOurTypedFuture() {
            station.respondWithError("UnlockConnector", "PropertyConstraintViolation", "no connector 9 on EVSE 1");
            try {
                CallErrorException error = callErrorOf(csms.call(IDENTITY, new UnlockConnectorRequest()
                        .withEvseId(1).withConnectorId(9)));
                assertThat(error.code()).isEqualTo(ErrorCode.PROPERTY_CONSTRAINT_VIOLATION);
                assertThat(error.wireCode()).isEqualTo("PropertyConstraintViolation");
                assertThat(error.description()).isEqualTo("no connector 9 on EVSE 1");
            } finally {
                station.resetResponse("UnlockConnector");
            }
            assertThat(receivedBy(station, "UnlockConnector", p -> p.path("connectorId").asInt() == 9))
                    .isEqualTo(json("{\"evseId\": 1, \"connectorId\": 9}"));
        }

        @Test
        void actionOcppRpcHasNoHandlerForIsNotImplemented() {
            CallErrorException error = callErrorOf(csms.call(IDENTITY, new CostUpdatedRequest().withTotalCost(1.5)
                    .withTransactionId("TX-B-1")));
            assertThat(error.code()).isEqualTo(ErrorCode.NOT_IMPLEMENTED);
        }

        @Test
        void schemaInvalidResultFromOcppRpcFailsOurTypedFuture() {
            station.respondUncheckedWith("ClearCache", json("{\"status\": \"Maybe\"}"));
            try {
                Throwable failure = failureOf(csms.call(IDENTITY, new ClearCacheRequest()));
                assertThat(failure).isInstanceOf(PayloadValidationException.class);
                PayloadValidationException invalid = (PayloadValidationException) failure;
                assertThat(invalid.report().direction()).isEqualTo(PayloadDirection.INCOMING_RESULT);
                assertThat(invalid.violations()).extracting(Violation::kind, Violation::path)
                        .containsExactly(tuple(Violation.Kind.VALUE, "status"));
            } finally {
                station.resetResponse("ClearCache");
            }
        }

        @Test
        void ocppRpcStationWithTheRightPasswordGetsInAndAWrongOneGets401() throws Exception {
            try (OcppRpcPeer secured = OcppRpcPeer.client(OcppRpcPeer.OCPP201,
                    "ws://127.0.0.1:" + csms.port() + "/ocpp", "SEC-1", SECURED_PASSWORD)) {
                assertThat(startupEvent(secured, "connected").path("protocol").asText()).isEqualTo("ocpp2.0.1");
                Ocpp201ChargingStationSession cs = connects.await("SEC-1");
                assertThat(cs.connectionInfo().credentials()).hasValueSatisfying(c ->
                        assertThat(c.username()).isEqualTo("SEC-1"));
                assertThat(result(secured.callAndAwait(null, "Heartbeat", json("{}"))).has("currentTime")).isTrue();
            }
            try (OcppRpcPeer intruder = OcppRpcPeer.startClient(OcppRpcPeer.OCPP201,
                    "ws://127.0.0.1:" + csms.port() + "/ocpp", "SEC-2", "wrong-password-but-long")) {
                assertThat(intruder.awaitEvent("error").path("status").asInt()).isEqualTo(401);
            }
            assertThat(csms.chargingStation("SEC-2")).isEmpty();
        }
    }
}
