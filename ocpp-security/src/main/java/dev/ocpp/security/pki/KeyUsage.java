package dev.ocpp.security.pki;

import java.security.cert.X509Certificate;

/**
 * The bits of the X.509 key usage extension (RFC 5280 §4.2.1.3), in the order of
 * {@link java.security.cert.X509Certificate#getKeyUsage()}. OCPP's certificate checks look at digitalSignature for
 * end-entity certificates and keyCertSign for CAs.
 */
public enum KeyUsage {
    /** digitalSignature (0): signatures other than on certificates and CRLs, e.g. in a TLS handshake. */
    DIGITAL_SIGNATURE,
    /** nonRepudiation / contentCommitment (1). */
    NON_REPUDIATION,
    /** keyEncipherment (2): RSA key transport. */
    KEY_ENCIPHERMENT,
    /** dataEncipherment (3). */
    DATA_ENCIPHERMENT,
    /** keyAgreement (4): (EC)DH key agreement. */
    KEY_AGREEMENT,
    /** keyCertSign (5): signing certificates, which makes a CA. */
    KEY_CERT_SIGN,
    /** cRLSign (6). */
    CRL_SIGN,
    /** encipherOnly (7), meaningful with keyAgreement only. */
    ENCIPHER_ONLY,
    /** decipherOnly (8), meaningful with keyAgreement only. */
    DECIPHER_ONLY;

    /** Whether a certificate's key usage allows this use; a certificate without the extension allows every use. */
    public boolean allowedBy(X509Certificate certificate) {
        boolean[] bits = certificate.getKeyUsage();
        return bits == null || (bits.length > ordinal() && bits[ordinal()]);
    }
}
