package dev.ocpp.security.pki;

import dev.ocpp.security.internal.SubjectNames;
import dev.ocpp.security.internal.pki.Crypto;
import java.io.IOException;
import java.io.StringReader;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A PKCS#10 certificate signing request (RFC 2986) as a charging station sends it in SignCertificate (OCPP 2.0.1
 * Part 2 A02 "Update Charging Station Certificate by request of CSMS" and A03 "... initiated by the Charging
 * Station"; OCPP 1.6 Security Whitepaper, SignCertificate.req). The field {@code csr} carries it PEM-encoded, at most
 * {@value #MAX_PEM_LENGTH} characters. The station generates the key pair itself and its private key never leaves the
 * station; only the request, signed with that key (SHA-256), does.
 *
 * <p>Instances are immutable. The CSMS side uses {@link #parse(String)}, which checks the request's own signature,
 * and then {@link #organization()} and {@link #commonName()} before it forwards the request to its CA.
 */
public final class CertificateSigningRequest {

    /** The maximum length of the csr field of SignCertificate. */
    public static final int MAX_PEM_LENGTH = 5500;

    private static final int MIN_EC_BITS = 224;

    private final PKCS10CertificationRequest request;
    private final PublicKey publicKey;

    private CertificateSigningRequest(PKCS10CertificationRequest request, PublicKey publicKey) {
        this.request = request;
        this.publicKey = publicKey;
    }

    /**
     * The request for a charging station certificate (certificateType ChargingStationCertificate; 1.6:
     * ChargePointCertificate): subject O = the organisation (2.0.1 SecurityCtrlr.OrganizationName, 1.6 configuration
     * key CpoName), CN = the station's serial number.
     *
     * @throws IllegalArgumentException for a key OCPP does not allow (RSA below 2048, EC below 224 bits)
     */
    public static CertificateSigningRequest chargingStation(KeyPair keys, String organization, String serialNumber) {
        return create(keys, null, organization, serialNumber);
    }

    /**
     * The request for an ISO 15118 SECC certificate (OCPP 2.0.1 certificateType V2GCertificate): subject
     * CN = ISO15118Ctrlr.SeccId, O = the organisation, and DC = {@code CPO}, the domain component ISO 15118-2 puts in
     * SECC certificates.
     *
     * @throws IllegalArgumentException for a key OCPP does not allow (RSA below 2048, EC below 224 bits)
     */
    public static CertificateSigningRequest v2g(KeyPair keys, String organization, String seccId) {
        return create(keys, "CPO", organization, seccId);
    }

    private static CertificateSigningRequest create(KeyPair keys, String domainComponent, String organization,
            String commonName) {
        Objects.requireNonNull(keys, "keys");
        requireText(organization, "organization");
        requireText(commonName, "common name");
        requireStrongKey(keys.getPublic());
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        if (domainComponent != null) {
            name.addRDN(BCStyle.DC, domainComponent);
        }
        name.addRDN(BCStyle.O, organization).addRDN(BCStyle.CN, commonName);
        PrivateKey privateKey = keys.getPrivate();
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(name.build(),
                    keys.getPublic()).build(
                    new JcaContentSignerBuilder(Crypto.sha256SignatureAlgorithm(privateKey)).build(privateKey));
            return new CertificateSigningRequest(request, keys.getPublic());
        } catch (OperatorCreationException e) {
            throw new IllegalArgumentException("cannot sign the request with this key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a PEM request ("-----BEGIN CERTIFICATE REQUEST-----") and checks its signature with the public key it
     * contains, which proves that the sender holds the private key.
     *
     * @throws IllegalArgumentException if the text is longer than {@value #MAX_PEM_LENGTH} characters, holds no
     *     request, the signature does not verify, or the key does not meet OCPP's size rules
     */
    public static CertificateSigningRequest parse(String pem) {
        Objects.requireNonNull(pem, "pem");
        if (pem.length() > MAX_PEM_LENGTH) {
            throw new IllegalArgumentException("the CSR has " + pem.length() + " characters; OCPP allows "
                    + MAX_PEM_LENGTH);
        }
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            object = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed PEM certificate request: " + e.getMessage(), e);
        }
        if (!(object instanceof PKCS10CertificationRequest)) {
            throw new IllegalArgumentException("no PEM certificate request (\"-----BEGIN CERTIFICATE REQUEST-----\")"
                    + (object == null ? "" : " but " + object.getClass().getSimpleName()));
        }
        PKCS10CertificationRequest request = (PKCS10CertificationRequest) object;
        PublicKey key;
        try {
            key = new JcaPKCS10CertificationRequest(request).getPublicKey();
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("the CSR's public key is unusable: " + e.getMessage(), e);
        }
        requireStrongKey(key);
        boolean valid;
        try {
            valid = request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            throw new IllegalArgumentException("cannot check the CSR's signature: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new IllegalArgumentException("the CSR's signature does not match its public key");
        }
        return new CertificateSigningRequest(request, key);
    }

    /** The request as PEM, the form of SignCertificate's csr field. */
    public String toPem() {
        String pem = Pem.encode(request);
        if (pem.length() > MAX_PEM_LENGTH) {
            throw new IllegalStateException("the CSR has " + pem.length() + " characters; OCPP allows "
                    + MAX_PEM_LENGTH);
        }
        return pem;
    }

    /** The requested subject name. */
    public X500Principal subject() {
        try {
            return new X500Principal(request.getSubject().getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the subject name", e);
        }
    }

    /** The subject's CN (the station's serial number, or the SECC ID), if there is one. */
    public Optional<String> commonName() {
        return attribute(BCStyle.CN);
    }

    /** The subject's O (the organisation name), if there is one. */
    public Optional<String> organization() {
        return attribute(BCStyle.O);
    }

    /** The public key to be certified. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The DER encoding of the request. */
    public byte[] getEncoded() {
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the request", e);
        }
    }

    /** Bouncy Castle's view, for {@link Pem} and {@link TestPki}. */
    PKCS10CertificationRequest bouncyCastle() {
        return request;
    }

    private Optional<String> attribute(ASN1ObjectIdentifier type) {
        return SubjectNames.values(request.getSubject(), type).stream().findFirst();
    }

    private static void requireStrongKey(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            int bits = ((RSAPublicKey) key).getModulus().bitLength();
            if (bits < KeyPairs.MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA key of " + bits + " bits; OCPP requires at least "
                        + KeyPairs.MIN_RSA_BITS);
            }
        } else if (key instanceof ECPublicKey) {
            int bits = ((ECPublicKey) key).getParams().getOrder().bitLength();
            if (bits < MIN_EC_BITS) {
                throw new IllegalArgumentException("EC key of " + bits + " bits; OCPP requires at least "
                        + MIN_EC_BITS);
            }
        } else {
            throw new IllegalArgumentException("OCPP uses RSA or EC keys, not " + key.getAlgorithm());
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return "CertificateSigningRequest[" + subject().getName() + "]";
    }
}
