package dev.ocpp.security.pki;

import java.security.KeyPair;

/** The key types {@link TestPki} issues certificates for; both satisfy OCPP 2.0.1 Part 2 A00's key size rules. */
public enum KeyType {

    /** Elliptic curve secp256r1 (NIST P-256), signing with SHA256withECDSA. */
    EC_P256,

    /** RSA with a 2048-bit modulus, signing with SHA256withRSA. */
    RSA_2048;

    /** A fresh key pair of this type. */
    public KeyPair generate() {
        return this == EC_P256 ? KeyPairs.ecP256() : KeyPairs.rsa(2048);
    }
}
