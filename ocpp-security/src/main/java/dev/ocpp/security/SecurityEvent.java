package dev.ocpp.security;

import dev.ocpp.core.OcppVersion;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A connection refused or failed for a security reason, on either side. Each reason maps to one OCPP
 * {@link SecurityEventType}, so that a station can report it with SecurityEventNotification and a CSMS can log it in
 * the same words (OCPP 2.0.1 Part 2 A04; 1.6 Security Whitepaper §8).
 *
 * @param reason    what went wrong
 * @param identity  the station identity, on the CSMS side once the URL was read; empty on the station side, which
 *                  knows its own identity (one configuration may serve many simulated stations)
 * @param remote    the peer's address where known (on the station side the CSMS host as connected to, unresolved)
 * @param detail    a description for logs; never contains a password
 * @param timestamp when it was detected
 */
public record SecurityEvent(Reason reason, Optional<String> identity, Optional<InetSocketAddress> remote,
                            String detail, Instant timestamp) {

    /** The longest techInfo a SecurityEventNotification carries (both versions: string[255]). */
    public static final int MAX_TECH_INFO = 255;

    public SecurityEvent {
        Objects.requireNonNull(reason, "reason");
        identity = identity == null ? Optional.empty() : identity;
        remote = remote == null ? Optional.empty() : remote;
        detail = detail == null ? "" : detail;
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** The OCPP event type. */
    public SecurityEventType type() {
        return reason.type();
    }

    /** The event's name in SecurityEventNotification for {@code version}. */
    public String typeName(OcppVersion version) {
        return reason.type().typeName(version);
    }

    /** {@code reason: detail}, cut to the 255 characters of SecurityEventNotification's techInfo. */
    public String techInfo() {
        String s = reason + (detail.isEmpty() ? "" : ": " + detail);
        return s.length() <= MAX_TECH_INFO ? s : s.substring(0, MAX_TECH_INFO);
    }

    /** Why a connection was refused. */
    public enum Reason {
        /** CSMS: the URL's identity is not known (HTTP 404). */
        UNKNOWN_IDENTITY(SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS),
        /** CSMS: no Basic credentials under profile 1 or 2 (HTTP 401). */
        MISSING_CREDENTIALS(SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS),
        /** CSMS: the Basic user name is not the URL's identity (A00.FR.204/303; HTTP 401). */
        USERNAME_MISMATCH(SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS),
        /** CSMS: the password does not match (HTTP 401). */
        WRONG_PASSWORD(SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS),
        /**
         * CSMS: too many failed authentications from the address or for the identity; a lockout started, or a
         * request was refused during one without checking its credentials (HTTP 401;
         * {@link dev.ocpp.core.AuthThrottle}).
         */
        THROTTLED(SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS),
        /** Station: the CSMS answered the upgrade with 401 or 404. */
        CREDENTIALS_REJECTED(SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS),
        /** Station: the CSMS aborted the TLS handshake over our client certificate. */
        CLIENT_CERTIFICATE_REJECTED(SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS),
        /** CSMS: the station aborted the TLS handshake over our server certificate. */
        SERVER_CERTIFICATE_REJECTED(SecurityEventType.CSMS_FAILED_TO_AUTHENTICATE),
        /** Station: the CSMS certificate has no valid path to a trusted root, or is out of its validity period. */
        INVALID_SERVER_CERTIFICATE(SecurityEventType.INVALID_CSMS_CERTIFICATE),
        /** Station: the CSMS certificate is not for the host the station connected to. */
        SERVER_HOST_NAME_MISMATCH(SecurityEventType.INVALID_CSMS_CERTIFICATE),
        /** CSMS, profile 3: the station sent no client certificate. */
        MISSING_CLIENT_CERTIFICATE(SecurityEventType.INVALID_CHARGING_STATION_CERTIFICATE),
        /** CSMS, profile 3: the client certificate has no valid path to a trusted root, or is expired. */
        INVALID_CLIENT_CERTIFICATE(SecurityEventType.INVALID_CHARGING_STATION_CERTIFICATE),
        /** CSMS, profile 3: the certificate's CN is not the URL's identity (A00.FR.405). */
        CERTIFICATE_IDENTITY_MISMATCH(SecurityEventType.INVALID_CHARGING_STATION_CERTIFICATE),
        /** CSMS, profile 3: the certificate's O is not the operator's organisation (A00.FR.404). */
        CERTIFICATE_ORGANIZATION_MISMATCH(SecurityEventType.INVALID_CHARGING_STATION_CERTIFICATE),
        /** The peer offers no allowed TLS version (1.2 or higher). */
        TLS_VERSION_REFUSED(SecurityEventType.INVALID_TLS_VERSION),
        /** CSMS: plain HTTP or WebSocket arrived on the TLS port (another security profile). */
        NOT_TLS(SecurityEventType.INVALID_TLS_VERSION),
        /** The peer offers no allowed cipher suite. */
        CIPHER_SUITE_REFUSED(SecurityEventType.INVALID_TLS_CIPHER_SUITE);

        private final SecurityEventType type;

        Reason(SecurityEventType type) {
            this.type = type;
        }

        /** The OCPP event type this reason is reported as. */
        public SecurityEventType type() {
            return type;
        }
    }
}
