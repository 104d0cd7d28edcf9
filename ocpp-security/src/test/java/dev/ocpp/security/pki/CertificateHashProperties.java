package dev.ocpp.security.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CertificateHashProperties {

    private static final TestPki PKI = TestPki.builder().build();
    private static final KeyPair KEYS = KeyPairs.ecP256();

    @Provide
    Arbitrary<BigInteger> serials() {
        // Every bit length from 1 to 159 equally often (a uniform draw would almost always give 159 bits), so that
        // odd nibble counts and DER's extra zero octet all occur; 2^159 is the largest 20-octet DER INTEGER's bound.
        Arbitrary<BigInteger> byLength = Arbitraries.integers().between(1, 159).flatMap(bits -> Arbitraries
                .bigIntegers().between(BigInteger.ONE.shiftLeft(bits - 1), BigInteger.ONE.shiftLeft(bits)
                        .subtract(BigInteger.ONE)));
        return Arbitraries.oneOf(byLength, Arbitraries.just(BigInteger.TWO.pow(159)));
    }

    @Property(tries = 300)
    void serialNumberHasNoLeadingZeroAndParsesBack(@ForAll("serials") BigInteger serial) {
        IssuedCertificate leaf = PKI.leaf().keyPair(KEYS).serialNumber(serial).issue();

        String hex = CertificateHash.of(leaf.certificate(), PKI.root(), HashAlgorithm.SHA256).serialNumber();

        assertThat(hex).doesNotStartWith("0").hasSizeLessThanOrEqualTo(CertificateHash.MAX_SERIAL_LENGTH);
        assertThat(new BigInteger(hex, 16)).isEqualTo(serial);
    }
}
