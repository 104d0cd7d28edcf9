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
 * The default answers a station gives to a CSMS-initiated CALL, OCPP 1.6 (the 18 Central System actions of 1.6
 * edition 2 §3.3, the 7 of the security extension §5, and DataTransfer, which both sides send): the answer of a
 * station that does what it is asked.
 *
 * <ul>
 *   <li>Every action with a status answers {@code Accepted} ({@code Unlocked} for UnlockConnector, §5.18), except a
 *       ChangeConfiguration of {@code SecurityProfile}: {@code Rejected} (security extension A05; the station has
 *       no key material for a higher profile, and a lower or equal one is never allowed).</li>
 *   <li>GetConfiguration (§5.8) reports the keys of {@link #CONFIGURATION} that were asked for (all of them when
 *       none was) and lists every other key asked for under {@code unknownKey}. The values are fixed: they do not
 *       follow a ChangeConfiguration, nor the station's real connector count or heartbeat interval.</li>
 *   <li>GetLocalListVersion (§5.10) answers 0 (a local list is supported and empty).</li>
 *   <li>GetDiagnostics (§5.9) and GetLog (security extension) name a file made of the current time.</li>
 *   <li>GetCompositeSchedule (§5.7) answers one period without a limit below 32 A / 22 kW over the asked
 *       duration.</li>
 *   <li>GetInstalledCertificateIds (security extension) answers one made-up certificate hash.</li>
 *   <li>UpdateFirmware (§5.19) has an empty answer.</li>
 * </ul>
 * No follow-up message (DiagnosticsStatusNotification, LogStatusNotification, ...) is part of a default answer.
 */
final class StationDefaults16 {

    /**
     * The configuration keys a simulated 1.6 station reports (1.6 §9.1 core keys and §9.2-9.4 of the optional
     * profiles), with their fixed values; {@code true} marks a read-only key.
     */
    static final Map<String, Map.Entry<String, Boolean>> CONFIGURATION = configuration();

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private StationDefaults16() {
    }

    /** A schema-valid default answer to {@code action}; see {@link VersionKit#defaultAnswer}. */
    static ObjectNode answer(String action, ObjectNode request, Clock clock) {
        ObjectNode out = OcppJson.mapper().createObjectNode();
        switch (action) {
            // Never a lower or equal security profile (security extension A05.FR.01), and no higher one either: the
            // simulated station has no key material to connect with on a higher profile.
            case "ChangeConfiguration" -> out.put("status",
                    "SecurityProfile".equals(request.path("key").asText()) ? "Rejected" : "Accepted");
            case "CancelReservation", "ChangeAvailability", "ClearCache", "ClearChargingProfile",
                    "DataTransfer", "RemoteStartTransaction", "RemoteStopTransaction", "ReserveNow", "Reset",
                    "SendLocalList", "SetChargingProfile", "TriggerMessage", "CertificateSigned", "DeleteCertificate",
                    "ExtendedTriggerMessage", "InstallCertificate", "SignedUpdateFirmware" -> out.put("status", "Accepted");
            case "UnlockConnector" -> out.put("status", "Unlocked");
            case "UpdateFirmware" -> {
                // The answer has no fields (1.6 §5.19).
            }
            case "GetLocalListVersion" -> out.put("listVersion", 0);
            case "GetDiagnostics" -> out.put("fileName", "diagnostics-" + fileTime(clock) + ".log");
            case "GetLog" -> out.put("status", "Accepted").put("filename", "log-" + fileTime(clock) + ".log");
            case "GetConfiguration" -> getConfiguration(request, out);
            case "GetCompositeSchedule" -> compositeSchedule(request, out, clock);
            case "GetInstalledCertificateIds" -> {
                out.put("status", "Accepted");
                out.putArray("certificateHashData").addObject()
                        .put("hashAlgorithm", "SHA256")
                        .put("issuerNameHash", "5f0b7a3e1d4c9b2a8e6f0d1c3b5a7e9f2d4c6b8a0e1f3d5c7b9a1e3f5d7c9b0a")
                        .put("issuerKeyHash", "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90")
                        .put("serialNumber", "1001");
            }
            default -> throw new IllegalArgumentException("no default answer of a 1.6 charge point to " + action);
        }
        return out;
    }

    private static void getConfiguration(ObjectNode request, ObjectNode out) {
        JsonNode keys = request.path("key");
        ArrayNode known = OcppJson.mapper().createArrayNode();
        ArrayNode unknown = OcppJson.mapper().createArrayNode();
        if (!keys.isArray() || keys.isEmpty()) {
            CONFIGURATION.forEach((k, v) -> known.add(keyValue(k, v)));
        } else {
            for (JsonNode k : keys) {
                Map.Entry<String, Boolean> v = CONFIGURATION.get(k.asText());
                if (v == null) {
                    unknown.add(k.asText());
                } else {
                    known.add(keyValue(k.asText(), v));
                }
            }
        }
        if (!known.isEmpty()) {
            out.set("configurationKey", known);
        }
        if (!unknown.isEmpty()) {
            out.set("unknownKey", unknown);
        }
    }

    private static ObjectNode keyValue(String key, Map.Entry<String, Boolean> value) {
        return OcppJson.mapper().createObjectNode().put("key", key).put("readonly", value.getValue())
                .put("value", value.getKey());
    }

    private static void compositeSchedule(ObjectNode request, ObjectNode out, Clock clock) {
        String unit = request.path("chargingRateUnit").asText("W");
        out.put("status", "Accepted");
        out.put("connectorId", request.path("connectorId").asInt(0));
        out.put("scheduleStart", OcppJson.format(OffsetDateTime.now(clock)));
        ObjectNode schedule = out.putObject("chargingSchedule");
        schedule.put("duration", request.path("duration").asInt(0));
        schedule.put("chargingRateUnit", unit);
        schedule.putArray("chargingSchedulePeriod").addObject()
                .put("startPeriod", 0)
                .put("limit", "A".equals(unit) ? 32.0 : 22000.0);
    }

    private static String fileTime(Clock clock) {
        return FILE_TIME.format(OffsetDateTime.now(clock));
    }

    private static Map<String, Map.Entry<String, Boolean>> configuration() {
        Map<String, Map.Entry<String, Boolean>> m = new LinkedHashMap<>();
        rw(m, "AuthorizeRemoteTxRequests", "true");
        rw(m, "ClockAlignedDataInterval", "0");
        rw(m, "ConnectionTimeOut", "60");
        ro(m, "GetConfigurationMaxKeys", "50");
        rw(m, "HeartbeatInterval", "60");
        rw(m, "LocalAuthorizeOffline", "true");
        rw(m, "LocalPreAuthorize", "false");
        rw(m, "MeterValuesAlignedData", "Energy.Active.Import.Register");
        rw(m, "MeterValuesSampledData", "Energy.Active.Import.Register");
        rw(m, "MeterValueSampleInterval", "60");
        ro(m, "NumberOfConnectors", "1");
        rw(m, "ResetRetries", "3");
        rw(m, "SecurityProfile", "0");
        rw(m, "StopTransactionOnEVSideDisconnect", "true");
        rw(m, "StopTransactionOnInvalidId", "true");
        rw(m, "StopTxnAlignedData", "");
        rw(m, "StopTxnSampledData", "Energy.Active.Import.Register");
        ro(m, "SupportedFeatureProfiles",
                "Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger");
        rw(m, "TransactionMessageAttempts", "3");
        rw(m, "TransactionMessageRetryInterval", "60");
        rw(m, "UnlockConnectorOnEVSideDisconnect", "true");
        rw(m, "WebSocketPingInterval", "30");
        rw(m, "LocalAuthListEnabled", "true");
        ro(m, "LocalAuthListMaxLength", "100");
        ro(m, "SendLocalListMaxLength", "100");
        ro(m, "ChargeProfileMaxStackLevel", "8");
        ro(m, "ChargingScheduleAllowedChargingRateUnit", "Current,Power");
        ro(m, "ChargingScheduleMaxPeriods", "24");
        ro(m, "MaxChargingProfilesInstalled", "10");
        rw(m, "SecurityProfile", "0");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static void rw(Map<String, Map.Entry<String, Boolean>> m, String key, String value) {
        m.put(key, Map.entry(value, false));
    }

    private static void ro(Map<String, Map.Entry<String, Boolean>> m, String key, String value) {
        m.put(key, Map.entry(value, true));
    }
}
