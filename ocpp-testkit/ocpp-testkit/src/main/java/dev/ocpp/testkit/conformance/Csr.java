package dev.ocpp.testkit.conformance;

import java.nio.ByteBuffer;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Checks that a station's {@code csr} is what OCPP asks for (2.0.1 A02, 1.6 security white paper A02; facts B.5): a
 * PEM-encoded PKCS#10 certification request (RFC 2986) whose DER has the request's shape and whose signature verifies
 * with the public key it carries (for RSA with SHA-2 and ECDSA with SHA-2; other algorithms are only read). Done with
 * the JDK alone, so that the testkit needs no ASN.1 library; bad input yields a message, never an exception.
 */
final class Csr {

    private static final String BEGIN = "-----BEGIN CERTIFICATE REQUEST-----";
    private static final String END = "-----END CERTIFICATE REQUEST-----";
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int OID = 0x06;
    private static final int ATTRIBUTES = 0xA0;

    /** DER object identifiers (content octets, hex) to the JDK's names. */
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            "2a864886f70d010101", "RSA",
            "2a8648ce3d0201", "EC");
    private static final Map<String, String> SIGNATURE_ALGORITHMS = Map.of(
            "2a864886f70d01010b", "SHA256withRSA",
            "2a864886f70d01010c", "SHA384withRSA",
            "2a864886f70d01010d", "SHA512withRSA",
            "2a8648ce3d040302", "SHA256withECDSA",
            "2a8648ce3d040303", "SHA384withECDSA",
            "2a8648ce3d040304", "SHA512withECDSA");

    private Csr() {
    }

    /** What is wrong with {@code pem} as a certification request, or {@code null} when nothing is. */
    static String problem(String pem) {
        String text = pem.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            return "it does not start with " + BEGIN + " and end with " + END;
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
        } catch (IllegalArgumentException e) {
            return "its body is not Base64: " + e.getMessage();
        }
        try {
            return check(der);
        } catch (RuntimeException e) {
            return "its DER is malformed: " + e;
        }
    }

    private static String check(byte[] der) throws RuntimeException {
        ByteBuffer all = ByteBuffer.wrap(der);
        Tlv request = Tlv.read(all);
        if (request.tag != SEQUENCE || all.hasRemaining()) {
            return "it is not one DER SEQUENCE";
        }
        ByteBuffer body = request.content();
        Tlv info = Tlv.read(body);
        Tlv signatureAlgorithm = Tlv.read(body);
        Tlv signature = Tlv.read(body);
        if (info.tag != SEQUENCE || signatureAlgorithm.tag != SEQUENCE || signature.tag != BIT_STRING
                || body.hasRemaining()) {
            return "it is not a SEQUENCE of certificationRequestInfo, signatureAlgorithm and signature";
        }
        ByteBuffer fields = info.content();
        Tlv version = Tlv.read(fields);
        Tlv subject = Tlv.read(fields);
        Tlv publicKeyInfo = Tlv.read(fields);
        if (version.tag != INTEGER || !Arrays.equals(version.value, new byte[] {0}) || subject.tag != SEQUENCE
                || publicKeyInfo.tag != SEQUENCE) {
            return "its certificationRequestInfo does not begin with version 0, a subject and a public key";
        }
        if (fields.hasRemaining() && Tlv.read(fields).tag != ATTRIBUTES) {
            return "its certificationRequestInfo has something else than attributes after the public key";
        }
        String keyAlgorithm = KEY_ALGORITHMS.get(oid(Tlv.read(publicKeyInfo.content()).content()));
        String algorithm = SIGNATURE_ALGORITHMS.get(oid(signatureAlgorithm.content()));
        if (keyAlgorithm == null || algorithm == null) {
            return null; // well-formed; a key or signature algorithm these checks do not verify
        }
        try {
            PublicKey key = KeyFactory.getInstance(keyAlgorithm)
                    .generatePublic(new X509EncodedKeySpec(publicKeyInfo.encoded));
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(info.encoded);
            byte[] bits = signature.value;
            if (bits.length < 2 || bits[0] != 0 || !verifier.verify(bits, 1, bits.length - 1)) {
                return "its signature (" + algorithm + ") does not verify with the public key it carries";
            }
            return null;
        } catch (java.security.GeneralSecurityException e) {
            return "its public key or signature cannot be read: " + e.getMessage();
        }
    }

    /** The object identifier at the start of {@code sequence}, as hex of its content octets. */
    private static String oid(ByteBuffer sequence) {
        Tlv oid = Tlv.read(sequence);
        return oid.tag == OID ? HexFormat.of().formatHex(oid.value) : "";
    }

    /** One DER element: its tag, its value, and its whole encoding. */
    private record Tlv(int tag, byte[] value, byte[] encoded) {

        /** Reads the element at {@code in}'s position; throws on truncated or indefinite-length input. */
        static Tlv read(ByteBuffer in) {
            int start = in.position();
            int tag = in.get() & 0xFF;
            int length = in.get() & 0xFF;
            if (length > 0x7F) {
                int octets = length & 0x7F;
                if (octets == 0 || octets > 3) {
                    throw new IllegalArgumentException("unsupported length of " + octets + " octets");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (in.get() & 0xFF);
                }
            }
            if (length > in.remaining()) {
                throw new IllegalArgumentException("an element of " + length + " bytes where " + in.remaining()
                        + " are left");
            }
            byte[] value = new byte[length];
            in.get(value);
            byte[] encoded = Arrays.copyOfRange(in.array(), in.arrayOffset() + start, in.arrayOffset() + in.position());
            return new Tlv(tag, value, encoded);
        }

        ByteBuffer content() {
            return ByteBuffer.wrap(value);
        }
    }
}
