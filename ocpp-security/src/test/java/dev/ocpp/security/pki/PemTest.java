package dev.ocpp.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {

    @Test
    void readsEveryCertificateInOrderAndIgnoresTextAround() {
        String text = "leaf:\n" + Vectors.text("ec-leaf-small-serial.pem") + "then the CA\n"
                + Vectors.text("ec-intermediate.pem") + "the end";

        List<X509Certificate> certificates = Pem.readCertificates(text);

        assertThat(certificates).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=CP-SMALL,O=Vector Test", "CN=Vector EC Intermediate CA,O=Vector Test");
    }

    @Test
    void encodeChainReadsBackIdentically() {
        List<X509Certificate> chain = List.of(Vectors.certificate("ec-leaf-small-serial.pem"),
                Vectors.certificate("ec-intermediate.pem"));

        String pem = Pem.encodeChain(chain);

        assertThat(pem).doesNotContain("\r").startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(Pem.readCertificates(pem)).containsExactlyElementsOf(chain);
    }

    @Test
    void garbageGivesAClearMessage() {
        assertThatThrownBy(() -> Pem.readCertificates("no pem here"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> Pem.readCertificates(
                "-----BEGIN CERTIFICATE-----\nnot base64 !!!\n-----END CERTIFICATE-----\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> Pem.readCertificates(
                "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> Pem.readCertificates(Vectors.text("station.csr")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a certificate");
    }

    @Test
    void privateKeyFormsOfOpensslAllGiveTheSameKey() throws Exception {
        PrivateKey pkcs8 = Pem.readPrivateKey(Vectors.text("station-key.pem"));
        PrivateKey traditional = Pem.readPrivateKey(Vectors.text("station-key-traditional.pem"));
        PrivateKey encrypted = Pem.readPrivateKey(Vectors.text("station-key-encrypted.pem"), "secret".toCharArray());

        assertThat(pkcs8.getAlgorithm()).isEqualTo("EC");
        assertThat(sameScalar(traditional, pkcs8)).isTrue();
        assertThat(sameScalar(encrypted, pkcs8)).isTrue();
        assertThat(Pem.readPrivateKey(Vectors.text("rsa-leaf-key-traditional.pem")).getEncoded())
                .isEqualTo(Pem.readPrivateKey(Vectors.text("rsa-leaf-key.pem")).getEncoded());
    }

    @Test
    void encryptedKeyNeedsTheRightPassword() {
        String encrypted = Vectors.text("station-key-encrypted.pem");

        assertThatThrownBy(() -> Pem.readPrivateKey(encrypted))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> Pem.readPrivateKey(encrypted, "wrong".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void privateKeyIsWrittenAsPkcs8() {
        PrivateKey key = Pem.readPrivateKey(Vectors.text("station-key-traditional.pem"));

        String pem = Pem.encode(key);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Pem.readPrivateKey(pem).getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void noPrivateKeyInTheText() {
        assertThatThrownBy(() -> Pem.readPrivateKey(Vectors.text("ec-root.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM private key");
    }

    @Test
    void unknownObjectsCannotBeEncoded() {
        assertThatThrownBy(() -> Pem.encode("text")).isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean sameScalar(PrivateKey candidate, PrivateKey reference) {
        return java.util.Arrays.equals(
                ((java.security.interfaces.ECPrivateKey) candidate).getS().toByteArray(),
                ((java.security.interfaces.ECPrivateKey) reference).getS().toByteArray());
    }
}
