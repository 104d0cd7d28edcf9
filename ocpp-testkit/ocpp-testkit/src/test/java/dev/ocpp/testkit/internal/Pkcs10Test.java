package dev.ocpp.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.security.pki.CertificateSigningRequest;
import org.junit.jupiter.api.Test;

/** The JDK-only CSR, read back by the security module (Bouncy Castle), which also checks its signature. */
class Pkcs10Test {

    @Test
    void aRequestMadeWithTheJdkAloneIsAPemPkcs10RequestWhoseSignatureVerifies() {
        String pem = Pkcs10.pem("dev.ocpp testkit", "TESTKIT-CS-1");
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n")
                .endsWith("\n-----END CERTIFICATE REQUEST-----\n")
                .hasSizeLessThan(CertificateSigningRequest.MAX_PEM_LENGTH);
        CertificateSigningRequest csr = CertificateSigningRequest.parse(pem);
        assertThat(csr.organization()).contains("dev.ocpp testkit");
        assertThat(csr.commonName()).contains("TESTKIT-CS-1");
        assertThat(csr.publicKey().getAlgorithm()).isIn("EC", "ECDSA");
    }

    @Test
    void namesWithSpecialCharactersAreEscapedNotSplit() {
        CertificateSigningRequest csr = CertificateSigningRequest.parse(Pkcs10.pem("Charge, Inc.", "CS=1+2"));
        assertThat(csr.organization()).contains("Charge, Inc.");
        assertThat(csr.commonName()).contains("CS=1+2");
    }

    @Test
    void aRequestWhoseSignedPartWasAlteredIsRefused() {
        String pem = Pkcs10.pem("dev.ocpp testkit", "TESTKIT-CS-1");
        byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        der[40] ^= 0x01; // inside the subject
        String altered = "-----BEGIN CERTIFICATE REQUEST-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
        assertThatThrownBy(() -> CertificateSigningRequest.parse(altered)).isInstanceOf(IllegalArgumentException.class);
    }
}
