package dev.ocpp.security.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.security.pki.ChainVerification.Failure;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateChainVerifierTest {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final TestPki PKI = TestPki.builder().organization("Example CPO").intermediate(true).clock(CLOCK)
            .build();
    private static final CertificateChainVerifier VERIFIER = CertificateChainVerifier.builder()
            .trustAnchors(List.of(PKI.root())).clock(CLOCK).build();

    @Test
    void leafAndIntermediateChainIsValid() {
        IssuedCertificate station = PKI.stationCertificate("CP-0001");

        ChainVerification result = VERIFIER.verifyPem(station.chainPem());

        assertThat(result.valid()).as(result.detail()).isTrue();
        assertThat(result.failure()).isEmpty();
        assertThat(result.chain()).containsExactlyElementsOf(station.chain());
    }

    @Test
    void chainThatAlsoCarriesTheRootIsValid() {
        IssuedCertificate station = PKI.stationCertificate("CP-0001");
        List<X509Certificate> withRoot = List.of(station.certificate(), PKI.intermediate().orElseThrow(),
                PKI.root());

        assertThat(VERIFIER.verify(withRoot).valid()).isTrue();
    }

    @Test
    void opensslMadeChainIsValidAgainstItsRoot() {
        CertificateChainVerifier verifier = CertificateChainVerifier.builder()
                .trustAnchors(List.of(Vectors.certificate("ec-root.pem"))).clock(Vectors.CLOCK).build();

        ChainVerification result = verifier.verifyPem(Vectors.text("ec-leaf-small-serial.pem")
                + Vectors.text("ec-intermediate.pem"));

        assertThat(result.valid()).as(result.detail()).isTrue();
    }

    @Test
    void expiredLeafIsExpired() {
        IssuedCertificate expired = PKI.leaf().notBefore(NOW.minus(Duration.ofDays(400)))
                .notAfter(NOW.minus(Duration.ofDays(35))).issue();

        assertFailure(VERIFIER.verify(expired.chain()), Failure.EXPIRED);
    }

    @Test
    void leafThatIsNotYetValidIsNotYetValid() {
        IssuedCertificate future = PKI.leaf().notBefore(NOW.plus(Duration.ofDays(1))).issue();

        assertFailure(VERIFIER.verify(future.chain()), Failure.NOT_YET_VALID);
    }

    @Test
    void validityIsJudgedByTheInjectedClock() {
        IssuedCertificate station = PKI.stationCertificate("CP-0001");
        CertificateChainVerifier later = CertificateChainVerifier.builder().trustAnchors(List.of(PKI.root()))
                .clock(Clock.offset(CLOCK, Duration.ofDays(366))).build();

        assertFailure(later.verify(station.chain()), Failure.EXPIRED);
    }

    @Test
    void chainFromAnotherRootIsUntrusted() {
        TestPki other = TestPki.builder().organization("Example CPO").intermediate(true).clock(CLOCK).build();

        assertFailure(VERIFIER.verifyPem(other.stationCertificate("CP-0001").chainPem()), Failure.UNTRUSTED);
    }

    @Test
    void impostorIntermediateWithTheSameNameIsUntrusted() {
        // Same subject names as PKI's, different keys: only the signature check can tell.
        TestPki impostor = TestPki.builder().organization("Example CPO").intermediate(true).clock(CLOCK).build();
        IssuedCertificate station = impostor.stationCertificate("CP-0001");

        assertFailure(VERIFIER.verify(station.chain()), Failure.UNTRUSTED);
    }

    @Test
    void leafSentWithoutItsIntermediateIsUntrusted() {
        IssuedCertificate station = PKI.stationCertificate("CP-0001");

        assertFailure(VERIFIER.verify(List.of(station.certificate())), Failure.UNTRUSTED);
    }

    @Test
    void selfSignedLeafIsUntrusted() {
        IssuedCertificate self = PKI.leaf().selfSigned().issue();

        assertFailure(VERIFIER.verify(self.chain()), Failure.UNTRUSTED);
    }

    @Test
    void chainInWrongOrderIsMalformed() {
        IssuedCertificate station = PKI.stationCertificate("CP-0001");

        assertFailure(VERIFIER.verify(List.of(station.chain().get(1), station.chain().get(0))), Failure.MALFORMED);
    }

    @Test
    void leafWithoutDigitalSignatureIsAKeyUsageFailure() {
        IssuedCertificate leaf = PKI.leaf().keyUsage(KeyUsage.KEY_AGREEMENT).issue();

        assertFailure(VERIFIER.verify(leaf.chain()), Failure.KEY_USAGE);
    }

    @Test
    void leafWithoutKeyUsageExtensionIsAllowed() {
        IssuedCertificate leaf = PKI.leaf().withoutKeyUsage().issue();

        assertThat(VERIFIER.verify(leaf.chain()).valid()).isTrue();
    }

    @Test
    void intermediateWithoutCaFlagIsNotACa() {
        IssuedCertificate fakeCa = PKI.leaf().commonName("Fake CA").issuedByRoot()
                .keyUsage(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_CERT_SIGN).issue();
        IssuedCertificate leaf = PKI.leaf().issuedBy(fakeCa).issue();

        assertFailure(VERIFIER.verify(leaf.chain()), Failure.NOT_A_CA);
    }

    @Test
    void caWithoutKeyCertSignIsAKeyUsageFailure() {
        IssuedCertificate ca = PKI.leaf().commonName("Weak CA").issuedByRoot().ca(true)
                .keyUsage(KeyUsage.CRL_SIGN).issue();
        IssuedCertificate leaf = PKI.leaf().issuedBy(ca).issue();

        assertFailure(VERIFIER.verify(leaf.chain()), Failure.KEY_USAGE);
    }

    @Test
    void moreCertificatesThanAllowedIsChainTooLong() {
        IssuedCertificate station = PKI.stationCertificate("CP-0001");
        CertificateChainVerifier strict = CertificateChainVerifier.builder().trustAnchors(List.of(PKI.root()))
                .clock(CLOCK).maxChainLength(1).build();

        assertFailure(strict.verify(station.chain()), Failure.CHAIN_TOO_LONG);
        assertThat(VERIFIER.verify(List.of(station.certificate(), station.certificate(), station.certificate(),
                station.certificate(), station.certificate())).failure()).contains(Failure.CHAIN_TOO_LONG);
    }

    @Test
    void moreCharactersThanAllowedIsTooLong() {
        String pem = PKI.stationCertificate("CP-0001").chainPem();
        CertificateChainVerifier strict = CertificateChainVerifier.builder().trustAnchors(List.of(PKI.root()))
                .clock(CLOCK).maxPemLength(pem.length() - 1).build();

        assertFailure(strict.verifyPem(pem), Failure.TOO_LONG);
        assertFailure(VERIFIER.verifyPem(pem + " ".repeat(CertificateChainVerifier.DEFAULT_MAX_PEM_LENGTH)),
                Failure.TOO_LONG);
    }

    @Test
    void garbageIsMalformed() {
        assertFailure(VERIFIER.verifyPem("this is not PEM"), Failure.MALFORMED);
        assertFailure(VERIFIER.verifyPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
                Failure.MALFORMED);
        assertFailure(VERIFIER.verify(List.of()), Failure.MALFORMED);
    }

    @Test
    void expiredRootIsNotTrusted() {
        TestPki old = TestPki.builder().clock(Clock.fixed(NOW.minus(Duration.ofDays(3660 + 10)), ZoneOffset.UTC))
                .build();
        IssuedCertificate leaf = old.leaf().notBefore(NOW.minus(Duration.ofDays(1))).issue();
        CertificateChainVerifier verifier = CertificateChainVerifier.builder().trustAnchors(List.of(old.root()))
                .clock(CLOCK).build();

        assertFailure(verifier.verify(leaf.chain()), Failure.EXPIRED);
    }

    private static void assertFailure(ChainVerification result, Failure expected) {
        assertThat(result.valid()).isFalse();
        assertThat(result.failure()).as(result.detail()).contains(expected);
        assertThat(result.detail()).isNotBlank();
    }
}
