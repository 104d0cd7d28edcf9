package dev.ocpp.security.pki;

import dev.ocpp.security.internal.pki.Crypto;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * PEM text (RFC 7468) for the objects OCPP exchanges: certificates and certificate chains (CertificateSigned,
 * InstallCertificate, GetInstalledCertificateIds; OCPP 2.0.1 Part 2 A02/M05, OCPP 1.6 Security Whitepaper), CSRs
 * (SignCertificate, A02/A03) and private keys for local storage. Output always uses {@code \n} line ends, so that
 * lengths checked against OCPP's character limits do not depend on the platform.
 */
public final class Pem {

    private Pem() {
    }

    /**
     * PEM of a certificate, a certificate request or a key.
     *
     * @param object an {@link X509Certificate}, a {@link PrivateKey} (written as PKCS#8 "PRIVATE KEY"), a
     *     {@link PublicKey}, a {@link CertificateSigningRequest} or a Bouncy Castle
     *     {@link PKCS10CertificationRequest}
     * @throws IllegalArgumentException for any other object
     */
    public static String encode(Object object) {
        Objects.requireNonNull(object, "object");
        Object pemObject;
        if (object instanceof CertificateSigningRequest) {
            pemObject = ((CertificateSigningRequest) object).bouncyCastle();
        } else if (object instanceof PrivateKey) {
            try {
                // PKCS#8 rather than the OpenSSL-traditional forms: one format for every key type.
                pemObject = new JcaPKCS8Generator((PrivateKey) object, null);
            } catch (PemGenerationException e) {
                throw new IllegalArgumentException("cannot encode private key: " + e.getMessage(), e);
            }
        } else if (object instanceof X509Certificate || object instanceof PublicKey
                || object instanceof PKCS10CertificationRequest) {
            pemObject = object;
        } else {
            throw new IllegalArgumentException("no PEM form for " + object.getClass().getName());
        }
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(pemObject);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + object.getClass().getName() + ": " + e.getMessage(),
                    e);
        }
        return out.toString().replace("\r\n", "\n");
    }

    /** The certificates one after another, in list order (OCPP sends the leaf first). */
    public static String encodeChain(List<X509Certificate> chain) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : chain) {
            text.append(encode(certificate));
        }
        return text.toString();
    }

    /**
     * Every certificate in the text, in order. Text outside the PEM blocks is ignored, as RFC 7468 allows.
     *
     * @throws IllegalArgumentException if the text holds no certificate, a block is not a valid certificate, or a
     *     block holds something other than a certificate
     */
    public static List<X509Certificate> readCertificates(String pem) {
        Objects.requireNonNull(pem, "pem");
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (!(object instanceof X509CertificateHolder)) {
                    throw new IllegalArgumentException("PEM block " + (certificates.size() + 1)
                            + " is not a certificate but " + describe(object));
                }
                certificates.add(Crypto.toX509((X509CertificateHolder) object));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException("malformed PEM certificate after " + certificates.size()
                    + " good one(s): " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate (\"-----BEGIN CERTIFICATE-----\") in the text");
        }
        return List.copyOf(certificates);
    }

    /**
     * The private key in the text: PKCS#8 "PRIVATE KEY", or OpenSSL's traditional "EC PRIVATE KEY" / "RSA PRIVATE
     * KEY".
     *
     * @throws IllegalArgumentException if there is no unencrypted private key in the text
     */
    public static PrivateKey readPrivateKey(String pem) {
        return readPrivateKey(pem, null);
    }

    /**
     * The private key in the text, which may be encrypted: "ENCRYPTED PRIVATE KEY" (PKCS#8) or a traditional key
     * with a Proc-Type header.
     *
     * @param password the password, or {@code null} if the key is not encrypted
     * @throws IllegalArgumentException if there is no private key, the password is missing or wrong
     */
    public static PrivateKey readPrivateKey(String pem, char[] password) {
        Objects.requireNonNull(pem, "pem");
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof PrivateKeyInfo) {
                    return converter.getPrivateKey((PrivateKeyInfo) object);
                }
                if (object instanceof PEMKeyPair) {
                    return converter.getKeyPair((PEMKeyPair) object).getPrivate();
                }
                if (object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    PKCS8EncryptedPrivateKeyInfo encrypted = (PKCS8EncryptedPrivateKeyInfo) object;
                    return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Crypto.bouncyCastle())
                                    .build(requirePassword(password))));
                }
                if (object instanceof PEMEncryptedKeyPair) {
                    PEMEncryptedKeyPair encrypted = (PEMEncryptedKeyPair) object;
                    return converter.getKeyPair(encrypted.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(Crypto.bouncyCastle())
                                    .build(requirePassword(password)))).getPrivate();
                }
            }
        } catch (IOException | OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("cannot read the private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no PEM private key in the text");
    }

    private static char[] requirePassword(char[] password) {
        if (password == null) {
            throw new IllegalArgumentException("the private key is encrypted; a password is needed");
        }
        return password;
    }

    private static String describe(Object object) {
        return object.getClass().getSimpleName();
    }
}
