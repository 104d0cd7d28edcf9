package dev.ocpp.security.pki;

import dev.ocpp.security.internal.pki.Crypto;
import dev.ocpp.security.internal.pki.FirmwareSignatures;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies signed firmware as a charging station must (OCPP 2.0.1 Part 2 L01 "Secure Firmware Update"; OCPP 1.6
 * Security Whitepaper, SignedUpdateFirmware):
 * <ol>
 *   <li>when UpdateFirmware arrives, before accepting it, {@link #verifySigningCertificate(String)} checks the
 *       signingCertificate (PEM, at most {@value #MAX_CERTIFICATE_PEM_LENGTH} characters) against the manufacturer
 *       root certificate(s). Firmware signing uses no intermediate CAs, so the certificate must be issued directly by
 *       a root. It must be valid at the clock's instant and, if it has a key usage extension, allow
 *       digitalSignature. Revocation is not checked.</li>
 *   <li>after the download, {@link #verify(InputStream, String, X509Certificate)} or {@link #start} checks the
 *       signature (Base64, at most {@value #MAX_SIGNATURE_LENGTH} characters) over the entire file.</li>
 * </ol>
 *
 * <p>Accepted signature schemes, a decision of this library: the OCPP text speaks of RSA-PSS or ECSchnorr, while
 * deployed firmware is signed with SHA-256 and RSA or ECDSA. Accepted are SHA256withECDSA (DER-encoded signature)
 * for EC keys, and for RSA keys both SHA256withRSA (PKCS#1 v1.5) and RSASSA-PSS with SHA-256, MGF1-SHA-256 and a
 * 32-byte salt. Because an RSA signature does not reveal its padding, both RSA schemes are computed side by side in
 * the single pass over the file.
 *
 * <p>The file is streamed, never held in memory, so firmware of hundreds of megabytes is fine. Instances are
 * immutable and thread-safe.
 */
public final class FirmwareVerifier {

    /** The maximum length of the signingCertificate field. */
    public static final int MAX_CERTIFICATE_PEM_LENGTH = 5500;

    /** The maximum length of the signature field. */
    public static final int MAX_SIGNATURE_LENGTH = 800;

    static final int BUFFER_SIZE = 64 * 1024;

    private final List<X509Certificate> roots;
    private final Set<TrustAnchor> anchors;
    private final Clock clock;

    private FirmwareVerifier(List<X509Certificate> roots, Clock clock) {
        this.roots = roots;
        this.anchors = roots.stream().map(root -> new TrustAnchor(root, null)).collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
    }

    /**
     * A verifier that trusts these manufacturer root certificates (certificateType ManufacturerRootCertificate),
     * using the system clock (UTC).
     *
     * @throws IllegalArgumentException without any root
     */
    public static FirmwareVerifier trusting(Collection<X509Certificate> manufacturerRoots) {
        List<X509Certificate> roots = List.copyOf(manufacturerRoots);
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one manufacturer root certificate is needed");
        }
        return new FirmwareVerifier(roots, Clock.systemUTC());
    }

    /** The same roots with another clock for the validity checks. */
    public FirmwareVerifier withClock(Clock clock) {
        return new FirmwareVerifier(roots, Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Checks the signingCertificate field of UpdateFirmware / SignedUpdateFirmware. Never throws for bad input.
     *
     * @return {@link FirmwareVerification.Status#VALID} or {@link FirmwareVerification.Status#INVALID_CERTIFICATE}
     */
    public FirmwareVerification verifySigningCertificate(String pem) {
        Objects.requireNonNull(pem, "pem");
        if (pem.length() > MAX_CERTIFICATE_PEM_LENGTH) {
            return FirmwareVerification.invalidCertificate("the signing certificate has " + pem.length()
                    + " characters; OCPP allows " + MAX_CERTIFICATE_PEM_LENGTH);
        }
        List<X509Certificate> certificates;
        try {
            certificates = Pem.readCertificates(pem);
        } catch (IllegalArgumentException e) {
            return FirmwareVerification.invalidCertificate(e.getMessage());
        }
        if (certificates.size() != 1) {
            return FirmwareVerification.invalidCertificate("expected one signing certificate, got "
                    + certificates.size() + " (firmware signing uses no intermediate certificates)");
        }
        return verifySigningCertificate(certificates.get(0));
    }

    /**
     * Checks a signing certificate already read.
     *
     * @return {@link FirmwareVerification.Status#VALID} or {@link FirmwareVerification.Status#INVALID_CERTIFICATE}
     */
    public FirmwareVerification verifySigningCertificate(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        String subject = "\"" + certificate.getSubjectX500Principal().getName() + "\"";
        Date now = Date.from(clock.instant());
        try {
            certificate.checkValidity(now);
        } catch (CertificateExpiredException e) {
            return FirmwareVerification.invalidCertificate(subject + " expired at "
                    + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return FirmwareVerification.invalidCertificate(subject + " is valid from "
                    + certificate.getNotBefore().toInstant());
        }
        if (!KeyUsage.DIGITAL_SIGNATURE.allowedBy(certificate)) {
            return FirmwareVerification.invalidCertificate(subject + " does not allow digitalSignature");
        }
        try {
            // A path of only the signing certificate: PKIX then accepts it only if a root signed it directly.
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(
                    Crypto.x509Factory().generateCertPath(List.of(certificate)),
                    parameters);
        } catch (CertPathValidatorException e) {
            return FirmwareVerification.invalidCertificate(subject + " is not issued by a manufacturer root: "
                    + e.getMessage());
        } catch (GeneralSecurityException e) {
            return FirmwareVerification.invalidCertificate(subject + ": " + e.getMessage());
        }
        for (X509Certificate root : roots) {
            if (root.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                    && !root.getNotAfter().after(now)) {
                return FirmwareVerification.invalidCertificate("the manufacturer root \""
                        + root.getSubjectX500Principal().getName() + "\" has expired");
            }
        }
        return FirmwareVerification.validResult(subject + " is issued by a manufacturer root");
    }

    /**
     * Checks the signing certificate, then the signature over the whole firmware, read in chunks of 64 KiB. The stream
     * is read to its end but not closed.
     *
     * @param firmware the downloaded file
     * @param signatureBase64 the signature field of UpdateFirmware / SignedUpdateFirmware
     * @param signingCertificate the signing certificate, as read from the signingCertificate field
     * @return VALID, INVALID_CERTIFICATE (without reading the stream) or INVALID_SIGNATURE
     * @throws IOException if reading the firmware fails, which OCPP reports as a failed download, not as a bad
     *     signature
     */
    public FirmwareVerification verify(InputStream firmware, String signatureBase64, X509Certificate signingCertificate)
            throws IOException {
        IncrementalVerification verification = start(signatureBase64, signingCertificate);
        if (verification.earlyResult().isPresent()) {
            return verification.earlyResult().get();
        }
        byte[] buffer = new byte[BUFFER_SIZE];
        int n;
        while ((n = firmware.read(buffer)) != -1) {
            verification.update(buffer, 0, n);
        }
        return verification.finish();
    }

    /**
     * Starts checking a signature for callers that receive the firmware in pieces: feed every byte of the file, in
     * order, to {@link IncrementalVerification#update}, then call {@link IncrementalVerification#finish()}. The
     * signing certificate and the form of the signature are checked here already; if either is bad, updates are
     * ignored and {@code finish()} returns that failure.
     */
    public IncrementalVerification start(String signatureBase64, X509Certificate signingCertificate) {
        Objects.requireNonNull(signingCertificate, "signingCertificate");
        FirmwareVerification certificate = verifySigningCertificate(signingCertificate);
        if (!certificate.valid()) {
            return new IncrementalVerification(certificate);
        }
        if (signatureBase64 == null || signatureBase64.isBlank()) {
            return new IncrementalVerification(FirmwareVerification.invalidSignature("the signature is empty"));
        }
        if (signatureBase64.length() > MAX_SIGNATURE_LENGTH) {
            return new IncrementalVerification(FirmwareVerification.invalidSignature("the signature has "
                    + signatureBase64.length() + " characters; OCPP allows " + MAX_SIGNATURE_LENGTH));
        }
        byte[] signature;
        try {
            // Whitespace (line breaks from a PEM-minded signer) is no reason to reject a signature.
            signature = Base64.getDecoder().decode(signatureBase64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return new IncrementalVerification(FirmwareVerification.invalidSignature("the signature is not Base64: "
                    + e.getMessage()));
        }
        if (signature.length == 0) {
            return new IncrementalVerification(FirmwareVerification.invalidSignature("the signature is empty"));
        }
        List<Signature> verifiers;
        try {
            verifiers = FirmwareSignatures.verifiersFor(signingCertificate.getPublicKey());
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return new IncrementalVerification(FirmwareVerification.invalidCertificate(e.getMessage()));
        }
        return new IncrementalVerification(verifiers, signature);
    }

    /**
     * A signature check in progress, fed piece by piece like {@link Signature#update(byte[], int, int)}. Not
     * thread-safe; use it from one thread at a time.
     */
    public static final class IncrementalVerification {
        private final List<Signature> verifiers;
        private final byte[] signature;
        private FirmwareVerification result;

        private IncrementalVerification(FirmwareVerification failure) {
            this.verifiers = List.of();
            this.signature = null;
            this.result = failure;
        }

        private IncrementalVerification(List<Signature> verifiers, byte[] signature) {
            this.verifiers = verifiers;
            this.signature = signature;
        }

        /**
         * The failure found by {@link FirmwareVerifier#start}, before any data: lets a station skip or abort the
         * download.
         */
        public Optional<FirmwareVerification> earlyResult() {
            return Optional.ofNullable(signature == null ? result : null);
        }

        /**
         * Feeds the next piece of the firmware file.
         *
         * @throws IllegalStateException after {@link #finish()}
         */
        public void update(byte[] data, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, data.length);
            if (signature == null) {
                return;
            }
            if (result != null) {
                throw new IllegalStateException("finish() was already called");
            }
            try {
                for (Signature verifier : verifiers) {
                    verifier.update(data, offset, length);
                }
            } catch (SignatureException e) {
                throw new IllegalStateException("signature object not initialised", e);
            }
        }

        /** The result; may be called again and then returns the same result. */
        public FirmwareVerification finish() {
            if (result != null) {
                return result;
            }
            for (Signature verifier : verifiers) {
                try {
                    if (verifier.verify(signature)) {
                        result = FirmwareVerification.validResult("signature verified with "
                                + verifier.getAlgorithm());
                        return result;
                    }
                } catch (SignatureException e) {
                    // A malformed signature for one scheme may still fit the other; the verdict comes below.
                }
            }
            result = FirmwareVerification.invalidSignature("the signature does not verify with "
                    + verifiers.stream().map(Signature::getAlgorithm).collect(Collectors.joining(" or "))
                    + " over the firmware");
            return result;
        }
    }
}
