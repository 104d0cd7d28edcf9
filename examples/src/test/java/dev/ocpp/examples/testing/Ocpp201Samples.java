package dev.ocpp.examples.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.v201.Ocpp201Action;
import dev.ocpp.v201.Ocpp201Actions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A schema-valid request for each of the 64 OCPP 2.0.1 actions, as raw JSON, to drive a peer with every action it
 * may receive. {@code Ocpp201SamplesTest} keeps them valid.
 */
public final class Ocpp201Samples {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String T = "\"2025-03-01T12:00:00Z\"";
    private static final String CERT = "\"-----BEGIN CERTIFICATE-----MIIBsample-----END CERTIFICATE-----\"";
    private static final String TOKEN = "{\"idToken\":\"TAG-1\",\"type\":\"ISO14443\"}";
    private static final String HASH = "{\"hashAlgorithm\":\"SHA256\",\"issuerNameHash\":\"abc\","
            + "\"issuerKeyHash\":\"def\",\"serialNumber\":\"01\"}";
    private static final String SCHEDULE = "{\"id\":1,\"chargingRateUnit\":\"A\","
            + "\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":16.0}]}";
    private static final String CHECKSUM = "\"0123456789abcdef0123456789abcdef\"";

    private static String profile(String purpose) {
        return "{\"id\":1,\"stackLevel\":0,\"chargingProfilePurpose\":\"" + purpose + "\","
                + "\"chargingProfileKind\":\"Absolute\",\"chargingSchedule\":[" + SCHEDULE + "]}";
    }

    private static final Map<String, String> REQUESTS = new TreeMap<>(Map.ofEntries(
            // Sent by the charging station.
            Map.entry("SecurityEventNotification", "{\"type\":\"StartupOfTheDevice\",\"timestamp\":" + T + "}"),
            Map.entry("SignCertificate", "{\"csr\":\"-----BEGIN CERTIFICATE REQUEST-----MIIBsample\"}"),
            Map.entry("BootNotification", "{\"reason\":\"PowerUp\",\"chargingStation\":{\"model\":\"W1\","
                    + "\"vendorName\":\"ACME\"}}"),
            Map.entry("NotifyReport", "{\"requestId\":1,\"generatedAt\":" + T + ",\"seqNo\":0}"),
            Map.entry("Authorize", "{\"idToken\":" + TOKEN + "}"),
            Map.entry("TransactionEvent", "{\"eventType\":\"Started\",\"timestamp\":" + T + ","
                    + "\"triggerReason\":\"Authorized\",\"seqNo\":0,\"transactionInfo\":{\"transactionId\":\"TX-1\"},"
                    + "\"idToken\":" + TOKEN + ",\"evse\":{\"id\":1,\"connectorId\":1}}"),
            Map.entry("StatusNotification", "{\"timestamp\":" + T + ",\"connectorStatus\":\"Available\","
                    + "\"evseId\":1,\"connectorId\":1}"),
            Map.entry("Heartbeat", "{}"),
            Map.entry("ReservationStatusUpdate", "{\"reservationId\":7,\"reservationUpdateStatus\":\"Expired\"}"),
            Map.entry("MeterValues", "{\"evseId\":1,\"meterValue\":[{\"timestamp\":" + T + ",\"sampledValue\":"
                    + "[{\"value\":100.0,\"measurand\":\"Energy.Active.Import.Register\"}]}]}"),
            Map.entry("ReportChargingProfiles", "{\"requestId\":1,\"chargingLimitSource\":\"CSO\",\"evseId\":1,"
                    + "\"chargingProfile\":[" + profile("TxDefaultProfile") + "]}"),
            Map.entry("NotifyChargingLimit", "{\"chargingLimit\":{\"chargingLimitSource\":\"EMS\"}}"),
            Map.entry("ClearedChargingLimit", "{\"chargingLimitSource\":\"EMS\"}"),
            Map.entry("NotifyEVChargingNeeds", "{\"evseId\":1,\"chargingNeeds\":"
                    + "{\"requestedEnergyTransfer\":\"AC_three_phase\"}}"),
            Map.entry("NotifyEVChargingSchedule", "{\"timeBase\":" + T + ",\"evseId\":1,\"chargingSchedule\":"
                    + SCHEDULE + "}"),
            Map.entry("FirmwareStatusNotification", "{\"status\":\"Installed\",\"requestId\":1}"),
            Map.entry("PublishFirmwareStatusNotification", "{\"status\":\"Idle\"}"),
            Map.entry("Get15118EVCertificate", "{\"iso15118SchemaVersion\":\"urn:iso:15118:2:2013:MsgDef\","
                    + "\"action\":\"Install\",\"exiRequest\":\"AAEC\"}"),
            Map.entry("GetCertificateStatus", "{\"ocspRequestData\":{\"hashAlgorithm\":\"SHA256\","
                    + "\"issuerNameHash\":\"abc\",\"issuerKeyHash\":\"def\",\"serialNumber\":\"01\","
                    + "\"responderURL\":\"http://ocsp.example.com\"}}"),
            Map.entry("LogStatusNotification", "{\"status\":\"Uploaded\",\"requestId\":1}"),
            Map.entry("NotifyMonitoringReport", "{\"requestId\":1,\"seqNo\":0,\"generatedAt\":" + T + "}"),
            Map.entry("NotifyEvent", "{\"generatedAt\":" + T + ",\"seqNo\":0,\"eventData\":[{\"eventId\":1,"
                    + "\"timestamp\":" + T + ",\"trigger\":\"Alerting\",\"actualValue\":\"Faulted\","
                    + "\"component\":{\"name\":\"ChargingStation\"},\"variable\":{\"name\":\"AvailabilityState\"},"
                    + "\"eventNotificationType\":\"HardWiredNotification\"}]}"),
            Map.entry("NotifyCustomerInformation", "{\"data\":\"none\",\"seqNo\":0,\"generatedAt\":" + T
                    + ",\"requestId\":1}"),
            Map.entry("NotifyDisplayMessages", "{\"requestId\":1}"),
            Map.entry("DataTransfer", "{\"vendorId\":\"com.example\",\"messageId\":\"Hello\",\"data\":\"42\"}"),
            // Sent by the CSMS.
            Map.entry("CertificateSigned", "{\"certificateChain\":" + CERT + "}"),
            Map.entry("GetVariables", "{\"getVariableData\":[{\"component\":{\"name\":\"OCPPCommCtrlr\"},"
                    + "\"variable\":{\"name\":\"HeartbeatInterval\"}}]}"),
            Map.entry("SetVariables", "{\"setVariableData\":[{\"attributeValue\":\"600\",\"component\":"
                    + "{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"HeartbeatInterval\"}}]}"),
            Map.entry("GetBaseReport", "{\"requestId\":1,\"reportBase\":\"FullInventory\"}"),
            Map.entry("GetReport", "{\"requestId\":2}"),
            Map.entry("SetNetworkProfile", "{\"configurationSlot\":1,\"connectionData\":{\"ocppVersion\":\"OCPP20\","
                    + "\"ocppTransport\":\"JSON\",\"ocppCsmsUrl\":\"wss://csms.example.com/ocpp\","
                    + "\"messageTimeout\":30,\"securityProfile\":2,\"ocppInterface\":\"Wired0\"}}"),
            Map.entry("Reset", "{\"type\":\"OnIdle\"}"),
            Map.entry("ClearCache", "{}"),
            Map.entry("SendLocalList", "{\"versionNumber\":5,\"updateType\":\"Full\",\"localAuthorizationList\":"
                    + "[{\"idToken\":" + TOKEN + ",\"idTokenInfo\":{\"status\":\"Accepted\"}}]}"),
            Map.entry("GetLocalListVersion", "{}"),
            Map.entry("GetTransactionStatus", "{}"),
            Map.entry("RequestStartTransaction", "{\"idToken\":{\"idToken\":\"TAG-REMOTE\",\"type\":\"Central\"},"
                    + "\"remoteStartId\":42,\"evseId\":1}"),
            Map.entry("RequestStopTransaction", "{\"transactionId\":\"TX-1\"}"),
            Map.entry("UnlockConnector", "{\"evseId\":1,\"connectorId\":1}"),
            Map.entry("TriggerMessage", "{\"requestedMessage\":\"StatusNotification\","
                    + "\"evse\":{\"id\":1,\"connectorId\":1}}"),
            Map.entry("ChangeAvailability", "{\"operationalStatus\":\"Operative\",\"evse\":{\"id\":1}}"),
            Map.entry("ReserveNow", "{\"id\":7,\"expiryDateTime\":" + T + ",\"idToken\":" + TOKEN
                    + ",\"evseId\":1}"),
            Map.entry("CancelReservation", "{\"reservationId\":7}"),
            Map.entry("CostUpdated", "{\"totalCost\":1.25,\"transactionId\":\"TX-1\"}"),
            Map.entry("SetChargingProfile", "{\"evseId\":0,\"chargingProfile\":"
                    + profile("ChargingStationMaxProfile") + "}"),
            Map.entry("GetChargingProfiles", "{\"requestId\":3,\"chargingProfile\":"
                    + "{\"chargingProfilePurpose\":\"ChargingStationMaxProfile\"}}"),
            Map.entry("ClearChargingProfile", "{\"chargingProfileId\":1}"),
            Map.entry("GetCompositeSchedule", "{\"duration\":3600,\"evseId\":1,\"chargingRateUnit\":\"W\"}"),
            Map.entry("UpdateFirmware", "{\"requestId\":1,\"firmware\":{\"location\":"
                    + "\"https://fw.example.com/fw.bin\",\"retrieveDateTime\":" + T + "}}"),
            Map.entry("PublishFirmware", "{\"location\":\"https://fw.example.com/fw.bin\",\"checksum\":" + CHECKSUM
                    + ",\"requestId\":1}"),
            Map.entry("UnpublishFirmware", "{\"checksum\":" + CHECKSUM + "}"),
            Map.entry("InstallCertificate", "{\"certificateType\":\"CSMSRootCertificate\",\"certificate\":"
                    + CERT + "}"),
            Map.entry("DeleteCertificate", "{\"certificateHashData\":" + HASH + "}"),
            Map.entry("GetInstalledCertificateIds", "{}"),
            Map.entry("GetLog", "{\"log\":{\"remoteLocation\":\"https://logs.example.com/upload\"},"
                    + "\"logType\":\"DiagnosticsLog\",\"requestId\":4}"),
            Map.entry("GetMonitoringReport", "{\"requestId\":5}"),
            Map.entry("SetMonitoringBase", "{\"monitoringBase\":\"All\"}"),
            Map.entry("SetMonitoringLevel", "{\"severity\":5}"),
            Map.entry("SetVariableMonitoring", "{\"setMonitoringData\":[{\"value\":10.0,\"type\":\"Delta\","
                    + "\"severity\":5,\"component\":{\"name\":\"ChargingStation\"},"
                    + "\"variable\":{\"name\":\"AvailabilityState\"}}]}"),
            Map.entry("ClearVariableMonitoring", "{\"id\":[1]}"),
            Map.entry("CustomerInformation", "{\"requestId\":6,\"report\":true,\"clear\":false,"
                    + "\"customerIdentifier\":\"CUST-1\"}"),
            Map.entry("SetDisplayMessage", "{\"message\":{\"id\":1,\"priority\":\"NormalCycle\","
                    + "\"message\":{\"format\":\"UTF8\",\"content\":\"Welcome\"}}}"),
            Map.entry("GetDisplayMessages", "{\"requestId\":7}"),
            Map.entry("ClearDisplayMessage", "{\"id\":1}")));

    private Ocpp201Samples() {
    }

    /** The names of the actions that have a sample: all 64. */
    public static Set<String> actions() {
        return REQUESTS.keySet();
    }

    /** A fresh copy of the sample request of {@code action}. */
    public static ObjectNode request(String action) {
        String json = REQUESTS.get(action);
        if (json == null) {
            throw new IllegalArgumentException("no sample for " + action);
        }
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("broken sample for " + action, e);
        }
    }

    /** The actions a charging station sends (DataTransfer included), in the specification's order. */
    public static List<String> sentByChargingStation() {
        return Ocpp201Actions.all().stream().filter(Ocpp201Action::sentByChargingStation)
                .map(Ocpp201Action::name).toList();
    }

    /** The actions a CSMS sends (DataTransfer included), in the specification's order. */
    public static List<String> sentByCsms() {
        return Ocpp201Actions.all().stream().filter(Ocpp201Action::sentByCsms).map(Ocpp201Action::name).toList();
    }
}
