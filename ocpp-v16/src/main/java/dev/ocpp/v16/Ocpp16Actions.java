package dev.ocpp.v16;

import dev.ocpp.core.ActionCatalog;
import java.util.Set;

/**
 * The 39 action names of OCPP 1.6J: the 28 of the six feature profiles (OCPP 1.6 edition 2 §3.3) and the 11 of
 * the security extension ("Improved security for OCPP 1.6-J", edition 3, §5). Names are case-sensitive on the wire.
 */
public final class Ocpp16Actions {

    /** Core, Firmware Management, Local Auth List Management, Reservation, Smart Charging, Remote Trigger. */
    public static final Set<String> FEATURE_PROFILES = Set.of(
            "Authorize", "BootNotification", "ChangeAvailability", "ChangeConfiguration", "ClearCache",
            "DataTransfer", "GetConfiguration", "Heartbeat", "MeterValues", "RemoteStartTransaction",
            "RemoteStopTransaction", "Reset", "StartTransaction", "StatusNotification", "StopTransaction",
            "UnlockConnector",
            "GetDiagnostics", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "UpdateFirmware",
            "GetLocalListVersion", "SendLocalList",
            "CancelReservation", "ReserveNow",
            "ClearChargingProfile", "GetCompositeSchedule", "SetChargingProfile",
            "TriggerMessage");

    /** The security extension's messages. */
    public static final Set<String> SECURITY_EXTENSION = Set.of(
            "CertificateSigned", "DeleteCertificate", "ExtendedTriggerMessage", "GetInstalledCertificateIds",
            "GetLog", "InstallCertificate", "LogStatusNotification", "SecurityEventNotification",
            "SignCertificate", "SignedFirmwareStatusNotification", "SignedUpdateFirmware");

    /** All 39. */
    public static final Set<String> ALL = union(FEATURE_PROFILES, SECURITY_EXTENSION);

    /** The catalog that tells NotImplemented (unknown) from NotSupported (known, unhandled). */
    public static final ActionCatalog CATALOG = ActionCatalog.of(ALL);

    private Ocpp16Actions() {
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
