package dev.ocpp.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPkiTest {

    private static final TestPki EC = TestPki.builder().organization("Example CPO").intermediate(true).build();
    private static final TestPki RSA = TestPki.builder().organization("Example CPO").keyType(KeyType.RSA_2048).build();

    @Test
    void serverCertificateCarriesDnsAndIpSubjectAltNames() throws Exception {
        IssuedCertificate csms = EC.serverCertificate("csms.example", "csms.example", "127.0.0.1", "::1");

        Collection<List<?>> sans = csms.certificate().getSubjectAlternativeNames();
        assertThat(sans).extracting(san -> san.get(0), san -> san.get(1)).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(2, "csms.example"),
                org.assertj.core.groups.Tuple.tuple(7, "127.0.0.1"),
                org.assertj.core.groups.Tuple.tuple(7, InetAddress.getByName("::1").getHostAddress()));
        assertThat(csms.certificate().getExtendedKeyUsage()).isNull();
        assertThat(KeyUsage.DIGITAL_SIGNATURE.allowedBy(csms.certificate())).isTrue();
    }

    @Test
    void serverChainIsTrustedByTheJdkPkixTrustManagerOverTheTrustStore() throws Exception {
        for (TestPki pki : List.of(EC, RSA)) {
            IssuedCertificate csms = pki.serverCertificate("localhost", "localhost");
            X509TrustManager trustManager = x509(pki.trustManagers().getTrustManagers());

            trustManager.checkServerTrusted(csms.chain().toArray(new X509Certificate[0]),
                    pki == EC ? "ECDHE_ECDSA" : "ECDHE_RSA");
        }
    }

    @Test
    void certificateOfAnotherPkiIsNotTrusted() {
        IssuedCertificate foreign = TestPki.builder().build().serverCertificate("localhost", "localhost");
        X509TrustManager trustManager = x509(EC.trustManagers().getTrustManagers());

        assertThatThrownBy(() -> trustManager.checkServerTrusted(
                foreign.chain().toArray(new X509Certificate[0]), "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void stationCertificateHasSerialAsCommonNameAndTheOrganization() throws Exception {
        IssuedCertificate station = EC.stationCertificate("CP-0001");

        assertThat(rdns(station.certificate())).containsEntry("CN", "CP-0001").containsEntry("O", "Example CPO");
        assertThat(station.chain()).containsExactly(station.certificate(), EC.intermediate().orElseThrow());
        assertThat(station.certificate().getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void leafWithAGivenSubjectCarriesExactlyThatSubject() {
        // Two CNs: a subject no other builder setter can make, needed to test that profile 3 refuses it.
        X500Principal twoNames = new X500Principal("CN=CS-2, CN=CS-1, O=Example CPO");
        IssuedCertificate leaf = EC.leaf().commonName("ignored").subject(twoNames).issue();

        assertThat(leaf.certificate().getSubjectX500Principal()).isEqualTo(twoNames);
        assertThat(leaf.chain()).containsExactly(leaf.certificate(), EC.intermediate().orElseThrow());
    }

    @Test
    void keyTypeDecidesKeyAndSignatureAlgorithm() {
        IssuedCertificate ec = EC.stationCertificate("CP-EC");
        IssuedCertificate rsa = RSA.stationCertificate("CP-RSA");

        assertThat(ec.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(ec.certificate().getSigAlgName()).isEqualToIgnoringCase("SHA256withECDSA");
        assertThat(KeyUsage.KEY_AGREEMENT.allowedBy(ec.certificate())).isTrue();
        assertThat(rsa.certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(rsa.certificate().getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
        assertThat(KeyUsage.KEY_ENCIPHERMENT.allowedBy(rsa.certificate())).isTrue();
        assertThat(rsa.chain()).containsExactly(rsa.certificate());
    }

    @Test
    void rootIsSelfSignedCaWithKeyCertSign() throws Exception {
        X509Certificate root = EC.root();

        root.verify(root.getPublicKey());
        assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(KeyUsage.KEY_CERT_SIGN.allowedBy(root)).isTrue();
        assertThat(KeyUsage.DIGITAL_SIGNATURE.allowedBy(root)).isFalse();
        assertThat(EC.intermediate().orElseThrow().getBasicConstraints()).isZero();
    }

    @Test
    void pkcs12FileIsWrittenAndReadBackWithKeyAndChain(@TempDir Path dir) throws Exception {
        IssuedCertificate station = EC.stationCertificate("CP-0002");
        Path file = dir.resolve("station.p12");
        char[] password = "secret".toCharArray();

        station.writePkcs12(file, password);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        assertThat(store.getKey(IssuedCertificate.DEFAULT_ALIAS, password)).isEqualTo(station.privateKey());
        assertThat(store.getCertificateChain(IssuedCertificate.DEFAULT_ALIAS))
                .containsExactlyElementsOf(station.chain());
    }

    @Test
    void trustStoreHoldsTheRootAsTrustedEntry() throws Exception {
        KeyStore store = EC.trustStore();

        assertThat(store.isCertificateEntry("root")).isTrue();
        assertThat(store.getCertificate("root")).isEqualTo(EC.root());
    }

    @Test
    void pemOfChainAndKeyReadsBack(@TempDir Path dir) throws Exception {
        IssuedCertificate station = EC.stationCertificate("CP-0003");

        assertThat(Pem.readCertificates(station.chainPem())).containsExactlyElementsOf(station.chain());
        assertThat(Pem.readPrivateKey(station.privateKeyPem())).isEqualTo(station.privateKey());
        Path rootFile = dir.resolve("root.pem");
        EC.writeRootPem(rootFile);
        assertThat(Pem.readCertificates(Files.readString(rootFile))).containsExactly(EC.root());
    }

    @Test
    void keyManagersPresentTheChain() {
        IssuedCertificate station = EC.stationCertificate("CP-0004");
        javax.net.ssl.X509KeyManager keyManager =
                (javax.net.ssl.X509KeyManager) station.keyManagers().getKeyManagers()[0];

        String alias = keyManager.chooseClientAlias(new String[] {"EC"}, null, null);
        assertThat(keyManager.getCertificateChain(alias)).containsExactlyElementsOf(station.chain());
    }

    @Test
    void rsaKeysBelow2048BitsAreRefused() {
        assertThatThrownBy(() -> KeyPairs.rsa(1024)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2048");
    }

    static X509TrustManager x509(TrustManager[] managers) {
        return (X509TrustManager) managers[0];
    }

    static java.util.Map<String, String> rdns(X509Certificate certificate) throws Exception {
        return new LdapName(certificate.getSubjectX500Principal().getName()).getRdns().stream()
                .collect(Collectors.toMap(Rdn::getType, rdn -> rdn.getValue().toString()));
    }
}
