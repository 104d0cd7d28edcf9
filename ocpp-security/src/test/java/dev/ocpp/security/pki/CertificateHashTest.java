package dev.ocpp.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateHashTest {

    private static final Properties OPENSSL = Vectors.properties("hashdata.properties");

    static Stream<Arguments> certificatesAndIssuers() {
        Stream.Builder<Arguments> cases = Stream.builder();
        String[][] pairs = {
            {"leafSmall", "ec-leaf-small-serial.pem", "ec-intermediate.pem"},
            {"leafHigh", "ec-leaf-high-serial.pem", "ec-intermediate.pem"},
            {"intermediate", "ec-intermediate.pem", "ec-root.pem"},
            {"ecRoot", "ec-root.pem", "ec-root.pem"},
            {"rsaLeaf", "rsa-leaf.pem", "rsa-root.pem"},
            {"rsaRoot", "rsa-root.pem", "rsa-root.pem"},
        };
        for (String[] pair : pairs) {
            for (HashAlgorithm algorithm : HashAlgorithm.values()) {
                cases.add(Arguments.of(pair[0], pair[1], pair[2], algorithm));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("certificatesAndIssuers")
    void hashDataMatchesOpensslCertId(String name, String certificateFile, String issuerFile,
            HashAlgorithm algorithm) {
        CertificateHash ours = CertificateHash.of(Vectors.certificate(certificateFile),
                Vectors.certificate(issuerFile), algorithm);

        String prefix = name + "." + algorithm.name().toLowerCase() + ".";
        assertThat(ours.hashAlgorithm()).isEqualTo(algorithm);
        assertThat(ours.issuerNameHash()).isEqualToIgnoringCase(OPENSSL.getProperty(prefix + "issuerNameHash"));
        assertThat(ours.issuerKeyHash()).isEqualToIgnoringCase(OPENSSL.getProperty(prefix + "issuerKeyHash"));
        // openssl prints whole octets ("0FFF"); OCPP wants the number without leading zeroes ("FFF").
        assertThat(ours.serialNumber()).isEqualToIgnoringCase(
                OPENSSL.getProperty(prefix + "serialNumber").replaceFirst("^0+(?=.)", ""));
    }

    @Test
    void serialWithLeadingZeroNibbleIsWrittenWithoutLeadingZero() {
        CertificateHash hash = CertificateHash.of(Vectors.certificate("ec-leaf-small-serial.pem"),
                Vectors.certificate("ec-intermediate.pem"), HashAlgorithm.SHA256);

        assertThat(hash.serialNumber()).isEqualTo("fff");
    }

    @Test
    void serialWhoseDerEncodingHasALeadingZeroByteIsWrittenWithoutIt() {
        X509Certificate leaf = Vectors.certificate("ec-leaf-high-serial.pem");

        assertThat(CertificateHash.of(leaf, Vectors.certificate("ec-intermediate.pem"), HashAlgorithm.SHA256)
                .serialNumber()).isEqualTo("ff00112233445566");
    }

    @Test
    void selfSignedRootHashesItsOwnNameAndKey() {
        X509Certificate root = Vectors.certificate("ec-root.pem");

        CertificateHash hash = CertificateHash.ofSelfSigned(root, HashAlgorithm.SHA384);

        assertThat(hash.issuerNameHash()).isEqualToIgnoringCase(OPENSSL.getProperty("ecRoot.sha384.issuerNameHash"));
        assertThat(hash.issuerKeyHash()).isEqualToIgnoringCase(OPENSSL.getProperty("ecRoot.sha384.issuerKeyHash"));
        assertThat(hash.serialNumber()).isEqualTo("1");
    }

    @Test
    void hashesAreLowercaseHexOfTheDigestLength() {
        CertificateHash hash = CertificateHash.of(Vectors.certificate("rsa-leaf.pem"),
                Vectors.certificate("rsa-root.pem"), HashAlgorithm.SHA512);

        assertThat(hash.issuerNameHash()).hasSize(128).matches("[0-9a-f]+");
        assertThat(hash.issuerKeyHash()).hasSize(128).matches("[0-9a-f]+");
    }

    @Test
    void certificateFromAnotherIssuerIsRefused() {
        assertThatThrownBy(() -> CertificateHash.of(Vectors.certificate("ec-leaf-small-serial.pem"),
                Vectors.certificate("ec-root.pem"), HashAlgorithm.SHA256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("did not issue");
    }

    @Test
    void matchesIgnoresCaseAndLeadingZeroesOfTheSerial() {
        CertificateHash ours = CertificateHash.of(Vectors.certificate("ec-leaf-small-serial.pem"),
                Vectors.certificate("ec-intermediate.pem"), HashAlgorithm.SHA256);
        CertificateHash fromOpenssl = new CertificateHash(HashAlgorithm.SHA256,
                OPENSSL.getProperty("leafSmall.sha256.issuerNameHash"),
                OPENSSL.getProperty("leafSmall.sha256.issuerKeyHash"),
                OPENSSL.getProperty("leafSmall.sha256.serialNumber"));

        assertThat(ours.matches(fromOpenssl)).isTrue();
        assertThat(fromOpenssl.matches(ours)).isTrue();
    }

    @Test
    void matchesFailsOnAnyDifferingField() {
        CertificateHash hash = new CertificateHash(HashAlgorithm.SHA256, "aa", "bb", "fff");

        assertThat(hash.matches(new CertificateHash(HashAlgorithm.SHA384, "aa", "bb", "fff"))).isFalse();
        assertThat(hash.matches(new CertificateHash(HashAlgorithm.SHA256, "ab", "bb", "fff"))).isFalse();
        assertThat(hash.matches(new CertificateHash(HashAlgorithm.SHA256, "aa", "bc", "fff"))).isFalse();
        assertThat(hash.matches(new CertificateHash(HashAlgorithm.SHA256, "aa", "bb", "ffe"))).isFalse();
        assertThat(hash.matches(new CertificateHash(HashAlgorithm.SHA256, "AA", "BB", "FFF"))).isTrue();
    }

    @Test
    void fieldsFromThePeerMustBeHexWithinOcppLimits() {
        assertThatThrownBy(() -> new CertificateHash(HashAlgorithm.SHA256, "xyz", "aa", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuerNameHash");
        assertThatThrownBy(() -> new CertificateHash(HashAlgorithm.SHA256, "aa", "a".repeat(129), "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuerKeyHash");
        assertThatThrownBy(() -> new CertificateHash(HashAlgorithm.SHA256, "aa", "aa", "0x1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serialNumber");
        assertThatThrownBy(() -> new CertificateHash(HashAlgorithm.SHA256, "aa", "aa", "1".repeat(41)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serialNumber");
    }

    @Test
    void hashAlgorithmsUseTheOcppWireNames() {
        assertThat(HashAlgorithm.values()).extracting(HashAlgorithm::wireName)
                .containsExactly("SHA256", "SHA384", "SHA512");
        assertThat(HashAlgorithm.fromWireName("SHA384")).isEqualTo(HashAlgorithm.SHA384);
        assertThatThrownBy(() -> HashAlgorithm.fromWireName("SHA-256")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serialHexOfDecimal4095IsFff() {
        assertThat(CertificateHash.serialHex(BigInteger.valueOf(4095))).isEqualToIgnoringCase("FFF");
    }
}
