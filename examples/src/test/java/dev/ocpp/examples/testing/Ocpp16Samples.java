package dev.ocpp.examples.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.v16.Ocpp16Action;
import dev.ocpp.v16.Ocpp16Actions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A schema-valid request for each of the 39 OCPP 1.6 actions, as raw JSON, to drive a peer with every action it
 * may receive. {@code Ocpp16SamplesTest} keeps them valid.
 */
public final class Ocpp16Samples {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String T = "\"2025-03-01T12:00:00Z\"";
    private static final String CERT = "\"-----BEGIN CERTIFICATE-----MIIBsample-----END CERTIFICATE-----\"";

    private static final Map<String, String> REQUESTS = new TreeMap<>(Map.ofEntries(
            // Sent by the charge point.
            Map.entry("Authorize", "{\"idTag\":\"TAG-1\"}"),
            Map.entry("BootNotification", "{\"chargePointVendor\":\"ACME\",\"chargePointModel\":\"W1\"}"),
            Map.entry("DataTransfer", "{\"vendorId\":\"com.example\",\"messageId\":\"Hello\",\"data\":\"42\"}"),
            Map.entry("Heartbeat", "{}"),
            Map.entry("MeterValues", "{\"connectorId\":1,\"transactionId\":1,\"meterValue\":[{\"timestamp\":" + T
                    + ",\"sampledValue\":[{\"value\":\"100\",\"measurand\":\"Energy.Active.Import.Register\","
                    + "\"unit\":\"Wh\"}]}]}"),
            Map.entry("StartTransaction", "{\"connectorId\":1,\"idTag\":\"TAG-1\",\"meterStart\":0,\"timestamp\":"
                    + T + "}"),
            Map.entry("StatusNotification", "{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Available\"}"),
            Map.entry("StopTransaction", "{\"transactionId\":1,\"meterStop\":100,\"timestamp\":" + T + "}"),
            Map.entry("DiagnosticsStatusNotification", "{\"status\":\"Uploaded\"}"),
            Map.entry("FirmwareStatusNotification", "{\"status\":\"Installed\"}"),
            Map.entry("LogStatusNotification", "{\"status\":\"Uploaded\",\"requestId\":1}"),
            Map.entry("SecurityEventNotification", "{\"type\":\"StartupOfTheDevice\",\"timestamp\":" + T + "}"),
            Map.entry("SignCertificate", "{\"csr\":\"-----BEGIN CERTIFICATE REQUEST-----MIIBsample\"}"),
            Map.entry("SignedFirmwareStatusNotification", "{\"status\":\"Installed\",\"requestId\":1}"),
            // Sent by the central system.
            Map.entry("CancelReservation", "{\"reservationId\":7}"),
            Map.entry("CertificateSigned", "{\"certificateChain\":" + CERT + "}"),
            Map.entry("ChangeAvailability", "{\"connectorId\":1,\"type\":\"Inoperative\"}"),
            Map.entry("ChangeConfiguration", "{\"key\":\"HeartbeatInterval\",\"value\":\"600\"}"),
            Map.entry("ClearCache", "{}"),
            Map.entry("ClearChargingProfile", "{}"),
            Map.entry("DeleteCertificate", "{\"certificateHashData\":{\"hashAlgorithm\":\"SHA256\","
                    + "\"issuerNameHash\":\"abc\",\"issuerKeyHash\":\"def\",\"serialNumber\":\"01\"}}"),
            Map.entry("ExtendedTriggerMessage", "{\"requestedMessage\":\"Heartbeat\"}"),
            Map.entry("GetCompositeSchedule", "{\"connectorId\":1,\"duration\":3600,\"chargingRateUnit\":\"W\"}"),
            Map.entry("GetConfiguration", "{}"),
            Map.entry("GetDiagnostics", "{\"location\":\"ftp://diagnostics.example.com/upload\"}"),
            Map.entry("GetInstalledCertificateIds", "{\"certificateType\":\"CentralSystemRootCertificate\"}"),
            Map.entry("GetLocalListVersion", "{}"),
            Map.entry("GetLog", "{\"logType\":\"DiagnosticsLog\",\"requestId\":1,"
                    + "\"log\":{\"remoteLocation\":\"https://logs.example.com/upload\"}}"),
            Map.entry("InstallCertificate", "{\"certificateType\":\"CentralSystemRootCertificate\",\"certificate\":"
                    + CERT + "}"),
            Map.entry("RemoteStartTransaction", "{\"idTag\":\"TAG-REMOTE\",\"connectorId\":1}"),
            Map.entry("RemoteStopTransaction", "{\"transactionId\":99}"),
            Map.entry("ReserveNow", "{\"connectorId\":1,\"expiryDate\":" + T
                    + ",\"idTag\":\"TAG-1\",\"reservationId\":7}"),
            Map.entry("Reset", "{\"type\":\"Soft\"}"),
            Map.entry("SendLocalList", "{\"listVersion\":5,\"updateType\":\"Full\",\"localAuthorizationList\":"
                    + "[{\"idTag\":\"TAG-1\",\"idTagInfo\":{\"status\":\"Accepted\"}}]}"),
            Map.entry("SetChargingProfile", "{\"connectorId\":1,\"csChargingProfiles\":{\"chargingProfileId\":1,"
                    + "\"stackLevel\":0,\"chargingProfilePurpose\":\"TxDefaultProfile\","
                    + "\"chargingProfileKind\":\"Absolute\",\"chargingSchedule\":{\"chargingRateUnit\":\"A\","
                    + "\"chargingSchedulePeriod\":[{\"startPeriod\":0,\"limit\":16.0}]}}}"),
            Map.entry("SignedUpdateFirmware", "{\"requestId\":1,\"firmware\":{\"location\":"
                    + "\"https://fw.example.com/fw.bin\",\"retrieveDateTime\":" + T
                    + ",\"signingCertificate\":" + CERT + ",\"signature\":\"c2lnbmF0dXJl\"}}"),
            Map.entry("TriggerMessage", "{\"requestedMessage\":\"StatusNotification\",\"connectorId\":1}"),
            Map.entry("UnlockConnector", "{\"connectorId\":1}"),
            Map.entry("UpdateFirmware", "{\"location\":\"https://fw.example.com/fw.bin\",\"retrieveDate\":" + T
                    + "}")));

    private Ocpp16Samples() {
    }

    /** The names of the actions that have a sample: all 39. */
    public static java.util.Set<String> actions() {
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

    /** The actions a charge point sends (DataTransfer included), in the specification's order. */
    public static List<String> sentByChargePoint() {
        return Ocpp16Actions.all().stream().filter(Ocpp16Action::sentByChargePoint).map(Ocpp16Action::name)
                .toList();
    }

    /** The actions a central system sends (DataTransfer included), in the specification's order. */
    public static List<String> sentByCentralSystem() {
        return Ocpp16Actions.all().stream().filter(Ocpp16Action::sentByCentralSystem).map(Ocpp16Action::name)
                .toList();
    }
}
