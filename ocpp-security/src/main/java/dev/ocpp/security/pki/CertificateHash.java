package dev.ocpp.security.pki;

import dev.ocpp.security.internal.pki.Crypto;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * The CertificateHashData that identifies a certificate in OCPP (OCPP 2.0.1 Part 2 §2.6 CertificateHashDataType,
 * used by GetInstalledCertificateIds, DeleteCertificate and the OCSP requests of M03-M06; OCPP 1.6 Security
 * Whitepaper, CertificateHashData). Its fields are those of the OCSP CertID of RFC 6960 §4.1.1:
 * <ul>
 *   <li>{@code issuerNameHash}: hash of the DER encoding of the certificate's issuer name;</li>
 *   <li>{@code issuerKeyHash}: hash of the issuer's public key, i.e. of the contents of the subjectPublicKey BIT
 *       STRING in the issuer's certificate, without tag, length and unused-bits octet;</li>
 *   <li>{@code serialNumber}: the certificate's serial number in hexadecimal without leading zeroes.</li>
 * </ul>
 * This class writes lowercase hex. OCPP limits the hashes to 128 and the serial number to 40 characters.
 *
 * @param hashAlgorithm the algorithm both hashes were made with
 * @param issuerNameHash hex of the issuer name hash
 * @param issuerKeyHash hex of the issuer key hash
 * @param serialNumber hex of the serial number
 */
public record CertificateHash(HashAlgorithm hashAlgorithm, String issuerNameHash, String issuerKeyHash,
        String serialNumber) {

    /** OCPP's maximum length of issuerNameHash and issuerKeyHash. */
    public static final int MAX_HASH_LENGTH = 128;

    /** OCPP's maximum length of serialNumber (RFC 5280 allows 20 octets). */
    public static final int MAX_SERIAL_LENGTH = 40;

    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");

    /**
     * Checks the fields as they may arrive from a peer: hex digits within OCPP's length limits.
     *
     * @throws IllegalArgumentException for a field that is empty, not hex or too long
     */
    public CertificateHash {
        Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
        requireHex(issuerNameHash, "issuerNameHash", MAX_HASH_LENGTH);
        requireHex(issuerKeyHash, "issuerKeyHash", MAX_HASH_LENGTH);
        requireHex(serialNumber, "serialNumber", MAX_SERIAL_LENGTH);
    }

    /**
     * The hash data of {@code certificate}, which {@code issuer} issued.
     *
     * @throws IllegalArgumentException if the certificate's issuer name is not the issuer's subject name
     */
    public static CertificateHash of(X509Certificate certificate, X509Certificate issuer, HashAlgorithm algorithm) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new IllegalArgumentException("\"" + issuer.getSubjectX500Principal().getName()
                    + "\" did not issue the certificate; its issuer is \""
                    + certificate.getIssuerX500Principal().getName() + "\"");
        }
        try {
            byte[] issuerName = new JcaX509CertificateHolder(certificate).toASN1Structure().getIssuer()
                    .getEncoded(ASN1Encoding.DER);
            byte[] issuerKey = SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded())
                    .getPublicKeyData().getBytes();
            HexFormat hex = HexFormat.of();
            return new CertificateHash(algorithm, hex.formatHex(digest(algorithm, issuerName)),
                    hex.formatHex(digest(algorithm, issuerKey)), serialHex(certificate.getSerialNumber()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable certificate: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot DER-encode the issuer name: " + e.getMessage(), e);
        }
    }

    /** The hash data of a self-signed (root) certificate, which is its own issuer. */
    public static CertificateHash ofSelfSigned(X509Certificate root, HashAlgorithm algorithm) {
        return of(root, root, algorithm);
    }

    /**
     * Whether both identify the same certificate: same algorithm, and the same hex values regardless of case.
     * Serial numbers also compare equal when one carries leading zeroes, because some implementations (openssl
     * among them) print whole octets, e.g. {@code 0FFF} for {@code FFF}.
     */
    public boolean matches(CertificateHash other) {
        return hashAlgorithm == other.hashAlgorithm
                && issuerNameHash.equalsIgnoreCase(other.issuerNameHash)
                && issuerKeyHash.equalsIgnoreCase(other.issuerKeyHash)
                && new BigInteger(serialNumber, 16).equals(new BigInteger(other.serialNumber, 16));
    }

    /** The serial number as OCPP writes it: lowercase hex without leading zeroes and without "0x". */
    public static String serialHex(BigInteger serial) {
        if (serial.signum() < 0) {
            // RFC 5280 requires positive serials; a negative one has no defined OCPP form.
            throw new IllegalArgumentException("negative serial number " + serial);
        }
        return serial.toString(16).toLowerCase(Locale.ROOT);
    }

    private static byte[] digest(HashAlgorithm algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm.jcaName()).digest(data);
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
    }

    private static void requireHex(String value, String field, int maxLength) {
        Objects.requireNonNull(value, field);
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " has " + value.length() + " characters, OCPP allows "
                    + maxLength);
        }
        if (!HEX.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " is not hexadecimal: \"" + value + "\"");
        }
    }
}
