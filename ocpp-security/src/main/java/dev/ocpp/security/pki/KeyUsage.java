package dev.ocpp.security.pki;

/**
 * The bits of the X.509 key usage extension (RFC 5280 §4.2.1.3), in the order of
 * {@link java.security.cert.X509Certificate#getKeyUsage()}. OCPP's certificate checks look at digitalSignature for
 * end-entity certificates and keyCertSign for CAs.
 */
public enum KeyUsage {
    DIGITAL_SIGNATURE,
    NON_REPUDIATION,
    KEY_ENCIPHERMENT,
    DATA_ENCIPHERMENT,
    KEY_AGREEMENT,
    KEY_CERT_SIGN,
    CRL_SIGN,
    ENCIPHER_ONLY,
    DECIPHER_ONLY;

    /** Whether a certificate's key usage allows this use; a certificate without the extension allows every use. */
    public boolean allowedBy(java.security.cert.X509Certificate certificate) {
        boolean[] bits = certificate.getKeyUsage();
        return bits == null || (bits.length > ordinal() && bits[ordinal()]);
    }
}
