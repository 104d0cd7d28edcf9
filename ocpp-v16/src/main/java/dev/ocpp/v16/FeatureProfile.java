package dev.ocpp.v16;

/**
 * The groups OCPP 1.6 sorts its actions into (edition 2 §3.3; the names are the values of the
 * {@code SupportedFeatureProfiles} configuration key, §9.1.29), plus the security extension's messages, which
 * the white paper adds without a profile name of their own.
 */
public enum FeatureProfile {
    CORE("Core"),
    FIRMWARE_MANAGEMENT("FirmwareManagement"),
    LOCAL_AUTH_LIST_MANAGEMENT("LocalAuthListManagement"),
    RESERVATION("Reservation"),
    SMART_CHARGING("SmartCharging"),
    REMOTE_TRIGGER("RemoteTrigger"),
    /** "Improved security for OCPP 1.6-J", edition 3, §5. Not a value of SupportedFeatureProfiles. */
    SECURITY("Security");

    private final String configValue;

    FeatureProfile(String configValue) {
        this.configValue = configValue;
    }

    /** The name as it appears in SupportedFeatureProfiles ("Security" is this library's name for the extension). */
    public String configValue() {
        return configValue;
    }
}
