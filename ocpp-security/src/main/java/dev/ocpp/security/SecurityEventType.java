package dev.ocpp.security;

import dev.ocpp.core.OcppVersion;

/**
 * The OCPP security event types a refused or failed connection maps to: the {@code type} of a
 * SecurityEventNotification (OCPP 2.0.1 Part 2 Appendix "Security Events"; OCPP 1.6 Security Whitepaper §8). The
 * two versions name the same events differently; {@link #typeName(OcppVersion)} gives the right spelling.
 */
public enum SecurityEventType {

    /** The CSMS refused the station's credentials (HTTP Basic password, identity or client certificate). */
    FAILED_TO_AUTHENTICATE_AT_CSMS("FailedToAuthenticateAtCsms", "FailedToAuthenticateAtCentralSystem", false),

    /** The station refused what the CSMS presented. Logged by the CSMS when a station aborts its TLS handshake. */
    CSMS_FAILED_TO_AUTHENTICATE("CsmsFailedToAuthenticate", "CentralSystemFailedToAuthenticate", false),

    /** The CSMS's certificate is not valid: path, validity period or host name (A00.FR.306-311, 409-414). */
    INVALID_CSMS_CERTIFICATE("InvalidCsmsCertificate", "InvalidCentralSystemCertificate", true),

    /** The station's client certificate is not valid or does not belong to it (A00.FR.403-406). */
    INVALID_CHARGING_STATION_CERTIFICATE("InvalidChargingStationCertificate", "InvalidChargePointCertificate", true),

    /** The peer offered no TLS version of 1.2 or higher, or no TLS at all (A00.FR.313-316, 416-420). */
    INVALID_TLS_VERSION("InvalidTLSVersion", "InvalidTLSVersion", true),

    /** The peer offered only cipher suites OCPP does not allow (A00.FR.317-323, 421-426). */
    INVALID_TLS_CIPHER_SUITE("InvalidTLSCipherSuite", "InvalidTLSCipherSuite", true);

    private final String ocpp201Name;
    private final String ocpp16Name;
    private final boolean critical201;

    SecurityEventType(String ocpp201Name, String ocpp16Name, boolean critical201) {
        this.ocpp201Name = ocpp201Name;
        this.ocpp16Name = ocpp16Name;
        this.critical201 = critical201;
    }

    /** The event's name in SecurityEventNotification for {@code version}. */
    public String typeName(OcppVersion version) {
        return version == OcppVersion.OCPP16 ? ocpp16Name : ocpp201Name;
    }

    /**
     * Whether the station must push the event to the CSMS (and queue it while offline, A04.FR.02). In 2.0.1 the
     * certificate and TLS events are critical; the 1.6 whitepaper marks none of these six critical.
     */
    public boolean critical(OcppVersion version) {
        return version != OcppVersion.OCPP16 && critical201;
    }
}
