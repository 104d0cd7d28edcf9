package dev.ocpp.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringReader;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateSigningRequestTest {

    @Test
    void opensslCsrParsesWithSubjectAndKey() throws Exception {
        CertificateSigningRequest csr = CertificateSigningRequest.parse(Vectors.text("station.csr"));

        assertThat(csr.organization()).contains("Example CPO");
        assertThat(csr.commonName()).contains("CP-0001");
        assertThat(csr.publicKey()).isEqualTo(publicKeyOfTraditionalKeyFile("station-key-traditional.pem"));
    }

    @Test
    void csrWithBrokenSignatureIsRefused() {
        byte[] der = derOf(Vectors.text("station.csr"));
        der[der.length - 5] ^= 0x01; // inside the signature value, the last field of the request
        String tampered = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";

        assertThatThrownBy(() -> CertificateSigningRequest.parse(tampered))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signature");
    }

    @Test
    void csrWithChangedSubjectIsRefused() throws Exception {
        byte[] der = derOf(Vectors.text("station.csr"));
        String text = new String(der, StandardCharsets.ISO_8859_1).replace("CP-0001", "CP-0002");
        String forged = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1))
                + "\n-----END CERTIFICATE REQUEST-----\n";

        assertThatThrownBy(() -> CertificateSigningRequest.parse(forged))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signature");
    }

    @Test
    void garbageAndOtherPemObjectsAreRefused() {
        assertThatThrownBy(() -> CertificateSigningRequest.parse("hello"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM certificate request");
        assertThatThrownBy(() -> CertificateSigningRequest.parse(Vectors.text("ec-root.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM certificate request");
        assertThatThrownBy(() -> CertificateSigningRequest.parse(
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textLongerThan5500CharactersIsRefused() {
        String padded = Vectors.text("station.csr") + " ".repeat(CertificateSigningRequest.MAX_PEM_LENGTH);

        assertThatThrownBy(() -> CertificateSigningRequest.parse(padded))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5500");
    }

    @Test
    void chargingStationCsrHasOrganizationAndSerialAndRoundTrips() {
        KeyPair keys = KeyPairs.ecP256();

        CertificateSigningRequest csr = CertificateSigningRequest.chargingStation(keys, "Example CPO", "CP-0042");
        String pem = csr.toPem();
        CertificateSigningRequest parsed = CertificateSigningRequest.parse(pem);

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n")
                .hasSizeLessThanOrEqualTo(CertificateSigningRequest.MAX_PEM_LENGTH);
        assertThat(parsed.organization()).contains("Example CPO");
        assertThat(parsed.commonName()).contains("CP-0042");
        assertThat(parsed.publicKey()).isEqualTo(keys.getPublic());
        assertThat(parsed.subject()).isEqualTo(csr.subject());
    }

    @Test
    void ourCsrReadByBouncyCastleHasTheSubjectAndVerifies() throws Exception {
        KeyPair keys = KeyPairs.rsa(2048);
        CertificateSigningRequest csr = CertificateSigningRequest.chargingStation(keys, "Example CPO", "CP-RSA");

        PKCS10CertificationRequest bc = new PKCS10CertificationRequest(csr.getEncoded());

        X500Name subject = bc.getSubject();
        assertThat(subject.getRDNs(BCStyle.O)[0].getFirst().getValue().toString()).isEqualTo("Example CPO");
        assertThat(subject.getRDNs(BCStyle.CN)[0].getFirst().getValue().toString()).isEqualTo("CP-RSA");
        assertThat(bc.getSignatureAlgorithm().getAlgorithm().getId()).isEqualTo("1.2.840.113549.1.1.11");
        assertThat(bc.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                .build(keys.getPublic()))).isTrue();
    }

    @Test
    void v2gCsrCarriesSeccIdOrganizationAndDomainComponentCpo() {
        CertificateSigningRequest csr = CertificateSigningRequest.v2g(KeyPairs.ecP256(), "Example CPO", "DE*ABC*E1");

        X500Name subject = X500Name.getInstance(csr.subject().getEncoded());
        assertThat(csr.commonName()).contains("DE*ABC*E1");
        assertThat(csr.organization()).contains("Example CPO");
        assertThat(subject.getRDNs(BCStyle.DC)[0].getFirst().getValue().toString()).isEqualTo("CPO");
    }

    @Test
    void weakRsaKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        KeyPair weak = generator.generateKeyPair();

        assertThatThrownBy(() -> CertificateSigningRequest.chargingStation(weak, "Example CPO", "CP-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048");
    }

    @Test
    void opensslVerifiesOurCsrAndReadsItsSubject(@TempDir Path dir) throws Exception {
        OpenSsl.binary();
        CertificateSigningRequest csr = CertificateSigningRequest.chargingStation(KeyPairs.ecP256(),
                "Example CPO", "CP-0007");
        Files.writeString(dir.resolve("our.csr"), csr.toPem());

        OpenSsl.Result result = OpenSsl.run(dir, "req", "-in", "our.csr", "-noout", "-verify", "-subject");

        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).containsPattern("(?i)verify OK|self-signature ok")
                .contains("O = Example CPO").contains("CN = CP-0007");
    }

    @Test
    void csrMadeByTestPkiSigningIsTheRequestedSubjectAndKey() {
        TestPki pki = TestPki.builder().organization("Example CPO").intermediate(true).build();
        KeyPair keys = KeyPairs.ecP256();
        CertificateSigningRequest csr = CertificateSigningRequest.chargingStation(keys, "Example CPO", "CP-9");

        var chain = pki.sign(csr);

        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).getSubjectX500Principal()).isEqualTo(csr.subject());
        assertThat(chain.get(0).getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(chain.get(1)).isEqualTo(pki.intermediate().orElseThrow());
    }

    private static byte[] derOf(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static PublicKey publicKeyOfTraditionalKeyFile(String name) throws Exception {
        // The traditional (SEC 1) form of the fixture key carries the public point too.
        try (PEMParser parser = new PEMParser(new StringReader(Vectors.text(name)))) {
            return new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject()).getPublic();
        }
    }
}
