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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default answers a station gives to a CSMS-initiated CALL, OCPP 2.0.1 (every action the CSMS sends, Part 2
 * functional blocks A-P, DataTransfer included): the answer of a station that does what it is asked and remembers
 * what it was told. One per simulated station.
 *
 * <ul>
 *   <li>Every action with a status answers {@code Accepted}, with the exceptions below and these: UnlockConnector
 *       {@code Unlocked} (F05), UnpublishFirmware {@code Unpublished} (L04), GetChargingProfiles {@code NoProfiles}
 *       (K09: the station sends no ReportChargingProfiles) and GetDisplayMessages {@code Unknown} (O02): an
 *       {@code Accepted} there would promise a report that never comes.</li>
 *   <li>GetVariables (B06) answers one result per requested variable, mirroring its component, variable and
 *       attribute type: {@code Accepted} with the value a SetVariables gave it, else that of {@link #VARIABLES} for
 *       a known component and variable (instances and EVSEs are not told apart there; OCPPCommCtrlr.HeartbeatInterval
 *       is the one in force), {@code UnknownComponent} for a component not in the table, {@code UnknownVariable} for
 *       an unknown variable of a known component, {@code NotSupportedAttributeType} for an attribute type other
 *       than {@code Actual}.</li>
 *   <li>SetVariables (B05) answers {@code Accepted} for every variable, mirroring the request, and keeps the value,
 *       but {@code Rejected} for the read-only {@code SecurityCtrlr.SecurityProfile} (A05, B09);
 *       {@code OCPPCommCtrlr.NetworkConfigurationPriority} is the {@link StationState}'s, set
 *       ({@code RebootRequired}) only when each entry names a configured slot, else {@code Rejected};
 *       SetNetworkProfile (B09) is {@code Rejected} for a slot other than 0-2 (B09.FR.05), a profile below the
 *       one the station reports (B09.FR.04), one it lacks what it needs for
 *       ({@link StationDefaults#hasWhatProfileNeeds}, A05.FR.02/03) or a URL whose scheme does not fit the profile,
 *       else the slot keeps it, {@code Accepted}; InstallCertificate of a CSMSRootCertificate keeps it
 *       ({@code Rejected} if it is no X.509 PEM), other certificates are {@code Accepted} unread;
 *       SetVariableMonitoring (N04) and ClearVariableMonitoring (N06) answer {@code Accepted} per monitor (a new
 *       monitor without an id gets id 1, 2, ... in request order).</li>
 *   <li>ReserveNow (H01) keeps the reservation ({@code Rejected} for an EVSE the station does not have);
 *       CancelReservation (H02) is {@code Accepted} for a reservation kept, and forgets it, else {@code Rejected}.
 *   </li>
 *   <li>SendLocalList (D01) keeps the version number, which GetLocalListVersion (D02) reports (0 before).</li>
 *   <li>SetChargingProfile (K01) keeps the profile's id, EVSE, purpose and stack level; ClearChargingProfile (K10)
 *       removes the profile of the id, or without one every profile matching the criteria given (all when none
 *       is): {@code Accepted} if it removed one, else {@code Unknown}.</li>
 *   <li>TriggerMessage (F06) is {@code Accepted} for BootNotification, Heartbeat, StatusNotification, MeterValues,
 *       FirmwareStatusNotification, LogStatusNotification, SignChargingStationCertificate, and TransactionEvent
 *       while a transaction is on; {@code Rejected} for an EVSE the station does not have or a TransactionEvent
 *       without a transaction; {@code NotImplemented} for the messages it cannot send (V2G certificates,
 *       PublishFirmwareStatusNotification).</li>
 *   <li>UpdateFirmware (L01) of a signed firmware answers {@code InvalidCertificate}: no manufacturer root
 *       certificate is installed, so no signing certificate is trusted (L01.FR.21/22); an unsigned one is
 *       {@code Rejected}.</li>
 *   <li>GetTransactionStatus (E14) says no messages are queued and, when asked about a transaction, that it is not
 *       ongoing; GetLog (N01) names a file made of the current time; GetCompositeSchedule (K08) answers one period
 *       without a limit below 32 A / 22 kW; GetInstalledCertificateIds (M03) answers one made-up certificate hash
 *       per asked type.</li>
 * </ul>
 * The follow-up messages of some answers (LogStatusNotification, SecurityEventNotification, triggered messages) are
 * {@code SimulatedStation}'s.
 */
final class StationDefaults201 implements StationDefaults {

    /** Component name, then variable name, to the initial value of its {@code Actual} attribute. */
    static final Map<String, Map<String, String>> VARIABLES = variables();

    /** The messages a TriggerMessage may ask for that the station sends (F06). */
    private static final Set<String> TRIGGERABLE = Set.of("BootNotification", "Heartbeat", "StatusNotification",
            "MeterValues", "FirmwareStatusNotification", "LogStatusNotification", "SignChargingStationCertificate",
            "TransactionEvent");

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private volatile View view = FRESH;
    /** Values set with SetVariables, by component, variable and instance. */
    private final Map<String, String> set = new ConcurrentHashMap<>();
    private final StationState state = new StationState();

    @Override
    public void view(View view) {
        this.view = java.util.Objects.requireNonNull(view, "view");
    }

    @Override
    public StationState state() {
        return state;
    }

    /** A schema-valid default answer to {@code action}; see {@link VersionKit#defaultAnswer}. */
    @Override
    public ObjectNode answer(String action, ObjectNode request, Clock clock) {
        ObjectNode out = OcppJson.mapper().createObjectNode();
        switch (action) {
            case "CertificateSigned", "ChangeAvailability", "ClearCache",
                    "ClearDisplayMessage", "CustomerInformation", "DataTransfer", "DeleteCertificate", "GetBaseReport",
                    "GetMonitoringReport", "GetReport", "PublishFirmware",
                    "RequestStartTransaction", "RequestStopTransaction", "Reset",
                    "SetDisplayMessage", "SetMonitoringBase", "SetMonitoringLevel" -> out.put("status", "Accepted");
            // A CSMS root is kept (it is what profile 2 and 3 trust, A05.FR.02); other certificates are not read.
            case "InstallCertificate" -> out.put("status",
                    !"CSMSRootCertificate".equals(request.path("certificateType").asText())
                            || state.installCsmsRoot(request.path("certificate").asText()) ? "Accepted" : "Rejected");
            case "ReserveNow" -> out.put("status", state.reserve(request.path("evseId").asInt(0),
                    request.path("id").asInt(), view.connectors()) ? "Accepted" : "Rejected");
            case "CancelReservation" -> out.put("status",
                    state.cancelReservation(request.path("reservationId").asInt()) ? "Accepted" : "Rejected");
            case "SendLocalList" -> {
                state.localListVersion(request.path("versionNumber").asInt());
                out.put("status", "Accepted");
            }
            case "GetLocalListVersion" -> out.put("versionNumber", state.localListVersion());
            case "SetChargingProfile" -> {
                JsonNode p = request.path("chargingProfile");
                state.setProfile(p.path("id").asInt(), request.path("evseId").asInt(),
                        p.path("chargingProfilePurpose").asText(), p.path("stackLevel").asInt());
                out.put("status", "Accepted");
            }
            case "ClearChargingProfile" -> {
                JsonNode c = request.path("chargingProfileCriteria");
                boolean cleared = state.clearProfiles(StationDefaults.integer(request, "chargingProfileId"),
                        StationDefaults.integer(c, "evseId"), StationDefaults.text(c, "chargingProfilePurpose"),
                        StationDefaults.integer(c, "stackLevel"));
                out.put("status", cleared ? "Accepted" : "Unknown");
            }
            case "TriggerMessage" -> {
                String requested = request.path("requestedMessage").asText();
                JsonNode evse = request.path("evse").get("id");
                out.put("status", !TRIGGERABLE.contains(requested) ? "NotImplemented" : StationDefaults
                        .triggerStatus(view, requested, evse == null ? null : evse.asInt()));
            }
            // No manufacturer root is installed, so no signing certificate is trusted (L01.FR.21/22).
            case "UpdateFirmware" -> out.put("status",
                    request.path("firmware").hasNonNull("signingCertificate") ? "InvalidCertificate" : "Rejected");
            case "UnlockConnector" -> out.put("status", "Unlocked");
            case "UnpublishFirmware" -> out.put("status", "Unpublished");
            case "GetChargingProfiles" -> out.put("status", "NoProfiles");
            case "GetDisplayMessages" -> out.put("status", "Unknown");
            case "CostUpdated" -> {
                // The answer has no fields (I03).
            }
            case "GetLog" -> out.put("status", "Accepted").put("filename", "log-" + fileTime(clock) + ".log");
            case "GetTransactionStatus" -> {
                if (request.hasNonNull("transactionId")) {
                    out.put("ongoingIndicator", false);
                }
                out.put("messagesInQueue", false);
            }
            case "SetNetworkProfile" -> out.put("status", setNetworkProfile(request));
            case "GetVariables" -> getVariables(request, out);
            case "SetVariables" -> {
                ArrayNode results = out.putArray("setVariableResult");
                for (JsonNode d : request.path("setVariableData")) {
                    ObjectNode r = results.addObject();
                    copy(d, r, "attributeType");
                    // SecurityProfile only reports the profile; an upgrade goes through SetNetworkProfile (A05, B09).
                    boolean readOnly = d.path("component").path("name").asText().equals("SecurityCtrlr")
                            && d.path("variable").path("name").asText().equals("SecurityProfile");
                    boolean actual = "Actual".equals(d.path("attributeType").asText("Actual"));
                    if (actual && isNetworkPriority(d)) {
                        // Each entry must name a configured slot; the new order counts from the next reboot (B10).
                        r.put("attributeStatus", state.networkPriority(d.path("attributeValue").asText())
                                ? "RebootRequired" : "Rejected");
                    } else {
                        r.put("attributeStatus", readOnly ? "Rejected" : "Accepted");
                        if (!readOnly && actual) {
                            set.put(key(d), d.path("attributeValue").asText());
                        }
                    }
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

    /**
     * SetNetworkProfile (B09): {@code Rejected} for a slot the station does not have (B09.FR.05), a security profile
     * below the one in force (B09.FR.04), one the station lacks what it needs for (A05.FR.02/03: a CSMS root for 2
     * and 3, a client certificate for 3; a password for 1 and 2), or a URL whose scheme does not fit it (profiles 2
     * and 3 over {@code wss://} only, 1 over {@code ws://}: A00.FR.005); else the slot keeps it, {@code Accepted}.
     */
    private String setNetworkProfile(ObjectNode request) {
        int slot = request.path("configurationSlot").asInt(-1);
        JsonNode data = request.path("connectionData");
        int profile = data.path("securityProfile").asInt(-1);
        if (slot < 0 || slot >= StationState.NETWORK_SLOTS || profile < Math.max(1, view.securityProfile())
                || profile > 3 || !StationDefaults.hasWhatProfileNeeds(profile, view, state)) {
            return "Rejected";
        }
        java.net.URI url;
        try {
            url = new java.net.URI(data.path("ocppCsmsUrl").asText());
        } catch (java.net.URISyntaxException e) {
            return "Rejected";
        }
        if (url.getHost() == null || !(profile >= 2 ? "wss" : "ws").equalsIgnoreCase(url.getScheme())) {
            return "Rejected";
        }
        state.networkSlot(slot, new StationState.NetworkSlot(url, profile, null));
        return "Accepted";
    }

    private static boolean isNetworkPriority(JsonNode data) {
        return data.path("component").path("name").asText().equals("OCPPCommCtrlr")
                && data.path("variable").path("name").asText().equals("NetworkConfigurationPriority");
    }

    private void getVariables(ObjectNode request, ObjectNode out) {
        ArrayNode results = out.putArray("getVariableResult");
        for (JsonNode d : request.path("getVariableData")) {
            ObjectNode r = results.addObject();
            String attributeType = d.path("attributeType").asText("Actual");
            String componentName = d.path("component").path("name").asText();
            String variableName = d.path("variable").path("name").asText();
            Map<String, String> component = VARIABLES.get(componentName);
            String value = isNetworkPriority(d) ? state.networkPriority() : set.get(key(d));
            if (value == null && component != null) {
                value = componentName.equals("OCPPCommCtrlr") && variableName.equals("HeartbeatInterval")
                        ? Long.toString(view.heartbeatInterval().toSeconds())
                        // 2.0.1 has no profile 0: a station without credentials reports the lowest, 1.
                        : componentName.equals("SecurityCtrlr") && variableName.equals("SecurityProfile")
                        ? Integer.toString(Math.max(1, view.securityProfile())) : component.get(variableName);
            }
            String status;
            if (value != null && "Actual".equals(attributeType)) {
                status = "Accepted";
            } else if (component == null && value == null) {
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

    /** The key of a variable's set value: component, variable and instance (the EVSE is not told apart). */
    private static String key(JsonNode data) {
        return data.path("component").path("name").asText() + "/" + data.path("variable").path("name").asText()
                + "/" + data.path("variable").path("instance").asText("");
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
