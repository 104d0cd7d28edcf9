package dev.ocpp.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.security.pki.CertificateSigningRequest;
import dev.ocpp.security.pki.KeyPairs;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The CSR check of STATION-A02-certificate-signing, against requests made by ocpp-security and broken ones. */
class CsrTest {

    private static final String BEGIN = "-----BEGIN CERTIFICATE REQUEST-----\n";
    private static final String END = "\n-----END CERTIFICATE REQUEST-----\n";

    /** {@code csr} as PEM with its subject's serial number changed after signing: the signature no longer fits. */
    static String tampered(CertificateSigningRequest csr) {
        byte[] der = csr.getEncoded();
        byte[] from = "SN-1".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= der.length; i++) {
            boolean match = true;
            for (int j = 0; j < from.length && match; j++) {
                match = der[i + j] == from[j];
            }
            if (match) {
                der[i + from.length - 1] = '2';
                return pem(der);
            }
        }
        throw new IllegalArgumentException("the subject has no SN-1");
    }

    private static String pem(byte[] der) {
        return BEGIN + Base64.getMimeEncoder().encodeToString(der) + END;
    }

    @Test
    void anEcAndAnRsaRequestOfTheSecurityModulePass() {
        assertThat(Csr.problem(CertificateSigningRequest.chargingStation(KeyPairs.ecP256(), "dev.ocpp", "SN-1")
                .toPem())).isNull();
        assertThat(Csr.problem(CertificateSigningRequest.chargingStation(KeyPairs.rsa(2048), "dev.ocpp", "SN-1")
                .toPem())).isNull();
    }

    @Test
    void aRequestChangedAfterSigningFails() {
        assertThat(Csr.problem(tampered(CertificateSigningRequest.chargingStation(KeyPairs.rsa(2048), "dev.ocpp",
                "SN-1")))).isEqualTo("its signature (SHA256withRSA) does not verify with the public key it carries");
    }

    @Test
    void somethingElseInCsrArmourOrNoArmourAtAllFails() {
        assertThat(Csr.problem("MIIB")).startsWith("it does not start with -----BEGIN CERTIFICATE REQUEST-----");
        assertThat(Csr.problem(BEGIN + "not*base64" + END)).startsWith("its body is not Base64");
        String certificate = StationScenarios.UNTRUSTED_SIGNING_CERTIFICATE
                .replace("-----BEGIN CERTIFICATE-----\n", "").replace("-----END CERTIFICATE-----\n", "");
        assertThat(Csr.problem(BEGIN + certificate + END)).isEqualTo(
                "its certificationRequestInfo does not begin with version 0, a subject and a public key");
        byte[] der = CertificateSigningRequest.chargingStation(KeyPairs.ecP256(), "dev.ocpp", "SN-1").getEncoded();
        assertThat(Csr.problem(pem(java.util.Arrays.copyOf(der, der.length - 10)))).startsWith(
                "its DER is malformed");
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = 0x30;
            }
            assertThat(Csr.problem(pem(bytes))).isNotNull();
        }
    }
}
