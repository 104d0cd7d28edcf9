package dev.ocpp.security.internal;

import dev.ocpp.security.SecurityEvent;
import java.security.cert.CertificateException;

/**
 * A certificate refused by {@link ClassifyingTrustManager}, carrying the reason. JSSE keeps it as the cause of the
 * handshake failure, where {@link TlsFailures} finds it again.
 */
final class CertificateRejection extends CertificateException {

    private static final long serialVersionUID = 1L;

    private final transient SecurityEvent.Reason reason;

    CertificateRejection(SecurityEvent.Reason reason, CertificateException cause) {
        super(describe(cause), cause);
        this.reason = reason;
    }

    /** What failed, in words an operator understands, then the JDK's deepest explanation. */
    static String describe(Throwable cause) {
        String what = "certificate refused";
        String deepest = cause.getMessage();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateExpiredException
                    || t instanceof java.security.cert.CertPathValidatorException v
                    && v.getReason() == java.security.cert.CertPathValidatorException.BasicReason.EXPIRED) {
                what = "certificate expired";
            } else if (t instanceof java.security.cert.CertificateNotYetValidException
                    || t instanceof java.security.cert.CertPathValidatorException v
                    && v.getReason() == java.security.cert.CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                what = "certificate not yet valid";
            }
            if (t.getMessage() != null) {
                deepest = t.getMessage();
            }
        }
        return what + ": " + deepest;
    }

    SecurityEvent.Reason reason() {
        return reason;
    }
}
