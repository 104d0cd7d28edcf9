package dev.ocpp.security.pki;

import java.util.Objects;

/**
 * The outcome of {@link FirmwareVerifier}, with the OCPP reaction to each status (OCPP 2.0.1 Part 2 L01 "Secure
 * Firmware Update"; OCPP 1.6 Security Whitepaper, SignedUpdateFirmware).
 *
 * @param status the result
 * @param detail a human-readable explanation, for logs and the security event's techInfo
 */
public record FirmwareVerification(Status status, String detail) {

    /** What the check found. */
    public enum Status {
        /** The signing certificate is trusted and the signature covers the whole file: install it. */
        VALID,
        /**
         * The signing certificate is not valid: answer UpdateFirmware / SignedUpdateFirmware with status
         * InvalidCertificate and raise the security event InvalidFirmwareSigningCertificate.
         */
        INVALID_CERTIFICATE,
        /**
         * The signature does not verify over the downloaded file: report FirmwareStatusNotification status
         * InvalidSignature and raise the security event InvalidFirmwareSignature.
         */
        INVALID_SIGNATURE
    }

    /** Requires both fields. */
    public FirmwareVerification {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /** Whether the status is {@link Status#VALID}. */
    public boolean valid() {
        return status == Status.VALID;
    }

    static FirmwareVerification validResult(String detail) {
        return new FirmwareVerification(Status.VALID, detail);
    }

    static FirmwareVerification invalidCertificate(String detail) {
        return new FirmwareVerification(Status.INVALID_CERTIFICATE, detail);
    }

    static FirmwareVerification invalidSignature(String detail) {
        return new FirmwareVerification(Status.INVALID_SIGNATURE, detail);
    }
}
