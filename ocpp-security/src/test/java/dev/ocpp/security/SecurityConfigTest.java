package dev.ocpp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.security.pki.KeyType;
import dev.ocpp.security.pki.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The rules the configurations enforce before any connection: passwords, TLS policy, required material. */
class SecurityConfigTest {

    private static final TestPki PKI = TestPki.builder().organization("Example CPO").keyType(KeyType.EC_P256).build();

    @Test
    void ocpp201PasswordsAre16To40CharactersOfThePasswordStringSet() {
        assertThat(StationPassword.ocpp201("a".repeat(16)).wireBytes()).hasSize(16);
        assertThat(StationPassword.ocpp201("Az09*-_=:+|@.".repeat(3) + "x").wireBytes()).hasSize(40);
        assertThatThrownBy(() -> StationPassword.ocpp201("a".repeat(15))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StationPassword.ocpp201("a".repeat(41))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StationPassword.ocpp201("with a space in it ok"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StationPassword.ocpp201("ümlaute-are-not-allowed"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ocpp16KeySendsTheDecodedBytesByDefaultAndTheHexTextOnRequest() {
        String hex = "00112233445566778899aabbccddeeff01020304";
        assertThat(StationPassword.ocpp16Key(hex).wireBytes()).isEqualTo(HexFormat.of().parseHex(hex));
        assertThat(StationPassword.ocpp16KeyAsText(hex).wireBytes())
                .isEqualTo(hex.getBytes(StandardCharsets.US_ASCII));
        assertThat(StationPassword.ocpp16Key("00".repeat(16)).wireBytes()).hasSize(16);
        assertThatThrownBy(() -> StationPassword.ocpp16Key("00".repeat(15))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StationPassword.ocpp16Key("00".repeat(21))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StationPassword.ocpp16Key("zz".repeat(20))).isInstanceOf(IllegalArgumentException.class);
        assertThat(StationPassword.ocpp16Key(hex).toString()).doesNotContain(hex);
    }

    @Test
    void strictKeyCredentialAcceptsOnlyTheBytesAndLenientOneAlsoTheText() {
        String hex = "00112233445566778899AABBCCDDEEFF01020304";
        byte[] bytes = HexFormat.of().parseHex(hex);
        StationCredential strict = StationCredential.ocpp16Key(hex);
        StationCredential lenient = StationCredential.ocpp16KeyLenient(hex);

        assertThat(strict.matches(bytes)).isTrue();
        assertThat(strict.matches(hex.getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(lenient.matches(bytes)).isTrue();
        assertThat(lenient.matches(hex.getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(lenient.matches(hex.toLowerCase().getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(lenient.matches(new byte[0])).isFalse();
    }

    @Property(tries = 300)
    void aCredentialMatchesExactlyItsOwnPassword(@ForAll("passwords") String password,
                                                 @ForAll("passwords") String presented) {
        StationCredential c = StationCredential.ocpp201(password);
        assertThat(c.matches(presented.getBytes(StandardCharsets.UTF_8))).isEqualTo(password.equals(presented));
        assertThat(c.matches(password.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> passwords() {
        return net.jqwik.api.Arbitraries.strings().withChars("abAB09*-_=:+|@.").ofMinLength(16).ofMaxLength(40)
                .edgeCases(e -> e.add("a".repeat(16)));
    }

    @Test
    void tlsPolicyRefusesOldVersionsAndNonAeadSuites() {
        assertThatThrownBy(() -> TlsPolicy.builder().protocols("TLSv1.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS 1.2");
        assertThatThrownBy(() -> TlsPolicy.builder().cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlsPolicy.builder().protocols("TLSv1.2").cipherSuites(TlsPolicy.TLS13_AES_128_GCM)
                .build()).isInstanceOf(IllegalStateException.class);
        assertThat(TlsPolicy.csmsDefault().cipherSuites()).contains(TlsPolicy.ECDHE_ECDSA_AES_128_GCM,
                TlsPolicy.ECDHE_ECDSA_AES_256_GCM, TlsPolicy.RSA_AES_128_GCM, TlsPolicy.RSA_AES_256_GCM);
        assertThat(TlsPolicy.csmsDefault().protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(TlsPolicy.stationEcdsaPair().cipherSuites()).doesNotContain(TlsPolicy.RSA_AES_128_GCM);
        assertThat(TlsPolicy.stationRsaPair().cipherSuites()).doesNotContain(TlsPolicy.ECDHE_ECDSA_AES_128_GCM);
    }

    @Test
    void eachEventTypeHasItsOcppNameInBothVersions() {
        Map<SecurityEventType, List<String>> names = Map.of(
                SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS,
                List.of("FailedToAuthenticateAtCsms", "FailedToAuthenticateAtCentralSystem"),
                SecurityEventType.CSMS_FAILED_TO_AUTHENTICATE,
                List.of("CsmsFailedToAuthenticate", "CentralSystemFailedToAuthenticate"),
                SecurityEventType.INVALID_CSMS_CERTIFICATE,
                List.of("InvalidCsmsCertificate", "InvalidCentralSystemCertificate"),
                SecurityEventType.INVALID_CHARGING_STATION_CERTIFICATE,
                List.of("InvalidChargingStationCertificate", "InvalidChargePointCertificate"),
                SecurityEventType.INVALID_TLS_VERSION, List.of("InvalidTLSVersion", "InvalidTLSVersion"),
                SecurityEventType.INVALID_TLS_CIPHER_SUITE, List.of("InvalidTLSCipherSuite", "InvalidTLSCipherSuite"));
        assertThat(names).hasSize(SecurityEventType.values().length);
        names.forEach((type, n) -> {
            assertThat(type.typeName(OcppVersion.OCPP201)).isEqualTo(n.get(0));
            assertThat(type.typeName(OcppVersion.OCPP16)).isEqualTo(n.get(1));
            assertThat(n.get(0).length()).isLessThanOrEqualTo(50);
        });
        assertThat(Arrays.stream(SecurityEvent.Reason.values()).map(SecurityEvent.Reason::type))
                .containsAll(names.keySet());
    }

    @Test
    void techInfoFitsSecurityEventNotification() {
        SecurityEvent e = new SecurityEvent(SecurityEvent.Reason.WRONG_PASSWORD, Optional.of("CS-1"),
                Optional.empty(), "x".repeat(1000), Instant.EPOCH);
        assertThat(e.techInfo()).hasSize(SecurityEvent.MAX_TECH_INFO).startsWith("WRONG_PASSWORD: x");
    }

    @Test
    void configurationsRefuseToBuildWithoutTheMaterialTheirProfileNeeds() {
        assertThatThrownBy(() -> CsmsSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("credential store");
        assertThatThrownBy(() -> CsmsSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH)
                .credentials(CredentialStore.inMemory()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("server certificate");
        assertThatThrownBy(() -> CsmsSecurity.builder(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES)
                .serverKey(KeyMaterial.of(PKI.serverCertificate("localhost"))).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CA");
        assertThatThrownBy(() -> StationSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH)
                .password(StationPassword.ocpp201("a".repeat(16))).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("root");
        assertThatThrownBy(() -> StationSecurity.builder(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES)
                .trustedCsmsRoots(List.of(PKI.root())).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("certificate and key");
        assertThatThrownBy(() -> StationSecurity.builder(SecurityProfile.UNSECURED_TRANSPORT_WITH_BASIC_AUTH).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("password");
        assertThat(SecurityProfile.of(3)).isEqualTo(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES);
        assertThatThrownBy(() -> SecurityProfile.of(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyMaterialRefusesAKeyOfAnotherAlgorithmThanItsCertificate() {
        TestPki rsa = TestPki.builder().organization("Example CPO").keyType(KeyType.RSA_2048).build();
        var ec = PKI.stationCertificate("CS-1");
        var r = rsa.stationCertificate("CS-1");
        assertThatThrownBy(() -> new KeyMaterial(r.privateKey(), ec.chain()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
