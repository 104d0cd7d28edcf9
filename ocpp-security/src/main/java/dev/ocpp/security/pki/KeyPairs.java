package dev.ocpp.security.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * Key pairs of the kinds OCPP accepts. OCPP 2.0.1 Part 2 A00 ("Keys used in certificates") and the OCPP 1.6
 * Security Whitepaper require RSA keys of at least 2048 bits or elliptic-curve keys of at least 224 bits; this class
 * offers the NIST P-256 curve and RSA from 2048 bits. The keys come from the JDK's providers.
 */
public final class KeyPairs {

    /** The smallest RSA modulus OCPP allows. */
    public static final int MIN_RSA_BITS = 2048;

    private KeyPairs() {
    }

    /** A fresh elliptic-curve key pair on secp256r1 (NIST P-256). */
    public static KeyPair ecP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make P-256 keys", e);
        }
    }

    /**
     * A fresh RSA key pair.
     *
     * @param bits modulus length, at least {@value #MIN_RSA_BITS}
     * @throws IllegalArgumentException below {@value #MIN_RSA_BITS} bits, which OCPP forbids
     */
    public static KeyPair rsa(int bits) {
        if (bits < MIN_RSA_BITS) {
            throw new IllegalArgumentException(
                    "RSA keys need at least " + MIN_RSA_BITS + " bits in OCPP, not " + bits);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make RSA keys", e);
        }
    }
}
