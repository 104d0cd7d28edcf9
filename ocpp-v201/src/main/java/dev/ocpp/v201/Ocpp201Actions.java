package dev.ocpp.v201;

import dev.ocpp.core.ActionCatalog;
import dev.ocpp.v201.messages.*;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of the 64 OCPP 2.0.1 actions (Part 2, functional blocks A to P): wire name, request and response
 * class, direction and functional block. On the wire the action is the message name without its {@code Request}
 * suffix (Part 4 §4.1.6), and names are case-sensitive.
 */
public final class Ocpp201Actions {

    private static final Ocpp201Action.Direction CS_TO_CSMS = Ocpp201Action.Direction.CHARGING_STATION_TO_CSMS;
    private static final Ocpp201Action.Direction CSMS_TO_CS = Ocpp201Action.Direction.CSMS_TO_CHARGING_STATION;
    private static final Ocpp201Action.Direction BOTH = Ocpp201Action.Direction.BOTH;

    private static final List<Ocpp201Action<?, ?>> ACTIONS = List.of(
            action("SecurityEventNotification", SecurityEventNotificationRequest.class, SecurityEventNotificationResponse.class, CS_TO_CSMS, FunctionalBlock.A_SECURITY),
            action("SignCertificate", SignCertificateRequest.class, SignCertificateResponse.class, CS_TO_CSMS, FunctionalBlock.A_SECURITY),
            action("CertificateSigned", CertificateSignedRequest.class, CertificateSignedResponse.class, CSMS_TO_CS, FunctionalBlock.A_SECURITY),
            action("BootNotification", BootNotificationRequest.class, BootNotificationResponse.class, CS_TO_CSMS, FunctionalBlock.B_PROVISIONING),
            action("GetVariables", GetVariablesRequest.class, GetVariablesResponse.class, CSMS_TO_CS, FunctionalBlock.B_PROVISIONING),
            action("SetVariables", SetVariablesRequest.class, SetVariablesResponse.class, CSMS_TO_CS, FunctionalBlock.B_PROVISIONING),
            action("GetBaseReport", GetBaseReportRequest.class, GetBaseReportResponse.class, CSMS_TO_CS, FunctionalBlock.B_PROVISIONING),
            action("GetReport", GetReportRequest.class, GetReportResponse.class, CSMS_TO_CS, FunctionalBlock.B_PROVISIONING),
            action("NotifyReport", NotifyReportRequest.class, NotifyReportResponse.class, CS_TO_CSMS, FunctionalBlock.B_PROVISIONING),
            action("SetNetworkProfile", SetNetworkProfileRequest.class, SetNetworkProfileResponse.class, CSMS_TO_CS, FunctionalBlock.B_PROVISIONING),
            action("Reset", ResetRequest.class, ResetResponse.class, CSMS_TO_CS, FunctionalBlock.B_PROVISIONING),
            action("Authorize", AuthorizeRequest.class, AuthorizeResponse.class, CS_TO_CSMS, FunctionalBlock.C_AUTHORIZATION),
            action("ClearCache", ClearCacheRequest.class, ClearCacheResponse.class, CSMS_TO_CS, FunctionalBlock.C_AUTHORIZATION),
            action("SendLocalList", SendLocalListRequest.class, SendLocalListResponse.class, CSMS_TO_CS, FunctionalBlock.D_LOCAL_AUTHORIZATION_LIST_MANAGEMENT),
            action("GetLocalListVersion", GetLocalListVersionRequest.class, GetLocalListVersionResponse.class, CSMS_TO_CS, FunctionalBlock.D_LOCAL_AUTHORIZATION_LIST_MANAGEMENT),
            action("TransactionEvent", TransactionEventRequest.class, TransactionEventResponse.class, CS_TO_CSMS, FunctionalBlock.E_TRANSACTIONS),
            action("GetTransactionStatus", GetTransactionStatusRequest.class, GetTransactionStatusResponse.class, CSMS_TO_CS, FunctionalBlock.E_TRANSACTIONS),
            action("RequestStartTransaction", RequestStartTransactionRequest.class, RequestStartTransactionResponse.class, CSMS_TO_CS, FunctionalBlock.F_REMOTE_CONTROL),
            action("RequestStopTransaction", RequestStopTransactionRequest.class, RequestStopTransactionResponse.class, CSMS_TO_CS, FunctionalBlock.F_REMOTE_CONTROL),
            action("UnlockConnector", UnlockConnectorRequest.class, UnlockConnectorResponse.class, CSMS_TO_CS, FunctionalBlock.F_REMOTE_CONTROL),
            action("TriggerMessage", TriggerMessageRequest.class, TriggerMessageResponse.class, CSMS_TO_CS, FunctionalBlock.F_REMOTE_CONTROL),
            action("StatusNotification", StatusNotificationRequest.class, StatusNotificationResponse.class, CS_TO_CSMS, FunctionalBlock.G_AVAILABILITY),
            action("ChangeAvailability", ChangeAvailabilityRequest.class, ChangeAvailabilityResponse.class, CSMS_TO_CS, FunctionalBlock.G_AVAILABILITY),
            action("Heartbeat", HeartbeatRequest.class, HeartbeatResponse.class, CS_TO_CSMS, FunctionalBlock.G_AVAILABILITY),
            action("ReserveNow", ReserveNowRequest.class, ReserveNowResponse.class, CSMS_TO_CS, FunctionalBlock.H_RESERVATION),
            action("CancelReservation", CancelReservationRequest.class, CancelReservationResponse.class, CSMS_TO_CS, FunctionalBlock.H_RESERVATION),
            action("ReservationStatusUpdate", ReservationStatusUpdateRequest.class, ReservationStatusUpdateResponse.class, CS_TO_CSMS, FunctionalBlock.H_RESERVATION),
            action("CostUpdated", CostUpdatedRequest.class, CostUpdatedResponse.class, CSMS_TO_CS, FunctionalBlock.I_TARIFF_AND_COST),
            action("MeterValues", MeterValuesRequest.class, MeterValuesResponse.class, CS_TO_CSMS, FunctionalBlock.J_METER_VALUES),
            action("SetChargingProfile", SetChargingProfileRequest.class, SetChargingProfileResponse.class, CSMS_TO_CS, FunctionalBlock.K_SMART_CHARGING),
            action("GetChargingProfiles", GetChargingProfilesRequest.class, GetChargingProfilesResponse.class, CSMS_TO_CS, FunctionalBlock.K_SMART_CHARGING),
            action("ReportChargingProfiles", ReportChargingProfilesRequest.class, ReportChargingProfilesResponse.class, CS_TO_CSMS, FunctionalBlock.K_SMART_CHARGING),
            action("ClearChargingProfile", ClearChargingProfileRequest.class, ClearChargingProfileResponse.class, CSMS_TO_CS, FunctionalBlock.K_SMART_CHARGING),
            action("GetCompositeSchedule", GetCompositeScheduleRequest.class, GetCompositeScheduleResponse.class, CSMS_TO_CS, FunctionalBlock.K_SMART_CHARGING),
            action("NotifyChargingLimit", NotifyChargingLimitRequest.class, NotifyChargingLimitResponse.class, CS_TO_CSMS, FunctionalBlock.K_SMART_CHARGING),
            action("ClearedChargingLimit", ClearedChargingLimitRequest.class, ClearedChargingLimitResponse.class, CS_TO_CSMS, FunctionalBlock.K_SMART_CHARGING),
            action("NotifyEVChargingNeeds", NotifyEVChargingNeedsRequest.class, NotifyEVChargingNeedsResponse.class, CS_TO_CSMS, FunctionalBlock.K_SMART_CHARGING),
            action("NotifyEVChargingSchedule", NotifyEVChargingScheduleRequest.class, NotifyEVChargingScheduleResponse.class, CS_TO_CSMS, FunctionalBlock.K_SMART_CHARGING),
            action("UpdateFirmware", UpdateFirmwareRequest.class, UpdateFirmwareResponse.class, CSMS_TO_CS, FunctionalBlock.L_FIRMWARE_MANAGEMENT),
            action("FirmwareStatusNotification", FirmwareStatusNotificationRequest.class, FirmwareStatusNotificationResponse.class, CS_TO_CSMS, FunctionalBlock.L_FIRMWARE_MANAGEMENT),
            action("PublishFirmware", PublishFirmwareRequest.class, PublishFirmwareResponse.class, CSMS_TO_CS, FunctionalBlock.L_FIRMWARE_MANAGEMENT),
            action("PublishFirmwareStatusNotification", PublishFirmwareStatusNotificationRequest.class, PublishFirmwareStatusNotificationResponse.class, CS_TO_CSMS, FunctionalBlock.L_FIRMWARE_MANAGEMENT),
            action("UnpublishFirmware", UnpublishFirmwareRequest.class, UnpublishFirmwareResponse.class, CSMS_TO_CS, FunctionalBlock.L_FIRMWARE_MANAGEMENT),
            action("Get15118EVCertificate", Get15118EVCertificateRequest.class, Get15118EVCertificateResponse.class, CS_TO_CSMS, FunctionalBlock.M_ISO15118_CERTIFICATE_MANAGEMENT),
            action("GetCertificateStatus", GetCertificateStatusRequest.class, GetCertificateStatusResponse.class, CS_TO_CSMS, FunctionalBlock.M_ISO15118_CERTIFICATE_MANAGEMENT),
            action("InstallCertificate", InstallCertificateRequest.class, InstallCertificateResponse.class, CSMS_TO_CS, FunctionalBlock.M_ISO15118_CERTIFICATE_MANAGEMENT),
            action("DeleteCertificate", DeleteCertificateRequest.class, DeleteCertificateResponse.class, CSMS_TO_CS, FunctionalBlock.M_ISO15118_CERTIFICATE_MANAGEMENT),
            action("GetInstalledCertificateIds", GetInstalledCertificateIdsRequest.class, GetInstalledCertificateIdsResponse.class, CSMS_TO_CS, FunctionalBlock.M_ISO15118_CERTIFICATE_MANAGEMENT),
            action("GetLog", GetLogRequest.class, GetLogResponse.class, CSMS_TO_CS, FunctionalBlock.N_DIAGNOSTICS),
            action("LogStatusNotification", LogStatusNotificationRequest.class, LogStatusNotificationResponse.class, CS_TO_CSMS, FunctionalBlock.N_DIAGNOSTICS),
            action("GetMonitoringReport", GetMonitoringReportRequest.class, GetMonitoringReportResponse.class, CSMS_TO_CS, FunctionalBlock.N_DIAGNOSTICS),
            action("NotifyMonitoringReport", NotifyMonitoringReportRequest.class, NotifyMonitoringReportResponse.class, CS_TO_CSMS, FunctionalBlock.N_DIAGNOSTICS),
            action("SetMonitoringBase", SetMonitoringBaseRequest.class, SetMonitoringBaseResponse.class, CSMS_TO_CS, FunctionalBlock.N_DIAGNOSTICS),
            action("SetMonitoringLevel", SetMonitoringLevelRequest.class, SetMonitoringLevelResponse.class, CSMS_TO_CS, FunctionalBlock.N_DIAGNOSTICS),
            action("SetVariableMonitoring", SetVariableMonitoringRequest.class, SetVariableMonitoringResponse.class, CSMS_TO_CS, FunctionalBlock.N_DIAGNOSTICS),
            action("ClearVariableMonitoring", ClearVariableMonitoringRequest.class, ClearVariableMonitoringResponse.class, CSMS_TO_CS, FunctionalBlock.N_DIAGNOSTICS),
            action("NotifyEvent", NotifyEventRequest.class, NotifyEventResponse.class, CS_TO_CSMS, FunctionalBlock.N_DIAGNOSTICS),
            action("CustomerInformation", CustomerInformationRequest.class, CustomerInformationResponse.class, CSMS_TO_CS, FunctionalBlock.N_DIAGNOSTICS),
            action("NotifyCustomerInformation", NotifyCustomerInformationRequest.class, NotifyCustomerInformationResponse.class, CS_TO_CSMS, FunctionalBlock.N_DIAGNOSTICS),
            action("SetDisplayMessage", SetDisplayMessageRequest.class, SetDisplayMessageResponse.class, CSMS_TO_CS, FunctionalBlock.O_DISPLAY_MESSAGE),
            action("GetDisplayMessages", GetDisplayMessagesRequest.class, GetDisplayMessagesResponse.class, CSMS_TO_CS, FunctionalBlock.O_DISPLAY_MESSAGE),
            action("ClearDisplayMessage", ClearDisplayMessageRequest.class, ClearDisplayMessageResponse.class, CSMS_TO_CS, FunctionalBlock.O_DISPLAY_MESSAGE),
            action("NotifyDisplayMessages", NotifyDisplayMessagesRequest.class, NotifyDisplayMessagesResponse.class, CS_TO_CSMS, FunctionalBlock.O_DISPLAY_MESSAGE),
            action("DataTransfer", DataTransferRequest.class, DataTransferResponse.class, BOTH, FunctionalBlock.P_DATA_TRANSFER));

    private static final Map<String, Ocpp201Action<?, ?>> BY_NAME = new HashMap<>();
    private static final Map<Class<?>, Ocpp201Action<?, ?>> BY_REQUEST = new HashMap<>();

    static {
        for (Ocpp201Action<?, ?> a : ACTIONS) {
            BY_NAME.put(a.name(), a);
            BY_REQUEST.put(a.requestType(), a);
        }
    }

    /** All 64 names. */
    public static final Set<String> ALL = Set.copyOf(BY_NAME.keySet());

    /** The catalog that tells NotImplemented (unknown) from NotSupported (known, unhandled). */
    public static final ActionCatalog CATALOG = ActionCatalog.of(ALL);

    private Ocpp201Actions() {
    }

    /** All 64 actions, by functional block, in the order of Part 2. */
    public static List<Ocpp201Action<?, ?>> all() {
        return ACTIONS;
    }

    /** The action of this wire name. */
    public static Optional<Ocpp201Action<?, ?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The action whose request is of this class. */
    public static Optional<Ocpp201Action<?, ?>> byRequestType(Class<?> type) {
        return Optional.ofNullable(BY_REQUEST.get(type));
    }

    private static <Q extends Ocpp201Request<R>, R extends Ocpp201Response> Ocpp201Action<Q, R> action(
            String name, Class<Q> request, Class<R> response, Ocpp201Action.Direction direction,
            FunctionalBlock block) {
        return new Ocpp201Action<>(name, request, response, direction, block);
    }
}
