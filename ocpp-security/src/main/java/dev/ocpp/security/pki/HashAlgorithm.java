package dev.ocpp.security.pki;

/**
 * The hash algorithms of OCPP's CertificateHashData (OCPP 2.0.1 Part 2 §2.6 CertificateHashDataType and
 * HashAlgorithmEnumType; OCPP 1.6 Security Whitepaper, CertificateHashData), with the exact strings sent on the wire.
 */
public enum HashAlgorithm {
    /** SHA-256 (FIPS 180-4). */
    SHA256("SHA256", "SHA-256"),
    /** SHA-384 (FIPS 180-4). */
    SHA384("SHA384", "SHA-384"),
    /** SHA-512 (FIPS 180-4). */
    SHA512("SHA512", "SHA-512");

    private final String wireName;
    private final String jcaName;

    HashAlgorithm(String wireName, String jcaName) {
        this.wireName = wireName;
        this.jcaName = jcaName;
    }

    /** The value of the hashAlgorithm field, e.g. {@code "SHA256"}. */
    public String wireName() {
        return wireName;
    }

    /** The name for {@link java.security.MessageDigest#getInstance(String)}, e.g. {@code "SHA-256"}. */
    public String jcaName() {
        return jcaName;
    }

    /**
     * The algorithm with this wire name.
     *
     * @throws IllegalArgumentException for anything but {@code SHA256}, {@code SHA384} or {@code SHA512}
     */
    public static HashAlgorithm fromWireName(String wireName) {
        for (HashAlgorithm algorithm : values()) {
            if (algorithm.wireName.equals(wireName)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException(
                "hashAlgorithm must be SHA256, SHA384 or SHA512, not \"" + wireName + "\"");
    }
}
