package dev.ocpp.security.pki;

import dev.ocpp.security.internal.pki.Crypto;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertPathValidatorException.Reason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a certificate chain a charging station receives before it installs it: the certificateChain of
 * CertificateSigned (OCPP 2.0.1 Part 2 A02/A03, at most 10000 characters; OCPP 1.6 Security Whitepaper,
 * CertificateSigned.req) or the certificate of InstallCertificate (M05, at most 5500 characters). The chain is PEM,
 * leaf first, optionally followed by intermediate CA certificates and the root.
 *
 * <p>The checks, in order (the first failure is reported, see {@link ChainVerification.Failure}): the character
 * limit, PEM syntax, the number of certificates, each certificate's validity period at the clock's instant, the
 * order (each certificate issued by the next), basic constraints and key usage (leaf: digitalSignature; CA
 * certificates: cA=true and keyCertSign), and finally PKIX path validation (RFC 5280 §6) with the JDK's
 * {@link CertPathValidator} against the trust anchors at the clock's instant. Validity is checked explicitly before
 * the path so that an expired certificate is reported as such rather than as an untrusted path.
 *
 * <p>Revocation is <em>not</em> checked ({@link PKIXParameters#setRevocationEnabled(boolean) revocation disabled}):
 * stations often have no OCSP access, and OCPP 2.0.1 lets the CSMS do OCSP on the station's behalf (M06). Callers
 * that need revocation must check it separately.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CertificateChainVerifier {

    /** CertificateSigned's limit on certificateChain. */
    public static final int DEFAULT_MAX_PEM_LENGTH = 10000;

    /**
     * The default limit on certificates per chain: a leaf, two sub-CAs and the root, the deepest chain ISO 15118-2
     * allows and deeper than any OCPP profile needs.
     */
    public static final int DEFAULT_MAX_CHAIN_LENGTH = 4;

    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> anchorCertificates;
    private final int maxChainLength;
    private final int maxPemLength;
    private final Clock clock;

    private CertificateChainVerifier(Builder builder) {
        this.anchorCertificates = List.copyOf(builder.trustAnchors);
        Set<TrustAnchor> set = new LinkedHashSet<>();
        for (X509Certificate anchor : anchorCertificates) {
            set.add(new TrustAnchor(anchor, null));
        }
        this.anchors = Set.copyOf(set);
        this.maxChainLength = builder.maxChainLength;
        this.maxPemLength = builder.maxPemLength;
        this.clock = builder.clock;
    }

    /** A builder; trust anchors are required, the rest defaults to 4 certificates, 10000 characters, system UTC. */
    public static Builder builder() {
        return new Builder();
    }

    /** Checks the PEM text of a chain, leaf first; never throws for bad input. */
    public ChainVerification verifyPem(String pemChain) {
        Objects.requireNonNull(pemChain, "pemChain");
        if (pemChain.length() > maxPemLength) {
            return ChainVerification.failed(ChainVerification.Failure.TOO_LONG,
                    pemChain.length() + " characters, the limit is " + maxPemLength, List.of());
        }
        List<X509Certificate> chain;
        try {
            chain = Pem.readCertificates(pemChain);
        } catch (IllegalArgumentException e) {
            return ChainVerification.failed(ChainVerification.Failure.MALFORMED, e.getMessage(), List.of());
        }
        return verify(chain);
    }

    /** Checks a chain, leaf first; never throws for a bad chain. */
    public ChainVerification verify(List<X509Certificate> chainLeafFirst) {
        List<X509Certificate> chain = List.copyOf(chainLeafFirst);
        if (chain.isEmpty()) {
            return ChainVerification.failed(ChainVerification.Failure.MALFORMED, "no certificate", chain);
        }
        if (chain.size() > maxChainLength) {
            return ChainVerification.failed(ChainVerification.Failure.CHAIN_TOO_LONG,
                    chain.size() + " certificates, the limit is " + maxChainLength, chain);
        }
        Date now = Date.from(clock.instant());
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            try {
                certificate.checkValidity(now);
            } catch (CertificateExpiredException e) {
                return ChainVerification.failed(ChainVerification.Failure.EXPIRED,
                        describe(i, certificate) + " expired at " + certificate.getNotAfter().toInstant(), chain);
            } catch (CertificateNotYetValidException e) {
                return ChainVerification.failed(ChainVerification.Failure.NOT_YET_VALID,
                        describe(i, certificate) + " is valid from " + certificate.getNotBefore().toInstant(),
                        chain);
            }
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!chain.get(i).getIssuerX500Principal().equals(chain.get(i + 1).getSubjectX500Principal())) {
                return ChainVerification.failed(ChainVerification.Failure.MALFORMED, "not ordered leaf first: "
                        + describe(i + 1, chain.get(i + 1)) + " did not issue " + describe(i, chain.get(i)), chain);
            }
        }
        if (!KeyUsage.DIGITAL_SIGNATURE.allowedBy(chain.get(0))) {
            return ChainVerification.failed(ChainVerification.Failure.KEY_USAGE,
                    describe(0, chain.get(0)) + " does not allow digitalSignature", chain);
        }
        for (int i = 1; i < chain.size(); i++) {
            X509Certificate ca = chain.get(i);
            if (ca.getBasicConstraints() < 0) {
                return ChainVerification.failed(ChainVerification.Failure.NOT_A_CA,
                        describe(i, ca) + " issued another certificate but is not a CA (basicConstraints)", chain);
            }
            if (!KeyUsage.KEY_CERT_SIGN.allowedBy(ca)) {
                return ChainVerification.failed(ChainVerification.Failure.KEY_USAGE,
                        describe(i, ca) + " does not allow keyCertSign", chain);
            }
        }
        return validatePath(chain, now);
    }

    private ChainVerification validatePath(List<X509Certificate> chain, Date now) {
        // A sender may append the root; the path handed to PKIX must end below the anchor.
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && anchorCertificates.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        try {
            CertPath certPath = Crypto.x509Factory().generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(now);
            PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                    .validate(certPath, parameters);
            X509Certificate anchor = result.getTrustAnchor().getTrustedCert();
            if (anchor != null && (now.after(anchor.getNotAfter()) || now.before(anchor.getNotBefore()))) {
                // PKIX treats anchors as timeless; OCPP expects an expired root not to be trusted.
                return ChainVerification.failed(now.after(anchor.getNotAfter()) ? ChainVerification.Failure.EXPIRED
                        : ChainVerification.Failure.NOT_YET_VALID, "the trust anchor \""
                        + anchor.getSubjectX500Principal().getName() + "\" is outside its validity period", chain);
            }
            return ChainVerification.valid(chain, "trusted through \""
                    + result.getTrustAnchor().getTrustedCert().getSubjectX500Principal().getName() + "\"");
        } catch (CertPathValidatorException e) {
            return ChainVerification.failed(map(e.getReason()), "PKIX: " + e.getMessage()
                    + (e.getIndex() >= 0 ? " (certificate " + (e.getIndex() + 1) + ")" : ""), chain);
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("unusable trust anchors: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            return ChainVerification.failed(ChainVerification.Failure.MALFORMED, e.getMessage(), chain);
        }
    }

    private static ChainVerification.Failure map(Reason reason) {
        if (reason == BasicReason.EXPIRED) {
            return ChainVerification.Failure.EXPIRED;
        }
        if (reason == BasicReason.NOT_YET_VALID) {
            return ChainVerification.Failure.NOT_YET_VALID;
        }
        if (reason == PKIXReason.NOT_CA_CERT) {
            return ChainVerification.Failure.NOT_A_CA;
        }
        if (reason == PKIXReason.INVALID_KEY_USAGE) {
            return ChainVerification.Failure.KEY_USAGE;
        }
        return ChainVerification.Failure.UNTRUSTED;
    }

    private static String describe(int index, X509Certificate certificate) {
        return "certificate " + (index + 1) + " \"" + certificate.getSubjectX500Principal().getName() + "\"";
    }

    /** Configures a {@link CertificateChainVerifier}. */
    public static final class Builder {
        private final List<X509Certificate> trustAnchors = new ArrayList<>();
        private int maxChainLength = DEFAULT_MAX_CHAIN_LENGTH;
        private int maxPemLength = DEFAULT_MAX_PEM_LENGTH;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Adds trusted root certificates (for a station: the installed CSMS or V2G roots). */
        public Builder trustAnchors(Collection<X509Certificate> anchors) {
            for (X509Certificate anchor : anchors) {
                trustAnchors.add(Objects.requireNonNull(anchor, "trust anchor"));
            }
            return this;
        }

        /** The most certificates a chain may have, the root included if sent. */
        public Builder maxChainLength(int maxChainLength) {
            if (maxChainLength < 1) {
                throw new IllegalArgumentException("maxChainLength must be at least 1");
            }
            this.maxChainLength = maxChainLength;
            return this;
        }

        /**
         * The most characters of PEM text {@link CertificateChainVerifier#verifyPem} accepts (InstallCertificate:
         * 5500).
         */
        public Builder maxPemLength(int maxPemLength) {
            if (maxPemLength < 1) {
                throw new IllegalArgumentException("maxPemLength must be at least 1");
            }
            this.maxPemLength = maxPemLength;
            return this;
        }

        /** The clock that decides what "now" is for validity periods. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The verifier.
         *
         * @throws IllegalStateException without trust anchors
         */
        public CertificateChainVerifier build() {
            if (trustAnchors.isEmpty()) {
                throw new IllegalStateException("at least one trust anchor is needed");
            }
            return new CertificateChainVerifier(this);
        }
    }
}
