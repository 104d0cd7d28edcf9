package dev.ocpp.security.pki;

import dev.ocpp.security.internal.pki.Crypto;
import dev.ocpp.security.internal.pki.FirmwareSignatures;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs firmware files the way {@link FirmwareVerifier} checks them (OCPP 2.0.1 Part 2 L01; OCPP 1.6 Security
 * Whitepaper, SignedUpdateFirmware): SHA-256 over the whole file, Base64 of the signature for the signature field.
 * Meant for tests and demos; a manufacturer signs with its own tooling. The file is streamed.
 */
public final class FirmwareSigner {

    private FirmwareSigner() {
    }

    /**
     * SHA256withECDSA for an EC key, SHA256withRSA (PKCS#1 v1.5) for an RSA key.
     *
     * @return the signature in Base64
     */
    public static String sign(InputStream firmware, PrivateKey key) throws IOException {
        try {
            return sign(firmware, key, Signature.getInstance(Crypto.sha256SignatureAlgorithm(key)));
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
    }

    /**
     * RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt, for an RSA key.
     *
     * @return the signature in Base64
     */
    public static String signRsaPss(InputStream firmware, PrivateKey key) throws IOException {
        if (!"RSA".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("RSA-PSS needs an RSA key, not " + key.getAlgorithm());
        }
        try {
            Signature pss = Signature.getInstance("RSASSA-PSS");
            pss.setParameter(FirmwareSignatures.PSS_SHA256);
            return sign(firmware, key, pss);
        } catch (GeneralSecurityException e) {
            throw Crypto.unexpected(e);
        }
    }

    private static String sign(InputStream firmware, PrivateKey key, Signature signature)
            throws IOException, GeneralSecurityException {
        signature.initSign(key);
        byte[] buffer = new byte[FirmwareVerifier.BUFFER_SIZE];
        int n;
        while ((n = firmware.read(buffer)) != -1) {
            signature.update(buffer, 0, n);
        }
        return Base64.getEncoder().encodeToString(signature.sign());
    }
}
