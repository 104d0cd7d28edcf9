package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.typed.OcppJson;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import dev.ocpp.security.pki.CertificateHash;
import dev.ocpp.security.pki.HashAlgorithm;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The default answers a station gives to a CSMS-initiated CALL, OCPP 2.0.1 (every action the CSMS sends, Part 2
 * functional blocks A-P, DataTransfer included): the answer of a station that does what it is asked and remembers
 * what it was told. One per simulated station.
 *
 * <ul>
 *   <li>Every action with a status answers {@code Accepted}, with the exceptions below and these: UnlockConnector
 *       {@code Unlocked} (F05), UnpublishFirmware {@code Unpublished} (L04).</li>
 *   <li>GetVariables (B06) and SetVariables (B05) read and write the {@link DeviceModel201 device model}, one result
 *       per requested variable mirroring its component, variable and attribute type: {@code UnknownComponent} /
 *       {@code UnknownVariable} for what the model does not have (instances and EVSEs as named),
 *       {@code NotSupportedAttributeType} for an attribute other than Actual; GetVariables {@code Accepted} with the
 *       value (the station's own for the heartbeat interval, security profile, availability and queue retry
 *       settings); SetVariables {@code Rejected} for a ReadOnly variable (SecurityCtrlr.SecurityProfile among them:
 *       an upgrade goes through SetNetworkProfile, A05/B09) or a value that does not fit its data type, else
 *       {@code Accepted} and kept; {@code OCPPCommCtrlr.NetworkConfigurationPriority} is the {@link StationState}'s,
 *       set ({@code RebootRequired}) only when each entry names a configured slot, else {@code Rejected}.</li>
 *   <li>GetBaseReport (B07) is {@code Accepted} for FullInventory, ConfigurationInventory and SummaryInventory,
 *       {@code NotSupported} for another base; GetReport (B08) {@code Accepted} when its componentVariable /
 *       componentCriteria select any variable, else {@code EmptyResultSet}. The NotifyReports that follow are made
 *       by {@link #reports}.</li>
 *   <li>SetNetworkProfile (B09) is {@code Rejected} for a slot other than 0-2 (B09.FR.05), a profile below the
 *       one the station reports (B09.FR.04), one it lacks what it needs for
 *       ({@link StationDefaults#hasWhatProfileNeeds}, A05.FR.02/03) or a URL whose scheme does not fit the profile,
 *       else the slot keeps it, {@code Accepted}; InstallCertificate of a CSMSRootCertificate keeps it
 *       ({@code Rejected} if it is no X.509 PEM, or a new one when {@link StationState#MAX_CSMS_ROOTS} are kept,
 *       SecurityCtrlr.CertificateEntries' maxLimit; the same one again is {@code Accepted} and kept once), other
 *       certificates are {@code Accepted} unread;
 *       SetVariableMonitoring (N04) and ClearVariableMonitoring (N06) answer {@code Accepted} per monitor (a new
 *       monitor without an id gets id 1, 2, ... in request order).</li>
 *   <li>SetDisplayMessage (O01) keeps the message, {@code Accepted}, replacing one of the same id ({@code Rejected}
 *       for a new id when {@link StationState#MAX_DISPLAY_MESSAGES} are kept, DisplayMessageCtrlr.DisplayMessages'
 *       maxLimit); GetDisplayMessages (O02) is {@code Accepted} when any kept message matches its ids, priority and
 *       state, else {@code Unknown}; ClearDisplayMessage (O05) {@code Accepted} for a kept message, which it
 *       forgets, else {@code Unknown}.</li>
 *   <li>ReserveNow (H01) keeps the reservation until its expiryDateTime ({@code Rejected} for an EVSE the station
 *       does not have); CancelReservation (H02) is {@code Accepted} for a reservation kept and not expired by the
 *       station's clock, and forgets it, else {@code Rejected}.</li>
 *   <li>SendLocalList (D01) keeps the version number, which GetLocalListVersion (D02) reports (0 before).</li>
 *   <li>SetChargingProfile (K01) keeps the profile on its EVSE (0: the station), replacing one of the same id
 *       ({@code Rejected} for a TxProfile without a transaction on its EVSE, or of another transaction;
 *       {@code Rejected} for a new id when {@link StationState#MAX_CHARGING_PROFILES} are kept,
 *       SmartChargingCtrlr.Entries[ChargingProfiles]' maxLimit); GetChargingProfiles (K09) is {@code Accepted} when
 *       any kept profile matches its evseId and criteria (purpose, stack level, ids, limit source: every profile
 *       here is the CSO's), else {@code NoProfiles}; ClearChargingProfile (K10) removes the profile of the id, or
 *       without one every profile matching the criteria given (all when none is): {@code Accepted} if it removed
 *       one, else {@code Unknown}.</li>
 *   <li>TriggerMessage (F06) is {@code Accepted} for BootNotification (before the boot was accepted: F06.FR.17),
 *       Heartbeat, StatusNotification, MeterValues,
 *       FirmwareStatusNotification, LogStatusNotification, SignChargingStationCertificate, and TransactionEvent
 *       while a transaction is on; {@code Rejected} for an EVSE the station does not have or a TransactionEvent
 *       without a transaction; {@code NotImplemented} for the messages it cannot send (V2G certificates,
 *       PublishFirmwareStatusNotification).</li>
 *   <li>UpdateFirmware (L01) of a signed firmware answers {@code InvalidCertificate}: no manufacturer root
 *       certificate is installed, so no signing certificate is trusted (L01.FR.21/22); an unsigned one is
 *       {@code Rejected}.</li>
 *   <li>GetTransactionStatus (E14) says whether the delivery queue holds messages (of the transaction asked about,
 *       or any) and whether that transaction is on; GetLog (N01) names a file made of the current time;
 *       GetCompositeSchedule (K08) answers one period without a limit below 32 A / 22 kW;
 *       GetInstalledCertificateIds (M03) lists the CSMSRootCertificates installed ({@code NotFound} when none or for
 *       other types), DeleteCertificate (M04) deletes one of them
 *       ({@code Failed} for the last while the station's TLS connection trusts it, M04.FR.06; else
 *       {@code NotFound}), CertificateSigned is {@code Rejected}: the key of the station's request was not kept.</li>
 * </ul>
 * The reports that follow an accepted GetBaseReport, GetReport, GetChargingProfiles or GetDisplayMessages are made
 * here ({@link #reports}) and sent by {@code SimulatedStation} once the answer went out, as are the other follow-up
 * messages (LogStatusNotification, SecurityEventNotification, ReservationStatusUpdate, triggered messages).
 */
final class StationDefaults201 implements StationDefaults {

    /** The messages a TriggerMessage may ask for that the station sends (F06). */
    private static final Set<String> TRIGGERABLE = Set.of("BootNotification", "Heartbeat", "StatusNotification",
            "MeterValues", "FirmwareStatusNotification", "LogStatusNotification", "SignChargingStationCertificate",
            "TransactionEvent");

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private volatile View view = FRESH;
    private final StationState state = new StationState();
    /** The components and variables GetVariables, SetVariables and the reports read (B05-B08). */
    private final DeviceModel201 model = new DeviceModel201(() -> view, state);

    @Override
    public int profileAttempts() {
        return model.networkProfileConnectionAttempts();
    }

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
            case "ChangeAvailability", "ClearCache",
                    "CustomerInformation", "DataTransfer",
                    "GetMonitoringReport", "PublishFirmware",
                    "SetMonitoringBase", "SetMonitoringLevel" -> out.put("status", "Accepted");
            // F01/F02: an EVSE it has that is not charging (a cable in it is fine: F02), or any when none is named.
            case "RequestStartTransaction" -> out.put("status", StationDefaults.canStartRemotely(view,
                    request.get("evseId")) ? "Accepted" : "Rejected");
            // F03: only a transaction that is on can be stopped.
            case "RequestStopTransaction" -> out.put("status", view.runningTransaction(
                    request.path("transactionId").asText()) ? "Accepted" : "Rejected");
            // B11/B12: OnIdle waits for the transactions to end (Scheduled); an EVSE reset changes nothing here.
            case "Reset" -> out.put("status", "OnIdle".equals(request.path("type").asText())
                    && !request.hasNonNull("evseId") && anyTransaction() ? "Scheduled" : "Accepted");
            case "GetBaseReport" -> {
                List<ObjectNode> data = model.baseReport(request.path("reportBase").asText());
                out.put("status", data == null ? "NotSupported" : data.isEmpty() ? "EmptyResultSet" : "Accepted");
            }
            case "GetReport" -> out.put("status", report(request).isEmpty() ? "EmptyResultSet" : "Accepted");
            case "SetDisplayMessage" -> out.put("status", state.displayMessage(
                    request.path("message").path("id").asInt(), (ObjectNode) request.path("message"))
                    ? "Accepted" : "Rejected");
            case "GetDisplayMessages" -> out.put("status", displayMessages(request).isEmpty() ? "Unknown" : "Accepted");
            case "ClearDisplayMessage" -> out.put("status",
                    state.clearDisplayMessage(request.path("id").asInt()) ? "Accepted" : "Unknown");
            // A CSMS root is kept (it is what profile 2 and 3 trust, A05.FR.02); other certificates are not read.
            case "InstallCertificate" -> out.put("status",
                    !"CSMSRootCertificate".equals(request.path("certificateType").asText())
                            || state.installCsmsRoot(request.path("certificate").asText()) ? "Accepted" : "Rejected");
            // H01: an EVSE in use cannot be reserved.
            case "ReserveNow" -> out.put("status", StationDefaults.occupied(view, request.path("evseId").asInt(0))
                    ? "Occupied" : state.reserve(request.path("evseId").asInt(0),
                    request.path("id").asInt(), view.connectors(),
                    StationDefaults.instant(request, "expiryDateTime"), request.at("/idToken/idToken").asText())
                    ? "Accepted" : "Rejected");
            // An expired reservation is gone (H04), whether or not its ReservationStatusUpdate went out yet.
            case "CancelReservation" -> out.put("status", state.cancelReservation(
                    request.path("reservationId").asInt(), clock.instant()) ? "Accepted" : "Rejected");
            case "SendLocalList" -> {
                state.localListVersion(request.path("versionNumber").asInt());
                out.put("status", "Accepted");
            }
            case "GetLocalListVersion" -> out.put("versionNumber", state.localListVersion());
            case "SetChargingProfile" -> {
                JsonNode p = request.path("chargingProfile");
                // K01: a TxProfile is for the transaction running on its EVSE, never in advance.
                boolean forTransaction = !"TxProfile".equals(p.path("chargingProfilePurpose").asText())
                        || StationDefaults.transactionOn(view, request.path("evseId").asInt(),
                                p.hasNonNull("transactionId") ? p.get("transactionId").asText() : null);
                boolean kept = forTransaction && state.setProfile(p.path("id").asInt(), request.path("evseId").asInt(),
                        p.path("chargingProfilePurpose").asText(), p.path("stackLevel").asInt(), p);
                out.put("status", kept ? "Accepted" : "Rejected");
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
                // F06.FR.17: a station whose boot was accepted does not boot again on request.
                out.put("status", !TRIGGERABLE.contains(requested) ? "NotImplemented"
                        : requested.equals("BootNotification") && view.registered() ? "Rejected"
                        : StationDefaults.triggerStatus(view, requested, evse == null ? null : evse.asInt()));
            }
            // No manufacturer root is installed, so no signing certificate is trusted (L01.FR.21/22).
            case "UpdateFirmware" -> out.put("status",
                    request.path("firmware").hasNonNull("signingCertificate") ? "InvalidCertificate" : "Rejected");
            case "UnlockConnector" -> out.put("status", "Unlocked");
            case "UnpublishFirmware" -> out.put("status", "Unpublished");
            case "GetChargingProfiles" -> out.put("status",
                    chargingProfiles(request).isEmpty() ? "NoProfiles" : "Accepted");
            case "CostUpdated" -> {
                // The answer has no fields (I03).
            }
            case "GetLog" -> out.put("status", "Accepted").put("filename", "log-" + fileTime(clock) + ".log");
            // E14: from the delivery queue and the transactions on.
            case "GetTransactionStatus" -> {
                String id = request.hasNonNull("transactionId") ? request.get("transactionId").asText() : null;
                if (id != null) {
                    out.put("ongoingIndicator", view.runningTransaction(id));
                }
                out.put("messagesInQueue", view.messagesQueued(id));
            }
            case "SetNetworkProfile" -> out.put("status", setNetworkProfile(request));
            case "GetVariables" -> getVariables(request, out);
            case "SetVariables" -> {
                ArrayNode results = out.putArray("setVariableResult");
                for (JsonNode d : request.path("setVariableData")) {
                    ObjectNode r = results.addObject();
                    copy(d, r, "attributeType");
                    model.set(d, r);
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
            // M03: the CSMS roots installed, when asked for them or for every type; no other certificate is kept.
            case "GetInstalledCertificateIds" -> {
                JsonNode types = request.path("certificateType");
                boolean roots = !types.isArray() || types.isEmpty() || java.util.stream.StreamSupport
                        .stream(types.spliterator(), false).anyMatch(t -> "CSMSRootCertificate".equals(t.asText()));
                List<CertificateHash> hashes = roots ? state.csmsRootHashes(HashAlgorithm.SHA256) : List.of();
                out.put("status", hashes.isEmpty() ? "NotFound" : "Accepted");
                if (!hashes.isEmpty()) {
                    ArrayNode chains = out.putArray("certificateHashDataChain");
                    hashes.forEach(h -> chains.addObject().put("certificateType", "CSMSRootCertificate")
                            .set("certificateHashData", StationDefaults.hashData(h)));
                }
            }
            // M04: a CSMS root installed can go, but not the one the TLS connection trusts (M04.FR.06).
            case "DeleteCertificate" -> out.put("status",
                    StationDefaults.deleteCertificate(view, state, request.path("certificateHashData")));
            // A02/A03: the key of the CSR the station sent was not kept, so no certificate for it can be installed.
            case "CertificateSigned" -> out.put("status", "Rejected");
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

    private void getVariables(ObjectNode request, ObjectNode out) {
        ArrayNode results = out.putArray("getVariableResult");
        for (JsonNode d : request.path("getVariableData")) {
            ObjectNode r = results.addObject();
            model.get(d, r);
            copy(d, r, "attributeType");
            copy(d, r, "component");
            copy(d, r, "variable");
        }
    }

    // ------------------------------------------------------------------------------------------------ reports

    @Override
    public List<Message> reports(String action, ObjectNode request, ObjectNode answer, Clock clock) {
        if (!"Accepted".equals(answer.path("status").asText())) {
            return List.of();
        }
        int requestId = request.path("requestId").asInt();
        String now = OcppJson.format(OffsetDateTime.now(clock));
        return switch (action) {
            case "GetBaseReport" -> DeviceModel201.notifyReports(requestId,
                    model.baseReport(request.path("reportBase").asText()), now);
            case "GetReport" -> DeviceModel201.notifyReports(requestId, report(request), now);
            case "GetChargingProfiles" -> reportChargingProfiles(requestId, chargingProfiles(request));
            case "GetDisplayMessages" -> {
                ObjectNode p = OcppJson.mapper().createObjectNode().put("requestId", requestId).put("tbc", false);
                displayMessages(request).forEach(p.putArray("messageInfo")::add);
                yield List.of(new Message("NotifyDisplayMessages", p));
            }
            default -> List.of();
        };
    }

    private List<ObjectNode> report(ObjectNode request) {
        return model.report(request.path("componentVariable"), request.path("componentCriteria"));
    }

    /**
     * The profiles GetChargingProfiles asks for (K09), by EVSE: on its evseId if given (0: the station's own), of its
     * purpose, stack level, ids and limit sources if given (every profile here was set by the CSMS: source CSO).
     */
    private Map<Integer, List<JsonNode>> chargingProfiles(ObjectNode request) {
        Integer evse = StationDefaults.integer(request, "evseId");
        JsonNode c = request.path("chargingProfile");
        String purpose = StationDefaults.text(c, "chargingProfilePurpose");
        Integer stackLevel = StationDefaults.integer(c, "stackLevel");
        Map<Integer, List<JsonNode>> byEvse = new TreeMap<>();
        state.profiles().forEach((id, p) -> {
            if ((evse == null || evse == p.connector()) && (purpose == null || purpose.equals(p.purpose()))
                    && (stackLevel == null || stackLevel == p.stackLevel())
                    && listed(c.path("chargingProfileId"), JsonNode::asInt, id)
                    && listed(c.path("chargingLimitSource"), JsonNode::asText, "CSO")) {
                byEvse.computeIfAbsent(p.connector(), e -> new ArrayList<>()).add(p.profile());
            }
        });
        return byEvse;
    }

    /** Whether {@code value} is in the array {@code list}, or the list is not given. */
    private static <T> boolean listed(JsonNode list, java.util.function.Function<JsonNode, T> read, T value) {
        if (!list.isArray() || list.isEmpty()) {
            return true;
        }
        for (JsonNode n : list) {
            if (value.equals(read.apply(n))) {
                return true;
            }
        }
        return false;
    }

    /** One ReportChargingProfiles per EVSE (K09): the requestId, source CSO, tbc on all but the last. */
    private static List<Message> reportChargingProfiles(int requestId, Map<Integer, List<JsonNode>> byEvse) {
        List<Message> out = new ArrayList<>();
        int left = byEvse.size();
        for (Map.Entry<Integer, List<JsonNode>> e : byEvse.entrySet()) {
            ObjectNode p = OcppJson.mapper().createObjectNode()
                    .put("requestId", requestId)
                    .put("chargingLimitSource", "CSO")
                    .put("tbc", --left > 0)
                    .put("evseId", e.getKey());
            e.getValue().forEach(p.putArray("chargingProfile")::add);
            out.add(new Message("ReportChargingProfiles", p));
        }
        return out;
    }

    /** The display messages GetDisplayMessages asks for (O02): of its ids, priority and state, where given. */
    private List<ObjectNode> displayMessages(ObjectNode request) {
        String priority = StationDefaults.text(request, "priority");
        String messageState = StationDefaults.text(request, "state");
        return state.displayMessages().stream()
                .filter(m -> listed(request.path("id"), JsonNode::asInt, m.path("id").asInt()))
                .filter(m -> priority == null || priority.equals(m.path("priority").asText()))
                .filter(m -> messageState == null || messageState.equals(m.path("state").asText()))
                .toList();
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

    /** Whether a transaction is on at any EVSE. */
    private boolean anyTransaction() {
        View v = view;
        for (int c = 1; c <= v.connectors(); c++) {
            if (v.inTransaction(c)) {
                return true;
            }
        }
        return false;
    }
}
