package dev.ocpp.v201;

import dev.ocpp.core.ActionCatalog;
import java.util.Set;

/**
 * The 64 action names of OCPP 2.0.1 (Part 2, functional blocks A to P). On the wire the action is the message name
 * without its {@code Request} suffix (Part 4 §4.1.6), and names are case-sensitive.
 */
public final class Ocpp201Actions {

    /** All 64. */
    public static final Set<String> ALL = Set.of(
            // A Security
            "SecurityEventNotification", "SignCertificate", "CertificateSigned",
            // B Provisioning
            "BootNotification", "GetVariables", "SetVariables", "GetBaseReport", "GetReport", "NotifyReport",
            "SetNetworkProfile", "Reset",
            // C Authorization, D Local authorization list
            "Authorize", "ClearCache", "SendLocalList", "GetLocalListVersion",
            // E Transactions, F Remote control
            "TransactionEvent", "GetTransactionStatus", "RequestStartTransaction", "RequestStopTransaction",
            "UnlockConnector", "TriggerMessage",
            // G Availability, H Reservation, I Tariff and cost, J Meter values
            "StatusNotification", "ChangeAvailability", "Heartbeat", "ReserveNow", "CancelReservation",
            "ReservationStatusUpdate", "CostUpdated", "MeterValues",
            // K Smart charging
            "SetChargingProfile", "GetChargingProfiles", "ReportChargingProfiles", "ClearChargingProfile",
            "GetCompositeSchedule", "NotifyChargingLimit", "ClearedChargingLimit", "NotifyEVChargingNeeds",
            "NotifyEVChargingSchedule",
            // L Firmware management
            "UpdateFirmware", "FirmwareStatusNotification", "PublishFirmware", "PublishFirmwareStatusNotification",
            "UnpublishFirmware",
            // M ISO 15118 certificate management
            "Get15118EVCertificate", "GetCertificateStatus", "InstallCertificate", "DeleteCertificate",
            "GetInstalledCertificateIds",
            // N Diagnostics
            "GetLog", "LogStatusNotification", "GetMonitoringReport", "NotifyMonitoringReport", "SetMonitoringBase",
            "SetMonitoringLevel", "SetVariableMonitoring", "ClearVariableMonitoring", "NotifyEvent",
            "CustomerInformation", "NotifyCustomerInformation",
            // O Display message, P Data transfer
            "SetDisplayMessage", "GetDisplayMessages", "ClearDisplayMessage", "NotifyDisplayMessages",
            "DataTransfer");

    /** The catalog that tells NotImplemented (unknown) from NotSupported (known, unhandled). */
    public static final ActionCatalog CATALOG = ActionCatalog.of(ALL);

    private Ocpp201Actions() {
    }
}
