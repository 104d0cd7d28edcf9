package dev.ocpp.examples.support;

import dev.ocpp.core.spi.support.LogSafe;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.security.SecurityEvent;

/**
 * The one-line form in which the examples print a {@link SecurityEvent}, the same on the CSMS and the station side:
 * {@code security-event <2.0.1 name>/<1.6 name> <identity> <techInfo>}. Both names are shown because one endpoint
 * serves both versions and the two spell the same event differently; the identity is {@code -} where it is not
 * known yet (a TLS handshake fails before the CSMS has read the URL).
 */
public final class SecurityEventLine {

    /** What every such line starts with, for readers that look for them. */
    public static final String PREFIX = "security-event ";

    private SecurityEventLine() {
    }

    /**
     * The line for {@code event}.
     *
     * @param fallbackIdentity shown when the event names no identity (a station knows its own); {@code null} for
     *                         {@code -}
     */
    public static String format(SecurityEvent event, String fallbackIdentity) {
        String identity = event.identity().orElse(fallbackIdentity == null ? "-" : fallbackIdentity);
        // techInfo comes from exception messages: keep it on the one line the readers expect, and escaped, since
        // part of it can come from the peer (a user name, a certificate's names).
        String techInfo = LogSafe.escape(event.techInfo().replaceAll("\\s*[\\r\\n]+\\s*", " "), 255);
        return PREFIX + event.typeName(OcppVersion.OCPP201) + "/" + event.typeName(OcppVersion.OCPP16) + " "
                + LogSafe.escape(identity, 255) + " " + techInfo;
    }
}
