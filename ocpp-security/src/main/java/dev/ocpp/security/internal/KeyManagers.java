package dev.ocpp.security.internal;

import dev.ocpp.security.KeyMaterial;
import dev.ocpp.security.internal.pki.Crypto;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** The JDK's PKIX key and trust managers over in-memory key stores. */
public final class KeyManagers {

    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private KeyManagers() {
    }

    /** One entry per key; the JDK picks the one that fits the negotiated suite (RSA or ECDSA). */
    public static X509ExtendedKeyManager forKeys(List<KeyMaterial> keys) {
        try {
            KeyStore ks = Crypto.emptyKeyStore();
            int i = 0;
            for (KeyMaterial k : keys) {
                ks.setKeyEntry("key" + i++, k.privateKey(), IN_MEMORY, k.chain().toArray(X509Certificate[]::new));
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, IN_MEMORY);
            for (KeyManager km : kmf.getKeyManagers()) {
                if (km instanceof X509ExtendedKeyManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedKeyManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot use the key material: " + e.getMessage(), e);
        }
    }

    /**
     * A station's single client certificate, sent whatever CA names the CSMS lists: a station has one certificate
     * (A00.FR.503), and if the CSMS does not trust it, the CSMS must say so (InvalidChargingStationCertificate)
     * rather than see no certificate at all.
     */
    public static X509ExtendedKeyManager clientKey(KeyMaterial key) {
        X509ExtendedKeyManager d = forKeys(List.of(key));
        return new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return d.getClientAliases(keyType, null);
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return d.chooseClientAlias(keyType, null, socket);
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return d.chooseEngineClientAlias(keyType, null, engine);
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return d.getServerAliases(keyType, issuers);
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return d.chooseServerAlias(keyType, issuers, socket);
            }

            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                return d.chooseEngineServerAlias(keyType, issuers, engine);
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return d.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return d.getPrivateKey(alias);
            }
        };
    }

    /** PKIX validation against exactly these roots; revocation is not checked. */
    public static X509ExtendedTrustManager trusting(Collection<X509Certificate> roots) {
        try {
            KeyStore ks = Crypto.emptyKeyStore();
            int i = 0;
            for (X509Certificate c : roots) {
                ks.setCertificateEntry("root" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot use the trusted certificates: " + e.getMessage(), e);
        }
    }
}
