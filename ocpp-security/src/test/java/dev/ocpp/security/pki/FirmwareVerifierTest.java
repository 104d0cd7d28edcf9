package dev.ocpp.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.security.pki.FirmwareVerification.Status;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FirmwareVerifierTest {

    private static final byte[] FIRMWARE = Vectors.bytes("firmware.bin");
    private static final FirmwareVerifier OPENSSL_MANUFACTURER = FirmwareVerifier
            .trusting(List.of(Vectors.certificate("mfr-root.pem"))).withClock(Vectors.CLOCK);

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final TestPki MANUFACTURER = TestPki.builder().organization("Example Manufacturer")
            .intermediate(true).clock(CLOCK).build();
    private static final IssuedCertificate SIGNER = MANUFACTURER.leaf().commonName("Firmware Signer")
            .issuedByRoot().keyUsage(KeyUsage.DIGITAL_SIGNATURE).issue();
    private static final FirmwareVerifier VERIFIER = FirmwareVerifier.trusting(List.of(MANUFACTURER.root()))
            .withClock(CLOCK);

    @ParameterizedTest(name = "{0}")
    @CsvSource({"firmware.ec.sig.b64, fw-signer-ec.pem", "firmware.rsa.sig.b64, fw-signer-rsa.pem",
        "firmware.pss.sig.b64, fw-signer-rsa.pem"})
    void opensslSignatureVerifiesOverTheWholeFile(String signatureFile, String certificateFile) throws Exception {
        FirmwareVerification result = OPENSSL_MANUFACTURER.verify(new ByteArrayInputStream(FIRMWARE),
                Vectors.text(signatureFile), Vectors.certificate(certificateFile));

        assertThat(result.status()).as(result.detail()).isEqualTo(Status.VALID);
        assertThat(result.valid()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"firmware.ec.sig.b64, fw-signer-ec.pem", "firmware.rsa.sig.b64, fw-signer-rsa.pem",
        "firmware.pss.sig.b64, fw-signer-rsa.pem"})
    void oneFlippedBitInTheFileIsAnInvalidSignature(String signatureFile, String certificateFile) throws Exception {
        for (int position : new int[] {0, FIRMWARE.length / 2, FIRMWARE.length - 1}) {
            byte[] changed = FIRMWARE.clone();
            changed[position] ^= 0x01;

            FirmwareVerification result = OPENSSL_MANUFACTURER.verify(new ByteArrayInputStream(changed),
                    Vectors.text(signatureFile), Vectors.certificate(certificateFile));

            assertThat(result.status()).as("bit flipped at " + position).isEqualTo(Status.INVALID_SIGNATURE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"firmware.ec.sig.b64, fw-signer-ec.pem", "firmware.rsa.sig.b64, fw-signer-rsa.pem",
        "firmware.pss.sig.b64, fw-signer-rsa.pem"})
    void oneFlippedBitInTheSignatureIsAnInvalidSignature(String signatureFile, String certificateFile)
            throws Exception {
        byte[] signature = Base64.getDecoder().decode(Vectors.text(signatureFile));
        signature[signature.length - 1] ^= 0x01;

        FirmwareVerification result = OPENSSL_MANUFACTURER.verify(new ByteArrayInputStream(FIRMWARE),
                Base64.getEncoder().encodeToString(signature), Vectors.certificate(certificateFile));

        assertThat(result.status()).isEqualTo(Status.INVALID_SIGNATURE);
    }

    @Test
    void truncatedFileIsAnInvalidSignature() throws Exception {
        FirmwareVerification result = OPENSSL_MANUFACTURER.verify(
                new ByteArrayInputStream(FIRMWARE, 0, FIRMWARE.length - 1), Vectors.text("firmware.ec.sig.b64"),
                Vectors.certificate("fw-signer-ec.pem"));

        assertThat(result.status()).isEqualTo(Status.INVALID_SIGNATURE);
    }

    @Test
    void signatureOfAnotherKeyIsAnInvalidSignature() throws Exception {
        FirmwareVerification ecSignatureRsaCertificate = OPENSSL_MANUFACTURER.verify(
                new ByteArrayInputStream(FIRMWARE), Vectors.text("firmware.ec.sig.b64"),
                Vectors.certificate("fw-signer-rsa.pem"));
        FirmwareVerification otherEcKey = VERIFIER.verify(new ByteArrayInputStream(FIRMWARE),
                Vectors.text("firmware.ec.sig.b64"), SIGNER.certificate());

        assertThat(ecSignatureRsaCertificate.status()).isEqualTo(Status.INVALID_SIGNATURE);
        assertThat(otherEcKey.status()).isEqualTo(Status.INVALID_SIGNATURE);
    }

    @Test
    void badBase64EmptyAndOverlongSignaturesAreInvalidSignatures() throws Exception {
        for (String signature : new String[] {"not base64!", "", "   ", "A".repeat(804), "AAAA"}) {
            FirmwareVerification result = VERIFIER.verify(new ByteArrayInputStream(FIRMWARE), signature,
                    SIGNER.certificate());

            assertThat(result.status()).as("signature \"%s\"", signature).isEqualTo(Status.INVALID_SIGNATURE);
        }
    }

    @Test
    void signatureWithLineBreaksIsAccepted() throws Exception {
        String signature = FirmwareSigner.sign(new ByteArrayInputStream(FIRMWARE), SIGNER.privateKey());
        String wrapped = signature.substring(0, 40) + "\n" + signature.substring(40);

        assertThat(VERIFIER.verify(new ByteArrayInputStream(FIRMWARE), wrapped, SIGNER.certificate()).valid())
                .isTrue();
    }

    @Test
    void opensslSigningCertificatesAreIssuedByTheManufacturerRoot() {
        for (String name : List.of("fw-signer-ec.pem", "fw-signer-rsa.pem")) {
            FirmwareVerification result = OPENSSL_MANUFACTURER.verifySigningCertificate(Vectors.text(name));

            assertThat(result.status()).as(result.detail()).isEqualTo(Status.VALID);
        }
    }

    @Test
    void signingCertificateOfAnotherRootIsAnInvalidCertificate() throws Exception {
        TestPki stranger = TestPki.builder().organization("Example Manufacturer").clock(CLOCK).build();
        IssuedCertificate foreign = stranger.leaf().commonName("Firmware Signer").issue();
        String signature = FirmwareSigner.sign(new ByteArrayInputStream(FIRMWARE), foreign.privateKey());

        assertThat(VERIFIER.verifySigningCertificate(foreign.certificatePem()).status())
                .isEqualTo(Status.INVALID_CERTIFICATE);
        assertThat(VERIFIER.verify(new ByteArrayInputStream(FIRMWARE), signature, foreign.certificate()).status())
                .isEqualTo(Status.INVALID_CERTIFICATE);
    }

    @Test
    void expiredSigningCertificateIsAnInvalidCertificate() {
        IssuedCertificate expired = MANUFACTURER.leaf().issuedByRoot().notBefore(NOW.minus(Duration.ofDays(30)))
                .notAfter(NOW.minus(Duration.ofSeconds(1))).issue();

        FirmwareVerification result = VERIFIER.verifySigningCertificate(expired.certificatePem());

        assertThat(result.status()).isEqualTo(Status.INVALID_CERTIFICATE);
        assertThat(result.detail()).contains("expired");
    }

    @Test
    void notYetValidSigningCertificateIsAnInvalidCertificate() {
        IssuedCertificate future = MANUFACTURER.leaf().issuedByRoot().notBefore(NOW.plus(Duration.ofDays(1)))
                .issue();

        assertThat(VERIFIER.verifySigningCertificate(future.certificate()).status())
                .isEqualTo(Status.INVALID_CERTIFICATE);
    }

    @Test
    void signingCertificateBelowAnIntermediateIsAnInvalidCertificate() {
        IssuedCertificate belowIntermediate = MANUFACTURER.leaf().commonName("Firmware Signer").issue();

        assertThat(belowIntermediate.chain()).hasSize(2);
        assertThat(VERIFIER.verifySigningCertificate(belowIntermediate.certificatePem()).status())
                .isEqualTo(Status.INVALID_CERTIFICATE);
        assertThat(VERIFIER.verifySigningCertificate(belowIntermediate.chainPem()).status())
                .isEqualTo(Status.INVALID_CERTIFICATE);
    }

    @Test
    void signingCertificateWithoutDigitalSignatureIsAnInvalidCertificate() {
        IssuedCertificate noSigning = MANUFACTURER.leaf().issuedByRoot().keyUsage(KeyUsage.KEY_AGREEMENT).issue();

        assertThat(VERIFIER.verifySigningCertificate(noSigning.certificate()).detail())
                .contains("digitalSignature");
        assertThat(VERIFIER.verifySigningCertificate(noSigning.certificate()).status())
                .isEqualTo(Status.INVALID_CERTIFICATE);
    }

    @Test
    void garbageAndOverlongCertificatesAreInvalidCertificates() {
        assertThat(VERIFIER.verifySigningCertificate("garbage").status()).isEqualTo(Status.INVALID_CERTIFICATE);
        assertThat(VERIFIER.verifySigningCertificate(SIGNER.certificatePem() + " ".repeat(5500)).status())
                .isEqualTo(Status.INVALID_CERTIFICATE);
        assertThat(VERIFIER.verifySigningCertificate(SIGNER.certificatePem()).status()).isEqualTo(Status.VALID);
    }

    @Test
    void untrustedCertificateIsReportedWithoutReadingTheFirmware() throws Exception {
        IssuedCertificate foreign = TestPki.builder().clock(CLOCK).build().stationCertificate("x");
        InputStream unreadable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the firmware must not be read");
            }
        };

        assertThat(VERIFIER.verify(unreadable, "AAAA", foreign.certificate()).status())
                .isEqualTo(Status.INVALID_CERTIFICATE);
    }

    @Test
    void incrementalVerificationInUnevenChunksGivesTheSameVerdict() {
        FirmwareVerifier.IncrementalVerification verification = OPENSSL_MANUFACTURER
                .start(Vectors.text("firmware.pss.sig.b64"), Vectors.certificate("fw-signer-rsa.pem"));
        Random random = new Random(42);
        int offset = 0;
        while (offset < FIRMWARE.length) {
            int length = Math.min(FIRMWARE.length - offset, random.nextInt(10000));
            verification.update(FIRMWARE, offset, length);
            offset += length;
        }

        FirmwareVerification result = verification.finish();

        assertThat(result.status()).as(result.detail()).isEqualTo(Status.VALID);
        assertThat(verification.finish()).isEqualTo(result);
        assertThatThrownBy(() -> verification.update(FIRMWARE, 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void incrementalVerificationKnowsABadCertificateBeforeAnyData() {
        FirmwareVerifier.IncrementalVerification verification = VERIFIER.start("AAAA",
                Vectors.certificate("fw-signer-ec.pem"));

        assertThat(verification.earlyResult()).map(FirmwareVerification::status)
                .contains(Status.INVALID_CERTIFICATE);
        verification.update(FIRMWARE, 0, FIRMWARE.length);
        assertThat(verification.finish().status()).isEqualTo(Status.INVALID_CERTIFICATE);
    }

    @Test
    void largeFirmwareIsStreamedInBoundedChunks() throws Exception {
        long size = 64L * 1024 * 1024;
        String signature = FirmwareSigner.sign(new GeneratedFirmware(size), SIGNER.privateKey());
        GeneratedFirmware firmware = new GeneratedFirmware(size);
        long allocatedBefore = ThreadAllocations.current();

        FirmwareVerification result = VERIFIER.verify(firmware, signature, SIGNER.certificate());

        long allocated = ThreadAllocations.current() - allocatedBefore;
        System.out.println("verifying " + size + " bytes allocated " + allocated + " bytes");
        assertThat(result.status()).as(result.detail()).isEqualTo(Status.VALID);
        assertThat(firmware.delivered).isEqualTo(size);
        assertThat(firmware.largestRead).isLessThanOrEqualTo(64 * 1024);
        // Holding the file would allocate at least its 64 MiB; streaming needs one buffer and some key maths.
        assertThat(allocated).as("bytes allocated while verifying").isLessThan(8L * 1024 * 1024);
    }

    @Test
    void ourRsaSignaturesOfBothSchemesVerify() throws Exception {
        TestPki rsaManufacturer = TestPki.builder().keyType(KeyType.RSA_2048).clock(CLOCK).build();
        IssuedCertificate rsaSigner = rsaManufacturer.leaf().commonName("RSA Signer").issue();
        FirmwareVerifier verifier = FirmwareVerifier.trusting(List.of(rsaManufacturer.root())).withClock(CLOCK);

        for (String signature : List.of(FirmwareSigner.sign(new ByteArrayInputStream(FIRMWARE),
                rsaSigner.privateKey()), FirmwareSigner.signRsaPss(new ByteArrayInputStream(FIRMWARE),
                rsaSigner.privateKey()))) {
            FirmwareVerification result = verifier.verify(new ByteArrayInputStream(FIRMWARE), signature,
                    rsaSigner.certificate());
            assertThat(result.status()).as(result.detail()).isEqualTo(Status.VALID);
        }
    }

    @Test
    void opensslVerifiesOurSignatures(@TempDir Path dir) throws Exception {
        OpenSsl.binary();
        Files.write(dir.resolve("firmware.bin"), FIRMWARE);
        X509Certificate rsaCertificate = Vectors.certificate("fw-signer-rsa.pem");
        Files.writeString(dir.resolve("ec.pub"), Pem.encode(SIGNER.certificate().getPublicKey()));
        Files.writeString(dir.resolve("rsa.pub"), Pem.encode(rsaCertificate.getPublicKey()));
        java.security.PrivateKey rsaKey = Pem.readPrivateKey(Vectors.text("fw-signer-rsa-key.pem"));
        Files.write(dir.resolve("ec.sig"), Base64.getDecoder().decode(
                FirmwareSigner.sign(new ByteArrayInputStream(FIRMWARE), SIGNER.privateKey())));
        Files.write(dir.resolve("rsa.sig"), Base64.getDecoder().decode(
                FirmwareSigner.sign(new ByteArrayInputStream(FIRMWARE), rsaKey)));
        Files.write(dir.resolve("pss.sig"), Base64.getDecoder().decode(
                FirmwareSigner.signRsaPss(new ByteArrayInputStream(FIRMWARE), rsaKey)));

        OpenSsl.Result ec = OpenSsl.run(dir, "dgst", "-sha256", "-verify", "ec.pub", "-signature", "ec.sig",
                "firmware.bin");
        OpenSsl.Result rsa = OpenSsl.run(dir, "dgst", "-sha256", "-verify", "rsa.pub", "-signature", "rsa.sig",
                "firmware.bin");
        OpenSsl.Result pss = OpenSsl.run(dir, "dgst", "-sha256", "-verify", "rsa.pub", "-sigopt",
                "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-sigopt", "rsa_mgf1_md:sha256",
                "-signature", "pss.sig", "firmware.bin");

        for (OpenSsl.Result result : List.of(ec, rsa, pss)) {
            assertThat(result.exitCode()).isZero();
            assertThat(result.output()).contains("Verified OK");
        }
    }

    @Test
    void trustingNoRootIsRefused() {
        assertThatThrownBy(() -> FirmwareVerifier.trusting(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Deterministic bytes made on the fly, so a large file never exists in memory or on disk. */
    private static final class GeneratedFirmware extends InputStream {
        private final long size;
        private long delivered;
        private int largestRead;

        GeneratedFirmware(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (delivered == size) {
                return -1;
            }
            largestRead = Math.max(largestRead, length);
            int n = (int) Math.min(length, size - delivered);
            for (int i = 0; i < n; i++) {
                long position = delivered + i;
                buffer[offset + i] = (byte) (position * 31 + (position >>> 13));
            }
            delivered += n;
            return n;
        }
    }
}
