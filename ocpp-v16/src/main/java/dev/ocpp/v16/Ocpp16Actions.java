package dev.ocpp.v16;

import dev.ocpp.core.ActionCatalog;
import dev.ocpp.v16.messages.*;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of the 39 OCPP 1.6J actions: the 28 of the six feature profiles (OCPP 1.6 edition 2 §3.3) and the
 * 11 of the security extension ("Improved security for OCPP 1.6-J", edition 3, §5). Names are case-sensitive on
 * the wire.
 */
public final class Ocpp16Actions {

    private static final Ocpp16Action.Direction CP_TO_CS = Ocpp16Action.Direction.CHARGE_POINT_TO_CENTRAL_SYSTEM;
    private static final Ocpp16Action.Direction CS_TO_CP = Ocpp16Action.Direction.CENTRAL_SYSTEM_TO_CHARGE_POINT;
    private static final Ocpp16Action.Direction BOTH = Ocpp16Action.Direction.BOTH;

    private static final List<Ocpp16Action<?, ?>> ACTIONS = List.of(
            action("Authorize", AuthorizeRequest.class, AuthorizeResponse.class, CP_TO_CS, FeatureProfile.CORE),
            action("BootNotification", BootNotificationRequest.class, BootNotificationResponse.class, CP_TO_CS, FeatureProfile.CORE),
            action("ChangeAvailability", ChangeAvailabilityRequest.class, ChangeAvailabilityResponse.class, CS_TO_CP, FeatureProfile.CORE),
            action("ChangeConfiguration", ChangeConfigurationRequest.class, ChangeConfigurationResponse.class, CS_TO_CP, FeatureProfile.CORE),
            action("ClearCache", ClearCacheRequest.class, ClearCacheResponse.class, CS_TO_CP, FeatureProfile.CORE),
            action("DataTransfer", DataTransferRequest.class, DataTransferResponse.class, BOTH, FeatureProfile.CORE),
            action("GetConfiguration", GetConfigurationRequest.class, GetConfigurationResponse.class, CS_TO_CP, FeatureProfile.CORE),
            action("Heartbeat", HeartbeatRequest.class, HeartbeatResponse.class, CP_TO_CS, FeatureProfile.CORE),
            action("MeterValues", MeterValuesRequest.class, MeterValuesResponse.class, CP_TO_CS, FeatureProfile.CORE),
            action("RemoteStartTransaction", RemoteStartTransactionRequest.class, RemoteStartTransactionResponse.class, CS_TO_CP, FeatureProfile.CORE),
            action("RemoteStopTransaction", RemoteStopTransactionRequest.class, RemoteStopTransactionResponse.class, CS_TO_CP, FeatureProfile.CORE),
            action("Reset", ResetRequest.class, ResetResponse.class, CS_TO_CP, FeatureProfile.CORE),
            action("StartTransaction", StartTransactionRequest.class, StartTransactionResponse.class, CP_TO_CS, FeatureProfile.CORE),
            action("StatusNotification", StatusNotificationRequest.class, StatusNotificationResponse.class, CP_TO_CS, FeatureProfile.CORE),
            action("StopTransaction", StopTransactionRequest.class, StopTransactionResponse.class, CP_TO_CS, FeatureProfile.CORE),
            action("UnlockConnector", UnlockConnectorRequest.class, UnlockConnectorResponse.class, CS_TO_CP, FeatureProfile.CORE),
            action("GetDiagnostics", GetDiagnosticsRequest.class, GetDiagnosticsResponse.class, CS_TO_CP, FeatureProfile.FIRMWARE_MANAGEMENT),
            action("DiagnosticsStatusNotification", DiagnosticsStatusNotificationRequest.class, DiagnosticsStatusNotificationResponse.class, CP_TO_CS, FeatureProfile.FIRMWARE_MANAGEMENT),
            action("FirmwareStatusNotification", FirmwareStatusNotificationRequest.class, FirmwareStatusNotificationResponse.class, CP_TO_CS, FeatureProfile.FIRMWARE_MANAGEMENT),
            action("UpdateFirmware", UpdateFirmwareRequest.class, UpdateFirmwareResponse.class, CS_TO_CP, FeatureProfile.FIRMWARE_MANAGEMENT),
            action("GetLocalListVersion", GetLocalListVersionRequest.class, GetLocalListVersionResponse.class, CS_TO_CP, FeatureProfile.LOCAL_AUTH_LIST_MANAGEMENT),
            action("SendLocalList", SendLocalListRequest.class, SendLocalListResponse.class, CS_TO_CP, FeatureProfile.LOCAL_AUTH_LIST_MANAGEMENT),
            action("CancelReservation", CancelReservationRequest.class, CancelReservationResponse.class, CS_TO_CP, FeatureProfile.RESERVATION),
            action("ReserveNow", ReserveNowRequest.class, ReserveNowResponse.class, CS_TO_CP, FeatureProfile.RESERVATION),
            action("ClearChargingProfile", ClearChargingProfileRequest.class, ClearChargingProfileResponse.class, CS_TO_CP, FeatureProfile.SMART_CHARGING),
            action("GetCompositeSchedule", GetCompositeScheduleRequest.class, GetCompositeScheduleResponse.class, CS_TO_CP, FeatureProfile.SMART_CHARGING),
            action("SetChargingProfile", SetChargingProfileRequest.class, SetChargingProfileResponse.class, CS_TO_CP, FeatureProfile.SMART_CHARGING),
            action("TriggerMessage", TriggerMessageRequest.class, TriggerMessageResponse.class, CS_TO_CP, FeatureProfile.REMOTE_TRIGGER),
            action("CertificateSigned", CertificateSignedRequest.class, CertificateSignedResponse.class, CS_TO_CP, FeatureProfile.SECURITY),
            action("DeleteCertificate", DeleteCertificateRequest.class, DeleteCertificateResponse.class, CS_TO_CP, FeatureProfile.SECURITY),
            action("ExtendedTriggerMessage", ExtendedTriggerMessageRequest.class, ExtendedTriggerMessageResponse.class, CS_TO_CP, FeatureProfile.SECURITY),
            action("GetInstalledCertificateIds", GetInstalledCertificateIdsRequest.class, GetInstalledCertificateIdsResponse.class, CS_TO_CP, FeatureProfile.SECURITY),
            action("GetLog", GetLogRequest.class, GetLogResponse.class, CS_TO_CP, FeatureProfile.SECURITY),
            action("InstallCertificate", InstallCertificateRequest.class, InstallCertificateResponse.class, CS_TO_CP, FeatureProfile.SECURITY),
            action("LogStatusNotification", LogStatusNotificationRequest.class, LogStatusNotificationResponse.class, CP_TO_CS, FeatureProfile.SECURITY),
            action("SecurityEventNotification", SecurityEventNotificationRequest.class, SecurityEventNotificationResponse.class, CP_TO_CS, FeatureProfile.SECURITY),
            action("SignCertificate", SignCertificateRequest.class, SignCertificateResponse.class, CP_TO_CS, FeatureProfile.SECURITY),
            action("SignedFirmwareStatusNotification", SignedFirmwareStatusNotificationRequest.class, SignedFirmwareStatusNotificationResponse.class, CP_TO_CS, FeatureProfile.SECURITY),
            action("SignedUpdateFirmware", SignedUpdateFirmwareRequest.class, SignedUpdateFirmwareResponse.class, CS_TO_CP, FeatureProfile.SECURITY));

    private static final Map<String, Ocpp16Action<?, ?>> BY_NAME = new HashMap<>();
    private static final Map<Class<?>, Ocpp16Action<?, ?>> BY_REQUEST = new HashMap<>();

    static {
        for (Ocpp16Action<?, ?> a : ACTIONS) {
            BY_NAME.put(a.name(), a);
            BY_REQUEST.put(a.requestType(), a);
        }
    }

    /** The names of the feature profiles' 28 actions. */
    public static final Set<String> FEATURE_PROFILES = names(false);

    /** The names of the security extension's 11 actions. */
    public static final Set<String> SECURITY_EXTENSION = names(true);

    /** All 39 names. */
    public static final Set<String> ALL = Set.copyOf(BY_NAME.keySet());

    /** The catalog that tells NotImplemented (unknown) from NotSupported (known, unhandled). */
    public static final ActionCatalog CATALOG = ActionCatalog.of(ALL);

    private Ocpp16Actions() {
    }

    /** All 39 actions, feature profiles first, in the order of the specification's tables. */
    public static List<Ocpp16Action<?, ?>> all() {
        return ACTIONS;
    }

    /** The action of this wire name. */
    public static Optional<Ocpp16Action<?, ?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The action whose request is of this class. */
    public static Optional<Ocpp16Action<?, ?>> byRequestType(Class<?> type) {
        return Optional.ofNullable(BY_REQUEST.get(type));
    }

    private static <Q extends Ocpp16Request<R>, R extends Ocpp16Response> Ocpp16Action<Q, R> action(
            String name, Class<Q> request, Class<R> response, Ocpp16Action.Direction direction,
            FeatureProfile profile) {
        return new Ocpp16Action<>(name, request, response, direction, profile);
    }

    private static Set<String> names(boolean security) {
        Set<String> names = new LinkedHashSet<>();
        for (Ocpp16Action<?, ?> a : ACTIONS) {
            if ((a.profile() == FeatureProfile.SECURITY) == security) {
                names.add(a.name());
            }
        }
        return Set.copyOf(names);
    }
}
