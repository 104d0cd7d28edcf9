package dev.ocpp.security.internal.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Key;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Shared crypto plumbing of the pki package. Bouncy Castle's provider is only ever handed to the builders that need
 * it, never installed in the JVM, so that using this library does not change which providers the application sees.
 */
public final class Crypto {

    private Crypto() {
    }

    /** Created on first use only: building the provider costs a noticeable fraction of a second. */
    private static final class Holder {
        static final Provider BC = new BouncyCastleProvider();
    }

    /** A private Bouncy Castle provider instance (not registered with {@link java.security.Security}). */
    public static Provider bouncyCastle() {
        return Holder.BC;
    }

    /** The SHA-256 signature algorithm OCPP prescribes for a key of this type. */
    public static String sha256SignatureAlgorithm(Key key) {
        switch (key.getAlgorithm()) {
            case "EC":
            case "ECDSA":
                return "SHA256withECDSA";
            case "RSA":
                return "SHA256withRSA";
            default:
                throw new IllegalArgumentException(
                        "unsupported key algorithm " + key.getAlgorithm() + " (OCPP uses RSA or EC keys)");
        }
    }

    /** Converts with the JDK's certificate factory, so the result is an ordinary JDK certificate. */
    public static X509Certificate toX509(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a usable X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** The JDK's X.509 certificate factory. */
    public static CertificateFactory x509Factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
    }

    /** An empty in-memory PKCS#12 key store, to put keys or trusted certificates in. */
    public static KeyStore emptyKeyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException e) {
            throw unexpected(e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot initialise an empty PKCS#12 key store", e);
        }
    }

    /** For checked exceptions that cannot happen with the JDK's standard algorithms. */
    public static IllegalStateException unexpected(GeneralSecurityException e) {
        return new IllegalStateException("JDK security provider failure: " + e.getMessage(), e);
    }
}
