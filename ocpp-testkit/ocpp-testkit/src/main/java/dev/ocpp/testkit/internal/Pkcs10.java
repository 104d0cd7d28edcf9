package dev.ocpp.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import javax.security.auth.x500.X500Principal;

/**
 * PEM PKCS#10 certificate signing requests (RFC 2986) made with the JDK alone, for the SignCertificate a simulated
 * station sends (OCPP 2.0.1 A02/A03, 1.6 security extension): a new P-256 key pair, the subject, and a
 * SHA256withECDSA signature with that key. The JDK has no public API that writes a CSR, so the few DER structures
 * are written here rather than making the testkit depend on a crypto library.
 */
public final class Pkcs10 {

    /** ecdsa-with-SHA256, 1.2.840.10045.4.3.2 (RFC 5758 §3.2): no parameters. */
    private static final byte[] ECDSA_WITH_SHA256 = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04,
            0x03, 0x02};

    private Pkcs10() {
    }

    /**
     * A request for subject {@code O=organization, CN=commonName} (2.0.1 A02: O the organization name, CN the
     * station's serial number), PEM-encoded as {@code -----BEGIN CERTIFICATE REQUEST-----}.
     */
    public static String pem(String organization, String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            // X500Principal writes the Name in DER; RFC 2253 order is most significant last.
            byte[] subject = new X500Principal("CN=" + escape(commonName) + ",O=" + escape(organization))
                    .getEncoded();
            byte[] info = tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, subject, keys.getPublic().getEncoded(),
                    new byte[] {(byte) 0xA0, 0x00}));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(info);
            byte[] signature = signer.sign();
            byte[] request = tlv(0x30, concat(info, tlv(0x30, ECDSA_WITH_SHA256),
                    tlv(0x03, concat(new byte[] {0x00}, signature))));
            return "-----BEGIN CERTIFICATE REQUEST-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(request)
                    + "\n-----END CERTIFICATE REQUEST-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make a P-256 key or sign with it", e);
        }
    }

    private static String escape(String value) {
        return value.replaceAll("([,+\"\\\\<>;=#])", "\\\\$1");
    }

    /** A DER tag-length-value with a definite length. */
    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 4);
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xFF);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
