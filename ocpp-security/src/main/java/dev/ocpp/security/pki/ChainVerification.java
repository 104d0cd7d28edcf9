package dev.ocpp.security.pki;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link CertificateChainVerifier}. A charging station answers CertificateSigned (OCPP 2.0.1 Part 2
 * A02/A03) with Rejected, and raises the security event InvalidChargingStationCertificate (OCPP 1.6 Security
 * Whitepaper: InvalidChargePointCertificate), for any failure; InstallCertificate (M05) answers Rejected.
 *
 * @param failure which check failed; empty if the chain is valid
 * @param detail a human-readable explanation, for logs and the security event's techInfo
 * @param chain the certificates that were checked, leaf first; empty if the text could not be read
 */
public record ChainVerification(Optional<Failure> failure, String detail, List<X509Certificate> chain) {

    /** Which check failed; {@link CertificateChainVerifier} describes the order of the checks. */
    public enum Failure {
        /** The text is longer than the configured limit (CertificateSigned: 10000 characters). */
        TOO_LONG,
        /** Not PEM certificates, no certificate at all, or not ordered leaf first. */
        MALFORMED,
        /** More certificates than the configured limit. */
        CHAIN_TOO_LONG,
        /** A certificate's validity period ended before the verifier's clock. */
        EXPIRED,
        /** A certificate's validity period starts after the verifier's clock. */
        NOT_YET_VALID,
        /** A CA certificate in the chain lacks basicConstraints cA=true. */
        NOT_A_CA,
        /** The leaf may not sign (digitalSignature), or a CA certificate may not certify (keyCertSign). */
        KEY_USAGE,
        /** No path to a trust anchor: unknown issuer, a broken signature, or another PKIX rule violated. */
        UNTRUSTED
    }

    /** Copies the chain and requires a detail. */
    public ChainVerification {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(detail, "detail");
        chain = List.copyOf(chain);
    }

    /** A valid chain. */
    public static ChainVerification valid(List<X509Certificate> chain, String detail) {
        return new ChainVerification(Optional.empty(), detail, chain);
    }

    /** A failed check. */
    public static ChainVerification failed(Failure failure, String detail, List<X509Certificate> chain) {
        return new ChainVerification(Optional.of(failure), detail, chain);
    }

    /** Whether every check passed. */
    public boolean valid() {
        return failure.isEmpty();
    }
}
