package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.typed.OcppJson;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default answers a station gives to a CSMS-initiated CALL, OCPP 2.0.1 (every action the CSMS sends, Part 2
 * functional blocks A-P, DataTransfer included): the answer of a station that does what it is asked.
 *
 * <ul>
 *   <li>Every action with a status answers {@code Accepted}, with these exceptions: UnlockConnector {@code Unlocked}
 *       (F05), UnpublishFirmware {@code Unpublished} (L04), GetChargingProfiles {@code NoProfiles} (K09) and
 *       GetDisplayMessages {@code Unknown} (O02): the station holds no charging profiles or display messages, and
 *       an {@code Accepted} there would promise a report that never comes.</li>
 *   <li>GetVariables (B06) answers one result per requested variable, mirroring its component, variable and
 *       attribute type: {@code Accepted} with the value of {@link #VARIABLES} for a known component and variable
 *       (instances and EVSEs are not told apart), {@code UnknownComponent} for a component not in the table,
 *       {@code UnknownVariable} for an unknown variable of a known component, {@code NotSupportedAttributeType} for
 *       an attribute type other than {@code Actual}. The values are fixed: a SetVariables does not change them.</li>
 *   <li>SetVariables (B05) answers {@code Accepted} for every variable, mirroring the request, but {@code Rejected}
 *       for the read-only {@code SecurityCtrlr.SecurityProfile}; SetNetworkProfile (B09) is {@code Rejected} for a
 *       profile below the 1 the station reports (B09.FR.04), else {@code Accepted};
 *       SetVariableMonitoring (N04) and ClearVariableMonitoring (N06) answer {@code Accepted} per monitor (a new
 *       monitor without an id gets id 1, 2, ... in request order).</li>
 *   <li>GetLocalListVersion (D02) answers 0; GetTransactionStatus (E14) says no messages are queued and, when asked
 *       about a transaction, that it is not ongoing; GetLog (N01) names a file made of the current time;
 *       GetCompositeSchedule (K08) answers one period without a limit below 32 A / 22 kW; GetInstalledCertificateIds
 *       (M03) answers one made-up certificate hash per asked type.</li>
 * </ul>
 * No follow-up message (NotifyReport, LogStatusNotification, FirmwareStatusNotification, ...) is part of a default
 * answer.
 */
final class StationDefaults201 {

    /** Component name, then variable name, to the fixed value of its {@code Actual} attribute. */
    static final Map<String, Map<String, String>> VARIABLES = variables();

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private StationDefaults201() {
    }

    /** A schema-valid default answer to {@code action}; see {@link VersionKit#defaultAnswer}. */
    static ObjectNode answer(String action, ObjectNode request, Clock clock) {
        ObjectNode out = OcppJson.mapper().createObjectNode();
        switch (action) {
            case "CancelReservation", "CertificateSigned", "ChangeAvailability", "ClearCache", "ClearChargingProfile",
                    "ClearDisplayMessage", "CustomerInformation", "DataTransfer", "DeleteCertificate", "GetBaseReport",
                    "GetMonitoringReport", "GetReport", "InstallCertificate", "PublishFirmware",
                    "RequestStartTransaction", "RequestStopTransaction", "ReserveNow", "Reset", "SendLocalList",
                    "SetChargingProfile", "SetDisplayMessage", "SetMonitoringBase", "SetMonitoringLevel",
                    "TriggerMessage", "UpdateFirmware" -> out.put("status", "Accepted");
            case "UnlockConnector" -> out.put("status", "Unlocked");
            case "UnpublishFirmware" -> out.put("status", "Unpublished");
            case "GetChargingProfiles" -> out.put("status", "NoProfiles");
            case "GetDisplayMessages" -> out.put("status", "Unknown");
            case "CostUpdated" -> {
                // The answer has no fields (I03).
            }
            case "GetLocalListVersion" -> out.put("versionNumber", 0);
            case "GetLog" -> out.put("status", "Accepted").put("filename", "log-" + fileTime(clock) + ".log");
            case "GetTransactionStatus" -> {
                if (request.hasNonNull("transactionId")) {
                    out.put("ongoingIndicator", false);
                }
                out.put("messagesInQueue", false);
            }
            // B09.FR.04: never a profile lower than the one in force, which SecurityCtrlr.SecurityProfile reports (1).
            case "SetNetworkProfile" -> out.put("status",
                    request.path("connectionData").path("securityProfile").asInt() < 1 ? "Rejected" : "Accepted");
            case "GetVariables" -> getVariables(request, out);
            case "SetVariables" -> {
                ArrayNode results = out.putArray("setVariableResult");
                for (JsonNode d : request.path("setVariableData")) {
                    ObjectNode r = results.addObject();
                    copy(d, r, "attributeType");
                    // SecurityProfile only reports the profile; an upgrade goes through SetNetworkProfile (A05, B09).
                    boolean readOnly = d.path("component").path("name").asText().equals("SecurityCtrlr")
                            && d.path("variable").path("name").asText().equals("SecurityProfile");
                    r.put("attributeStatus", readOnly ? "Rejected" : "Accepted");
                    copy(d, r, "component");
                    copy(d, r, "variable");
                }
            }
            case "SetVariableMonitoring" -> {
                ArrayNode results = out.putArray("setMonitoringResult");
                int n = 0;
                for (JsonNode d : request.path("setMonitoringData")) {
                    n++;
                    ObjectNode r = results.addObject();
                    r.put("id", d.has("id") ? d.get("id").asInt() : n);
                    r.put("status", "Accepted");
                    copy(d, r, "type");
                    copy(d, r, "severity");
                    copy(d, r, "component");
                    copy(d, r, "variable");
                }
            }
            case "ClearVariableMonitoring" -> {
                ArrayNode results = out.putArray("clearMonitoringResult");
                for (JsonNode id : request.path("id")) {
                    results.addObject().put("status", "Accepted").put("id", id.asInt());
                }
            }
            case "GetCompositeSchedule" -> {
                String unit = request.path("chargingRateUnit").asText("W");
                out.put("status", "Accepted");
                ObjectNode s = out.putObject("schedule");
                s.put("evseId", request.path("evseId").asInt(0));
                s.put("duration", request.path("duration").asInt(0));
                s.put("scheduleStart", OcppJson.format(OffsetDateTime.now(clock)));
                s.put("chargingRateUnit", unit);
                s.putArray("chargingSchedulePeriod").addObject().put("startPeriod", 0)
                        .put("limit", "A".equals(unit) ? 32.0 : 22000.0);
            }
            case "GetInstalledCertificateIds" -> {
                out.put("status", "Accepted");
                ArrayNode chains = out.putArray("certificateHashDataChain");
                JsonNode types = request.path("certificateType");
                if (types.isArray() && !types.isEmpty()) {
                    int serial = 1000;
                    for (JsonNode t : types) {
                        chains.add(chain(t.asText(), ++serial));
                    }
                } else {
                    chains.add(chain("CSMSRootCertificate", 1001));
                }
            }
            default -> throw new IllegalArgumentException("no default answer of a 2.0.1 charging station to " + action);
        }
        return out;
    }

    private static void getVariables(ObjectNode request, ObjectNode out) {
        ArrayNode results = out.putArray("getVariableResult");
        for (JsonNode d : request.path("getVariableData")) {
            ObjectNode r = results.addObject();
            String attributeType = d.path("attributeType").asText("Actual");
            Map<String, String> component = VARIABLES.get(d.path("component").path("name").asText());
            String value = component == null ? null : component.get(d.path("variable").path("name").asText());
            String status;
            if (component == null) {
                status = "UnknownComponent";
            } else if (value == null) {
                status = "UnknownVariable";
            } else if (!"Actual".equals(attributeType)) {
                status = "NotSupportedAttributeType";
            } else {
                status = "Accepted";
            }
            r.put("attributeStatus", status);
            copy(d, r, "attributeType");
            if ("Accepted".equals(status)) {
                r.put("attributeValue", value);
            }
            copy(d, r, "component");
            copy(d, r, "variable");
        }
    }

    private static ObjectNode chain(String type, int serial) {
        ObjectNode c = OcppJson.mapper().createObjectNode();
        c.put("certificateType", type);
        c.putObject("certificateHashData")
                .put("hashAlgorithm", "SHA256")
                .put("issuerNameHash", "5f0b7a3e1d4c9b2a8e6f0d1c3b5a7e9f2d4c6b8a0e1f3d5c7b9a1e3f5d7c9b0a")
                .put("issuerKeyHash", "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90")
                .put("serialNumber", Integer.toString(serial));
        return c;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull()) {
            to.set(field, v.deepCopy());
        }
    }

    private static String fileTime(Clock clock) {
        return FILE_TIME.format(OffsetDateTime.now(clock));
    }

    private static Map<String, Map<String, String>> variables() {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        m.put("OCPPCommCtrlr", Map.of(
                "HeartbeatInterval", "60",
                "MessageTimeout", "30",
                "NetworkConfigurationPriority", "0",
                "NetworkProfileConnectionAttempts", "3",
                "OfflineThreshold", "60",
                "ResetRetries", "3",
                "RetryBackOffRandomRange", "10",
                "RetryBackOffRepeatTimes", "5",
                "RetryBackOffWaitMinimum", "10",
                "WebSocketPingInterval", "30"));
        m.put("AuthCtrlr", Map.of(
                "AuthorizeRemoteStart", "true",
                "LocalAuthorizeOffline", "true",
                "LocalPreAuthorize", "false"));
        m.put("TxCtrlr", Map.of(
                "EVConnectionTimeOut", "60",
                "StopTxOnEVSideDisconnect", "true",
                "StopTxOnInvalidId", "true",
                "TxStartPoint", "EVConnected,Authorized",
                "TxStopPoint", "EVConnected,Authorized"));
        m.put("SampledDataCtrlr", Map.of(
                "TxEndedMeasurands", "Energy.Active.Import.Register",
                "TxEndedInterval", "0",
                "TxUpdatedMeasurands", "Energy.Active.Import.Register",
                "TxUpdatedInterval", "60"));
        m.put("SecurityCtrlr", Map.of(
                "OrganizationName", "dev.ocpp",
                "SecurityProfile", "1"));
        m.put("DeviceDataCtrlr", Map.of(
                "ItemsPerMessage", "50",
                "BytesPerMessage", "65000"));
        m.put("LocalAuthListCtrlr", Map.of(
                "Enabled", "true",
                "Entries", "0"));
        m.put("ChargingStation", Map.of(
                "AvailabilityState", "Available",
                "Available", "true"));
        return java.util.Collections.unmodifiableMap(m);
    }
}
