package dev.ocpp.security.pki;

import dev.ocpp.security.internal.pki.Crypto;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A throw-away public key infrastructure held in memory, for tests and demos of the OCPP security profiles (OCPP
 * 2.0.1 Part 2 A00-A03, OCPP 1.6 Security Whitepaper): a self-signed root CA, optionally an intermediate CA under
 * it, and end-entity certificates for a CSMS (TLS server), charging stations (TLS client, CN = serial number) and
 * anything a test needs to be wrong (expired, not yet valid, missing key usage, not a CA, self-signed).
 *
 * <p>Nothing here is fit for production: keys live only in memory and are never protected. Certificates are signed
 * with SHA-256 (SHA256withECDSA or SHA256withRSA) as OCPP requires, with random positive 64-bit serial numbers.
 * The root is valid for 10 years, the intermediate for 5, end-entity certificates for 1 year, each starting one
 * minute before the clock's current instant so that a peer whose clock is slightly behind still accepts them.
 *
 * <pre>{@code
 * TestPki pki = TestPki.builder().organization("Example CPO").intermediate(true).build();
 * IssuedCertificate csms = pki.serverCertificate("localhost", "localhost", "127.0.0.1");
 * IssuedCertificate station = pki.stationCertificate("CP-0001");
 * SSLContext server = ...init(csms.keyManagers().getKeyManagers(), pki.trustManagers().getTrustManagers(), null);
 * }</pre>
 */
public final class TestPki {

    private static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String organization;
    private final KeyType keyType;
    private final Clock clock;
    private final Authority root;
    private final Authority intermediate;

    private TestPki(Builder builder) {
        this.organization = builder.organization;
        this.keyType = builder.keyType;
        this.clock = builder.clock;
        Instant now = clock.instant();
        KeyPair rootKeys = keyType.generate();
        X500Name rootName = name(null, organization, organization + " Root CA");
        X509Certificate rootCertificate = sign(rootName, rootKeys.getPrivate(), null, rootName, rootKeys.getPublic(),
                randomSerial(), now.minus(BACKDATE), plusYears(now, 10), CaFlag.CA_ANY_DEPTH,
                EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN), List.of());
        this.root = new Authority(rootName, rootKeys.getPrivate(), rootCertificate, List.of());
        if (builder.intermediate) {
            KeyPair keys = keyType.generate();
            X500Name subject = name(null, organization, organization + " Intermediate CA");
            X509Certificate certificate = sign(rootName, rootKeys.getPrivate(), rootCertificate, subject,
                    keys.getPublic(), randomSerial(), now.minus(BACKDATE), plusYears(now, 5), CaFlag.CA_LAST,
                    EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN), List.of());
            this.intermediate = new Authority(subject, keys.getPrivate(), certificate, List.of(certificate));
        } else {
            this.intermediate = null;
        }
    }

    /** A builder: organisation "OCPP Test PKI", EC P-256 keys, no intermediate, the system clock (UTC). */
    public static Builder builder() {
        return new Builder();
    }

    /** The self-signed root CA certificate: the trust anchor for everything this PKI issues. */
    public X509Certificate root() {
        return root.certificate;
    }

    /** The intermediate CA certificate, if the PKI was built with one. */
    public Optional<X509Certificate> intermediate() {
        return Optional.ofNullable(intermediate).map(a -> a.certificate);
    }

    /** The organisation name in every subject this PKI creates (O attribute). */
    public String organization() {
        return organization;
    }

    /**
     * A TLS server certificate for a CSMS (OCPP 2.0.1 Part 2 A00: the station checks the CSMS's host name against
     * the certificate). Subject CN = {@code commonName}, O = the organisation; each subject alternative name that is
     * an IPv4 or IPv6 literal becomes an iPAddress entry, any other a dNSName entry. Key usage is digitalSignature
     * plus keyEncipherment (RSA) or keyAgreement (EC). There is no extended key usage, which OCPP 2.0.1 advises
     * against.
     */
    public IssuedCertificate serverCertificate(String commonName, String... subjectAltNames) {
        return leaf().commonName(commonName).subjectAltNames(subjectAltNames).issue();
    }

    /**
     * A charging station certificate (OCPP 2.0.1 Part 2 A00 "Charging Station certificate"; OCPP 1.6 Security
     * Whitepaper): CN = the station's serial number, O = the organisation (the CSMS operator's name, configuration
     * SecurityCtrlr.OrganizationName or CpoName). Key usage digitalSignature plus keyEncipherment (RSA) or keyAgreement
     * (EC).
     */
    public IssuedCertificate stationCertificate(String serialNumber) {
        return leaf().commonName(serialNumber).issue();
    }

    /** A builder for any other certificate, issued by default like {@link #stationCertificate}. */
    public LeafBuilder leaf() {
        return new LeafBuilder();
    }

    /**
     * Signs a certificate for the key and subject of a certificate request, as a CSMS does on SignCertificate
     * (OCPP 2.0.1 Part 2 A02/A03) before it answers with CertificateSigned. The request's own signature is not
     * checked here; {@link CertificateSigningRequest#parse} does that.
     *
     * @return the new certificate followed by the intermediate, if any: the certificateChain to send
     */
    public List<X509Certificate> sign(CertificateSigningRequest request) {
        Authority issuer = intermediate != null ? intermediate : root;
        Instant now = clock.instant();
        PublicKey key = request.publicKey();
        X509Certificate certificate = sign(issuer.name, issuer.privateKey, issuer.certificate,
                X500Name.getInstance(request.subject().getEncoded()), key, randomSerial(), now.minus(BACKDATE),
                plusYears(now, 1), CaFlag.END_ENTITY, defaultUsage(key), List.of());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuer.chain);
        return List.copyOf(chain);
    }

    /** A PKCS#12 key store with the root as its only entry, a trusted certificate under the alias "root". */
    public KeyStore trustStore() {
        KeyStore store = Crypto.emptyKeyStore();
        try {
            store.setCertificateEntry("root", root.certificate);
            return store;
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
    }

    /** PKIX trust managers that trust exactly this PKI's root. */
    public TrustManagerFactory trustManagers() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(trustStore());
            return factory;
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
    }

    /** The root certificate as PEM (the form InstallCertificate carries, OCPP 2.0.1 Part 2 M05). */
    public String rootPem() {
        return Pem.encode(root.certificate);
    }

    /** Writes {@link #rootPem()} to a file, for tools such as openssl or a browser. */
    public void writeRootPem(Path file) throws IOException {
        Files.writeString(file, rootPem(), StandardCharsets.US_ASCII);
    }

    /** Configures a {@link TestPki}; every setting has a default. */
    public static final class Builder {
        private String organization = "OCPP Test PKI";
        private KeyType keyType = KeyType.EC_P256;
        private boolean intermediate;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The O attribute of every subject, and part of the CA names. */
        public Builder organization(String organization) {
            this.organization = requireText(organization, "organization");
            return this;
        }

        /** The key type of the CAs and the default for end-entity certificates. */
        public Builder keyType(KeyType keyType) {
            this.keyType = Objects.requireNonNull(keyType, "keyType");
            return this;
        }

        /** Whether end-entity certificates are issued by an intermediate CA rather than by the root. */
        public Builder intermediate(boolean intermediate) {
            this.intermediate = intermediate;
            return this;
        }

        /** The clock validity periods start from. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Generates the keys and CA certificates. */
        public TestPki build() {
            return new TestPki(this);
        }
    }

    /**
     * One certificate to issue. Defaults: CN "leaf", O = the PKI's organisation, no subject alternative names, the
     * PKI's key type with a fresh key pair, valid for a year from one minute before now, key usage as for
     * {@link #stationCertificate}, not a CA, issued by the intermediate if there is one, else by the root.
     */
    public final class LeafBuilder {
        private String commonName = "leaf";
        private String organization = TestPki.this.organization;
        private String domainComponent;
        private X500Principal subject;
        private final List<String> subjectAltNames = new ArrayList<>();
        private Instant notBefore;
        private Instant notAfter;
        private KeyType keyType = TestPki.this.keyType;
        private KeyPair keyPair;
        private Set<KeyUsage> keyUsage;
        private boolean omitKeyUsage;
        private boolean ca;
        private BigInteger serialNumber;
        private IssuedCertificate issuedBy;
        private boolean byRoot;
        private boolean selfSigned;

        private LeafBuilder() {
        }

        /** The subject's CN. */
        public LeafBuilder commonName(String commonName) {
            this.commonName = requireText(commonName, "commonName");
            return this;
        }

        /** The subject's O; {@code null} leaves it out. */
        public LeafBuilder organization(String organization) {
            this.organization = organization;
            return this;
        }

        /** A DC attribute in the subject (ISO 15118-2 SECC certificates carry DC=CPO); {@code null} for none. */
        public LeafBuilder domainComponent(String domainComponent) {
            this.domainComponent = domainComponent;
            return this;
        }

        /**
         * This exact subject name, replacing the CN, O and DC set on this builder: for subjects those setters cannot
         * make, such as one with two CN attributes (which a profile-3 CSMS must refuse, since it has no single CN).
         */
        public LeafBuilder subject(X500Principal subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /** Subject alternative names: IP literals become iPAddress entries, anything else dNSName entries. */
        public LeafBuilder subjectAltNames(String... names) {
            for (String name : names) {
                subjectAltNames.add(requireText(name, "subject alternative name"));
            }
            return this;
        }

        /** Start of the validity period. */
        public LeafBuilder notBefore(Instant notBefore) {
            this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
            return this;
        }

        /** End of the validity period. */
        public LeafBuilder notAfter(Instant notAfter) {
            this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
            return this;
        }

        /** The type of the fresh key pair. */
        public LeafBuilder keyType(KeyType keyType) {
            this.keyType = Objects.requireNonNull(keyType, "keyType");
            this.keyPair = null;
            return this;
        }

        /** Certifies this key pair instead of a fresh one. */
        public LeafBuilder keyPair(KeyPair keyPair) {
            this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
            return this;
        }

        /** Exactly these key usage bits; none at all gives a key usage extension with no bit set. */
        public LeafBuilder keyUsage(KeyUsage... usages) {
            this.keyUsage = usages.length == 0 ? Set.of() : EnumSet.of(usages[0], usages);
            this.omitKeyUsage = false;
            return this;
        }

        /** No key usage extension at all (then every use is allowed, RFC 5280 §4.2.1.3). */
        public LeafBuilder withoutKeyUsage() {
            this.omitKeyUsage = true;
            this.keyUsage = null;
            return this;
        }

        /**
         * Makes the certificate a CA (basicConstraints cA=true, key usage keyCertSign and cRLSign unless set
         * otherwise), so that it can in turn issue certificates through {@link #issuedBy}.
         */
        public LeafBuilder ca(boolean ca) {
            this.ca = ca;
            return this;
        }

        /** A fixed serial number instead of a random one. */
        public LeafBuilder serialNumber(BigInteger serialNumber) {
            if (serialNumber.signum() <= 0) {
                throw new IllegalArgumentException("serial numbers are positive (RFC 5280 §4.1.2.2)");
            }
            this.serialNumber = serialNumber;
            return this;
        }

        /** Issued by the root even if the PKI has an intermediate (firmware signing certificates are). */
        public LeafBuilder issuedByRoot() {
            this.byRoot = true;
            this.issuedBy = null;
            this.selfSigned = false;
            return this;
        }

        /**
         * Issued by another certificate of this or another PKI, whatever its basic constraints say; the new chain is
         * the new certificate followed by the issuer's chain.
         */
        public LeafBuilder issuedBy(IssuedCertificate issuer) {
            this.issuedBy = Objects.requireNonNull(issuer, "issuer");
            this.byRoot = false;
            this.selfSigned = false;
            return this;
        }

        /** Self-signed: trusted by nobody unless installed as an anchor. */
        public LeafBuilder selfSigned() {
            this.selfSigned = true;
            this.issuedBy = null;
            this.byRoot = false;
            return this;
        }

        /** Generates the key pair (unless given) and the certificate. */
        public IssuedCertificate issue() {
            Instant now = clock.instant();
            Instant from = notBefore != null ? notBefore : now.minus(BACKDATE);
            Instant until = notAfter != null ? notAfter : plusYears(from, 1);
            if (!until.isAfter(from)) {
                throw new IllegalArgumentException("notAfter " + until + " is not after notBefore " + from);
            }
            KeyPair keys = keyPair != null ? keyPair : keyType.generate();
            X500Name subject = this.subject != null ? X500Name.getInstance(this.subject.getEncoded())
                    : name(domainComponent, organization, commonName);
            Set<KeyUsage> usage = omitKeyUsage ? null
                    : keyUsage != null ? keyUsage
                    : ca ? EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN)
                    : defaultUsage(keys.getPublic());
            CaFlag flag = ca ? CaFlag.CA_ANY_DEPTH : CaFlag.END_ENTITY;
            BigInteger serial = serialNumber != null ? serialNumber : randomSerial();

            X500Name issuerName;
            PrivateKey issuerKey;
            X509Certificate issuerCertificate;
            List<X509Certificate> above;
            if (selfSigned) {
                issuerName = subject;
                issuerKey = keys.getPrivate();
                issuerCertificate = null;
                above = List.of();
            } else if (issuedBy != null) {
                issuerName = X500Name.getInstance(
                        issuedBy.certificate().getSubjectX500Principal().getEncoded());
                issuerKey = issuedBy.privateKey();
                issuerCertificate = issuedBy.certificate();
                above = issuedBy.chain();
            } else {
                Authority authority = byRoot || intermediate == null ? root : intermediate;
                issuerName = authority.name;
                issuerKey = authority.privateKey;
                issuerCertificate = authority.certificate;
                above = authority.chain;
            }
            X509Certificate certificate = sign(issuerName, issuerKey, issuerCertificate, subject, keys.getPublic(),
                    serial, from, until, flag, usage, subjectAltNames);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            chain.addAll(above);
            return new IssuedCertificate(keys.getPrivate(), certificate, chain);
        }
    }

    private enum CaFlag { END_ENTITY, CA_LAST, CA_ANY_DEPTH }

    /** A CA of this PKI; {@code chain} is what a certificate it issues carries above itself (never the root). */
    private static final class Authority {
        final X500Name name;
        final PrivateKey privateKey;
        final X509Certificate certificate;
        final List<X509Certificate> chain;

        Authority(X500Name name, PrivateKey privateKey, X509Certificate certificate, List<X509Certificate> chain) {
            this.name = name;
            this.privateKey = privateKey;
            this.certificate = certificate;
            this.chain = chain;
        }
    }

    private static Set<KeyUsage> defaultUsage(PublicKey key) {
        // keyEncipherment only makes sense for RSA; an EC key takes part in key exchange through keyAgreement.
        return "RSA".equals(key.getAlgorithm())
                ? EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT)
                : EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT);
    }

    private static X500Name name(String domainComponent, String organization, String commonName) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        if (domainComponent != null) {
            builder.addRDN(BCStyle.DC, domainComponent);
        }
        if (organization != null) {
            builder.addRDN(BCStyle.O, organization);
        }
        builder.addRDN(BCStyle.CN, commonName);
        return builder.build();
    }

    private static X509Certificate sign(X500Name issuer, PrivateKey issuerKey, X509Certificate issuerCertificate,
            X500Name subject, PublicKey subjectKey, BigInteger serial, Instant notBefore, Instant notAfter,
            CaFlag caFlag, Set<KeyUsage> usage, List<String> subjectAltNames) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, subjectKey);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true,
                    caFlag == CaFlag.END_ENTITY ? new BasicConstraints(false)
                            : caFlag == CaFlag.CA_LAST ? new BasicConstraints(0) : new BasicConstraints(true));
            if (usage != null) {
                builder.addExtension(Extension.keyUsage, true, keyUsage(usage));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(subjectKey));
            if (issuerCertificate != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuerCertificate.getPublicKey()));
            }
            if (!subjectAltNames.isEmpty()) {
                GeneralName[] names = subjectAltNames.stream()
                        .map(n -> IPAddress.isValid(n) ? new GeneralName(GeneralName.iPAddress, n)
                                : new GeneralName(GeneralName.dNSName, n))
                        .toArray(GeneralName[]::new);
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            ContentSigner signer = new JcaContentSignerBuilder(Crypto.sha256SignatureAlgorithm(issuerKey))
                    .build(issuerKey);
            return Crypto.toX509(builder.build(signer));
        } catch (CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build certificate for " + subject + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
    }

    private static org.bouncycastle.asn1.x509.KeyUsage keyUsage(Set<KeyUsage> usage) {
        // BC numbers the bits as masks within the DER BIT STRING: digitalSignature is 0x80, decipherOnly 0x8000.
        int mask = 0;
        for (KeyUsage bit : usage) {
            int ordinal = bit.ordinal();
            mask |= ordinal < 8 ? 1 << (7 - ordinal) : 1 << (15 - (ordinal - 8));
        }
        return new org.bouncycastle.asn1.x509.KeyUsage(mask);
    }

    private static BigInteger randomSerial() {
        BigInteger serial;
        do {
            serial = new BigInteger(64, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    private static Instant plusYears(Instant instant, int years) {
        return ZonedDateTime.ofInstant(instant, java.time.ZoneOffset.UTC).plusYears(years).toInstant();
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
