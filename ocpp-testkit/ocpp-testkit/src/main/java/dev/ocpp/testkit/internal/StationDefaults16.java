package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.security.pki.CertificateHash;
import dev.ocpp.security.pki.HashAlgorithm;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default answers a station gives to a CSMS-initiated CALL, OCPP 1.6 (the 18 Central System actions of 1.6
 * edition 2 §3.3, the 7 of the security extension §5, and DataTransfer, which both sides send): the answer of a
 * station that does what it is asked and remembers what it was told. One per simulated station.
 *
 * <ul>
 *   <li>Every action with a status answers {@code Accepted} ({@code Unlocked} for UnlockConnector, §5.18), except
 *       as below.</li>
 *   <li>ChangeConfiguration (§5.3): {@code NotSupported} for a key not in {@link #CONFIGURATION}, {@code Rejected}
 *       for a read-only key and a number key given no number (HeartbeatInterval and TransactionMessageAttempts must
 *       be positive); otherwise {@code Accepted}, and GetConfiguration (§5.8) reports the new value from then on.
 *       GetConfiguration reports the keys asked for (all of them when none was), listing the others under
 *       {@code unknownKey}; HeartbeatInterval, NumberOfConnectors and SecurityProfile are the station's own.</li>
 *   <li>SecurityProfile (security extension A05) is {@code Rejected} for the profile in force or a lower one
 *       (A05.FR.01), one the station lacks what it needs for ({@link StationDefaults#hasWhatProfileNeeds},
 *       A05.FR.02-04) and 2 or 3 without a secure endpoint to go to; else {@code Accepted}, and the station moves
 *       to it. InstallCertificate of a CentralSystemRootCertificate keeps it in the {@link StationState}
 *       ({@code Rejected} if it is no X.509 PEM, or a new one when {@link StationState#MAX_CSMS_ROOTS} are kept,
 *       which read-only CertificateStoreMaxLength reports; the same one again is {@code Accepted} and kept once);
 *       other certificates are {@code Accepted} unread.</li>
 *   <li>ReserveNow (§5.13) keeps the reservation until its expiryDate ({@code Rejected} for a connector the
 *       station does not have); CancelReservation (§5.1) is {@code Accepted} for a reservation kept and not expired
 *       by the station's clock, and forgets it, else {@code Rejected}.</li>
 *   <li>SendLocalList (§5.15) keeps the list version, which GetLocalListVersion (§5.10) reports (0 before).</li>
 *   <li>SetChargingProfile (§5.16) keeps the profile's id, connector, purpose and stack level, replacing one of the
 *       same id ({@code Rejected} for a TxProfile without a transaction on its connector, or of another transaction;
 *       {@code Rejected} for a new id when {@link StationState#MAX_CHARGING_PROFILES} are kept, which
 *       read-only MaxChargingProfilesInstalled reports); ClearChargingProfile
 *       (§5.5) removes the profile of the id, or without one every profile matching the criteria given (all when
 *       none is): {@code Accepted} if it removed one, else {@code Unknown}.</li>
 *   <li>TriggerMessage (§5.17) and ExtendedTriggerMessage (security extension) are {@code Accepted} for every
 *       message they can request, {@code Rejected} for a connector the station does not have.</li>
 *   <li>SignedUpdateFirmware (security extension L01) answers {@code InvalidCertificate}: no manufacturer root
 *       certificate is installed, so no signing certificate is trusted (L01.FR.21/22).</li>
 *   <li>GetDiagnostics (§5.9) and GetLog (security extension) name a file made of the current time.</li>
 *   <li>GetCompositeSchedule (§5.7) answers one period without a limit below 32 A / 22 kW over the asked
 *       duration.</li>
 *   <li>GetInstalledCertificateIds (security extension) lists the CentralSystemRootCertificates installed
 *       ({@code NotFound} when none, and for ManufacturerRootCertificate); DeleteCertificate deletes one of them
 *       ({@code Failed} for the last while the station's TLS connection trusts it, else {@code NotFound});
 *       CertificateSigned is {@code Rejected}: the key of the request the station sent was not kept.</li>
 *   <li>UpdateFirmware (§5.19) has an empty answer; the FirmwareStatusNotifications that follow it are
 *       {@code SimulatedStation}'s.</li>
 * </ul>
 * The follow-up messages of some answers (DiagnosticsStatusNotification, SecurityEventNotification, triggered
 * messages) are {@code SimulatedStation}'s.
 */
final class StationDefaults16 implements StationDefaults {

    /**
     * The configuration keys a simulated 1.6 station reports (1.6 §9.1 core keys and §9.2-9.4 of the optional
     * profiles), with their initial values; {@code true} marks a read-only key.
     */
    static final Map<String, Map.Entry<String, Boolean>> CONFIGURATION = configuration();

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private volatile View view = FRESH;
    private final Map<String, String> changed = new ConcurrentHashMap<>();
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
            case "ChangeConfiguration" -> out.put("status", changeConfiguration(request));
            case "ChangeAvailability", "ClearCache", "DataTransfer", "Reset" -> out.put("status", "Accepted");
            // The key of the CSR the station sent was not kept: a certificate for it cannot be installed.
            case "CertificateSigned" -> out.put("status", "Rejected");
            case "DeleteCertificate" -> out.put("status",
                    StationDefaults.deleteCertificate(view, state, request.path("certificateHashData")));
            // §5.11: a connector it has that is not charging, or any such when none is named.
            case "RemoteStartTransaction" -> out.put("status", StationDefaults.canStartRemotely(view,
                    request.get("connectorId")) ? "Accepted" : "Rejected");
            // §5.12: only a transaction that is on can be stopped.
            case "RemoteStopTransaction" -> out.put("status", view.runningTransaction(
                    request.path("transactionId").asText()) ? "Accepted" : "Rejected");
            // A CSMS root is kept (it is what profile 2 and 3 trust, A05.FR.03); other certificates are not read.
            case "InstallCertificate" -> out.put("status",
                    !"CentralSystemRootCertificate".equals(request.path("certificateType").asText())
                            || state.installCsmsRoot(request.path("certificate").asText()) ? "Accepted" : "Rejected");
            // §5.13: a connector in use cannot be reserved.
            case "ReserveNow" -> out.put("status", StationDefaults.occupied(view, request.path("connectorId").asInt())
                    ? "Occupied" : state.reserve(request.path("connectorId").asInt(),
                    request.path("reservationId").asInt(), view.connectors(),
                    StationDefaults.instant(request, "expiryDate"), request.path("idTag").asText())
                    ? "Accepted" : "Rejected");
            // A reservation is gone once its expiryDate has passed by the station's clock (§5.13).
            case "CancelReservation" -> out.put("status", state.cancelReservation(
                    request.path("reservationId").asInt(), clock.instant()) ? "Accepted" : "Rejected");
            case "SendLocalList" -> {
                state.localListVersion(request.path("listVersion").asInt());
                out.put("status", "Accepted");
            }
            case "GetLocalListVersion" -> out.put("listVersion", state.localListVersion());
            case "SetChargingProfile" -> {
                JsonNode p = request.path("csChargingProfiles");
                // §3.13.2 / §5.16: a TxProfile is for the transaction running on its connector, never in advance.
                boolean forTransaction = !"TxProfile".equals(p.path("chargingProfilePurpose").asText())
                        || StationDefaults.transactionOn(view, request.path("connectorId").asInt(),
                                p.hasNonNull("transactionId") ? p.get("transactionId").asText() : null);
                boolean kept = forTransaction && state.setProfile(p.path("chargingProfileId").asInt(),
                        request.path("connectorId").asInt(), p.path("chargingProfilePurpose").asText(),
                        p.path("stackLevel").asInt(), p);
                out.put("status", kept ? "Accepted" : "Rejected");
            }
            case "ClearChargingProfile" -> {
                boolean cleared = state.clearProfiles(StationDefaults.integer(request, "id"),
                        StationDefaults.integer(request, "connectorId"),
                        StationDefaults.text(request, "chargingProfilePurpose"),
                        StationDefaults.integer(request, "stackLevel"));
                out.put("status", cleared ? "Accepted" : "Unknown");
            }
            case "TriggerMessage", "ExtendedTriggerMessage" -> out.put("status", StationDefaults.triggerStatus(view,
                    request.path("requestedMessage").asText(),
                    request.hasNonNull("connectorId") ? request.get("connectorId").asInt() : null));
            // No manufacturer root is installed, so no signing certificate is trusted (L01.FR.21/22).
            case "SignedUpdateFirmware" -> out.put("status",
                    request.path("firmware").hasNonNull("signingCertificate") ? "InvalidCertificate" : "Rejected");
            case "UnlockConnector" -> out.put("status", "Unlocked");
            case "UpdateFirmware" -> {
                // The answer has no fields (1.6 §5.19).
            }
            case "GetDiagnostics" -> out.put("fileName", "diagnostics-" + fileTime(clock) + ".log");
            case "GetLog" -> out.put("status", "Accepted").put("filename", "log-" + fileTime(clock) + ".log");
            case "GetConfiguration" -> getConfiguration(request, out);
            case "GetCompositeSchedule" -> compositeSchedule(request, out, clock);
            // The CSMS roots installed; the station has no manufacturer root.
            case "GetInstalledCertificateIds" -> {
                List<CertificateHash> roots = "CentralSystemRootCertificate".equals(
                        request.path("certificateType").asText())
                        ? state.csmsRootHashes(HashAlgorithm.SHA256) : List.of();
                out.put("status", roots.isEmpty() ? "NotFound" : "Accepted");
                if (!roots.isEmpty()) {
                    ArrayNode data = out.putArray("certificateHashData");
                    roots.forEach(h -> data.add(StationDefaults.hashData(h)));
                }
            }
            default -> throw new IllegalArgumentException("no default answer of a 1.6 charge point to " + action);
        }
        return out;
    }

    private String changeConfiguration(ObjectNode request) {
        String key = request.path("key").asText();
        String value = request.path("value").asText();
        Map.Entry<String, Boolean> entry = CONFIGURATION.get(key);
        if (entry == null) {
            return "NotSupported";
        }
        if (entry.getValue()) {
            return "Rejected";
        }
        if (key.equals("SecurityProfile")) {
            return securityProfile(value.trim());
        }
        if (entry.getKey().matches("\\d+")) {
            long least = key.equals("HeartbeatInterval") || key.equals("TransactionMessageAttempts") ? 1 : 0;
            try {
                if (Long.parseLong(value.trim()) < least) {
                    return "Rejected";
                }
            } catch (NumberFormatException e) {
                return "Rejected";
            }
        }
        // The runtime and the delivery queue take HeartbeatInterval and TransactionMessage* in by themselves.
        changed.put(key, value.trim());
        return "Accepted";
    }

    /**
     * A change of SecurityProfile (security extension A05): never to the profile in force or a lower one
     * (A05.FR.01); a higher one only with what it needs (A05.FR.02-04) and, above 1, a {@code wss://} endpoint to go
     * to. The station moves to it once the answer went out (A05.FR.05-07); the key keeps reporting the profile the
     * station is connected with, so it is not kept here.
     */
    private String securityProfile(String value) {
        int next;
        try {
            next = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return "Rejected";
        }
        if (next <= view.securityProfile() || next > 3 || !StationDefaults.hasWhatProfileNeeds(next, view, state)
                || next >= 2 && !view.secureEndpoint()) {
            return "Rejected";
        }
        return "Accepted";
    }

    /** The value of {@code key} now. */
    private String value(String key, String initial) {
        return switch (key) {
            case "HeartbeatInterval" -> Long.toString(StationDefaults.wholeSeconds(view.heartbeatInterval()));
            case "NumberOfConnectors" -> Integer.toString(view.connectors());
            case "SecurityProfile" -> Integer.toString(view.securityProfile());
            default -> changed.getOrDefault(key, initial);
        };
    }

    private void getConfiguration(ObjectNode request, ObjectNode out) {
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

    private ObjectNode keyValue(String key, Map.Entry<String, Boolean> value) {
        return OcppJson.mapper().createObjectNode().put("key", key).put("readonly", value.getValue())
                .put("value", value(key, value.getKey()));
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
        ro(m, "MaxChargingProfilesInstalled", Integer.toString(StationState.MAX_CHARGING_PROFILES));
        // Security extension §7: how many root certificates InstallCertificate may add.
        ro(m, "CertificateStoreMaxLength", Integer.toString(StationState.MAX_CSMS_ROOTS));
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
