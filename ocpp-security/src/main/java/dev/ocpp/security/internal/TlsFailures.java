package dev.ocpp.security.internal;

import dev.ocpp.security.SecurityEvent.Reason;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Tells why a TLS handshake failed, in OCPP's terms. Certificate refusals are exact (our trust manager labels them);
 * everything else is read from the TLS alert the peer sent or from the JDK's description of what it refused, which
 * is the only place JSSE says it. An unrecognised failure (a reset connection, say) is no security event.
 */
final class TlsFailures {

    private TlsFailures() {
    }

    static Optional<Reason> classify(SSLException e, boolean client) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateRejection r) {
                return Optional.of(r.reason());
            }
        }
        String m = messages(e).toLowerCase(Locale.ROOT);
        int alert = m.indexOf("received fatal alert: ");
        if (alert >= 0) {
            String name = m.substring(alert + "received fatal alert: ".length()).split("[^a-z_]", 2)[0];
            return fromAlert(name, client);
        }
        if (m.contains("empty client certificate chain") || m.contains("certificate_required")) {
            return Optional.of(Reason.MISSING_CLIENT_CERTIFICATE);
        }
        // JSSE's words for plain text where a TLS record was due, and Netty's (its TLS handler checks first).
        if (m.contains("unsupported or unrecognized ssl message") || m.contains("plaintext connection")
                || m.contains("not an ssl/tls record")) {
            return Optional.of(client ? Reason.TLS_VERSION_REFUSED : Reason.NOT_TLS);
        }
        if (m.contains("protocol") && (m.contains("not enabled") || m.contains("not supported")
                || m.contains("not accepted") || m.contains("no appropriate protocol"))) {
            return Optional.of(Reason.TLS_VERSION_REFUSED);
        }
        if (m.contains("cipher suite") || m.contains("ciphersuite")) {
            return Optional.of(Reason.CIPHER_SUITE_REFUSED);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return Optional.of(client ? Reason.INVALID_SERVER_CERTIFICATE : Reason.INVALID_CLIENT_CERTIFICATE);
            }
        }
        return Optional.empty();
    }

    private static Optional<Reason> fromAlert(String alert, boolean client) {
        switch (alert) {
            case "protocol_version":
                return Optional.of(Reason.TLS_VERSION_REFUSED);
            case "handshake_failure":
            case "insufficient_security":
                return Optional.of(Reason.CIPHER_SUITE_REFUSED);
            case "bad_certificate":
            case "unsupported_certificate":
            case "certificate_revoked":
            case "certificate_expired":
            case "certificate_unknown":
            case "unknown_ca":
            case "access_denied":
            case "certificate_required":
                return Optional.of(client ? Reason.CLIENT_CERTIFICATE_REJECTED : Reason.SERVER_CERTIFICATE_REJECTED);
            default:
                return Optional.empty();
        }
    }

    /** The certificate refusal's own description, or every message along the cause chain. */
    static String detail(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateRejection r) {
                return r.getMessage();
            }
        }
        return messages(e);
    }

    static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                if (b.length() > 0) {
                    b.append(" <- ");
                }
                b.append(t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return b.toString();
    }
}
