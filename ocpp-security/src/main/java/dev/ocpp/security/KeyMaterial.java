package dev.ocpp.security;

import dev.ocpp.security.pki.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain: the CSMS's server certificate (profiles 2 and 3) or the station's client
 * certificate (profile 3). Immutable. Load it from PEM files or a PKCS#12 file, or take it from a
 * {@link dev.ocpp.security.pki.TestPki}.
 *
 * @param privateKey the private key
 * @param chain      the certificate chain, leaf first, without the root
 */
public record KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {

    public KeyMaterial {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf certificate");
        }
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("the private key (" + privateKey.getAlgorithm()
                    + ") does not belong to the leaf certificate (" + chain.get(0).getPublicKey().getAlgorithm() + ")");
        }
    }

    /** The leaf certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The key and chain of a certificate from a {@link dev.ocpp.security.pki.TestPki}. */
    public static KeyMaterial of(dev.ocpp.security.pki.IssuedCertificate issued) {
        return new KeyMaterial(issued.privateKey(), issued.chain());
    }

    /**
     * Reads the chain from one PEM file (leaf first) and the key from another (PKCS#8 or the traditional RSA/EC
     * forms); both may be the same file.
     */
    public static KeyMaterial fromPem(Path certificateChain, Path privateKey) throws IOException {
        return new KeyMaterial(Pem.readPrivateKey(Files.readString(privateKey)),
                Pem.readCertificates(Files.readString(certificateChain)));
    }

    /** Reads the first key entry of a PKCS#12 file. */
    public static KeyMaterial fromPkcs12(Path file, char[] password) throws IOException {
        KeyStore ks = loadPkcs12(file, password);
        try {
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    Key key = ks.getKey(alias, password);
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : ks.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    if (chain.size() > 1 && isSelfSigned(chain.get(chain.size() - 1))) {
                        chain.remove(chain.size() - 1);
                    }
                    return new KeyMaterial((PrivateKey) key, chain);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot read the key in " + file + ": " + e.getMessage(), e);
        }
        throw new IOException("No private key in " + file);
    }

    /**
     * Reads trusted certificates: every certificate of a PEM file, or every certificate entry of a PKCS#12 file
     * (chosen by the {@code .p12}/{@code .pfx} suffix).
     */
    public static List<X509Certificate> readCertificates(Path file, char[] pkcs12Password) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!(name.endsWith(".p12") || name.endsWith(".pfx"))) {
            return Pem.readCertificates(Files.readString(file));
        }
        KeyStore ks = loadPkcs12(file, pkcs12Password);
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (String alias : Collections.list(ks.aliases())) {
                Certificate c = ks.getCertificate(alias);
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static KeyStore loadPkcs12(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot open PKCS#12 file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSelfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + certificate().getSubjectX500Principal() + ", " + privateKey.getAlgorithm() + "]";
    }
}
