package dev.ocpp.security.pki;

import dev.ocpp.security.internal.pki.Crypto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;

/**
 * A certificate together with its private key and the chain a TLS peer or the CSMS needs to see: the certificate
 * first, then any intermediate CA certificates, without the root (OCPP 2.0.1 Part 2 A02 CertificateSigned sends the
 * chain in this order; the peer holds the root).
 *
 * @param privateKey the certificate's private key
 * @param certificate the certificate
 * @param chain {@code certificate} followed by the CA certificates between it and the root
 */
public record IssuedCertificate(PrivateKey privateKey, X509Certificate certificate, List<X509Certificate> chain) {

    /** The alias {@link #writePkcs12(Path, char[])} and {@link #keyManagers()} store the key under. */
    public static final String DEFAULT_ALIAS = "ocpp";

    /** Holds the chain as an unmodifiable copy and insists that it starts with the certificate. */
    public IssuedCertificate {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        chain = List.copyOf(chain);
        if (chain.isEmpty() || !chain.get(0).equals(certificate)) {
            throw new IllegalArgumentException("the chain must start with the certificate itself");
        }
    }

    /** An in-memory PKCS#12 key store with the key and its chain under {@code alias}. */
    public KeyStore toKeyStore(String alias, char[] password) {
        KeyStore store = Crypto.emptyKeyStore();
        try {
            store.setKeyEntry(alias, privateKey, password, chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
    }

    /** Key managers (algorithm PKIX) that present this certificate and chain in a TLS handshake. */
    public KeyManagerFactory keyManagers() {
        char[] password = "in-memory".toCharArray();
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(toKeyStore(DEFAULT_ALIAS, password), password);
            return factory;
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
    }

    /** The certificate as PEM. */
    public String certificatePem() {
        return Pem.encode(certificate);
    }

    /** The chain as PEM, certificate first: the form of CertificateSigned's certificateChain. */
    public String chainPem() {
        return Pem.encodeChain(chain);
    }

    /** The private key as PKCS#8 PEM, unencrypted. */
    public String privateKeyPem() {
        return Pem.encode(privateKey);
    }

    /** Writes {@link #toKeyStore} as a PKCS#12 file, the key under {@value #DEFAULT_ALIAS}. */
    public void writePkcs12(Path file, char[] password) throws IOException {
        KeyStore store = toKeyStore(DEFAULT_ALIAS, password);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
    }

    @Override
    public String toString() {
        // Never the key: records print every component by default.
        return "IssuedCertificate[" + certificate.getSubjectX500Principal().getName() + ", chain of " + chain.size()
                + "]";
    }
}
