package dev.ocpp.security;

import static dev.ocpp.security.SecurityFixture.assertCause;
import static dev.ocpp.security.SecurityFixture.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.security.SecurityEvent.Reason;
import dev.ocpp.security.pki.IssuedCertificate;
import dev.ocpp.security.pki.KeyType;
import dev.ocpp.security.pki.TestPki;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each security profile over real TLS on 127.0.0.1 with both ends from this library: the right configuration
 * connects; every wrong one is refused before any OCPP message, with the right security event on each side.
 */
abstract class SecurityProfilesCases {

    /** The transports this run of the cases uses. */
    abstract SecurityFixture.Transports transports();


    private static final String PASSWORD = "correct-horse-battery-1";
    private static final String ORGANIZATION = "Example CPO";

    private static TestPki csmsPki;
    private static TestPki stationPki;
    private static TestPki roguePki;
    private static IssuedCertificate csmsCertificate;

    private final SecurityFixture fx = new SecurityFixture(transports());

    @BeforeAll
    static void pki() {
        csmsPki = TestPki.builder().organization(ORGANIZATION).keyType(KeyType.EC_P256).intermediate(true).build();
        stationPki = TestPki.builder().organization(ORGANIZATION).keyType(KeyType.EC_P256).build();
        roguePki = TestPki.builder().organization(ORGANIZATION).keyType(KeyType.EC_P256).build();
        csmsCertificate = csmsPki.serverCertificate("127.0.0.1", "127.0.0.1", "localhost");
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private static CredentialStore store() {
        return CredentialStore.of(Map.of("CS-1", StationCredential.ocpp201(PASSWORD)));
    }

    private static CsmsSecurity.Builder csms(SecurityProfile profile) {
        CsmsSecurity.Builder b = CsmsSecurity.builder(profile);
        if (profile.usesBasicAuth()) {
            b.credentials(store());
        }
        if (profile.usesTls()) {
            b.serverKey(KeyMaterial.of(csmsCertificate));
        }
        if (profile == SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES) {
            b.trustedStationCas(List.of(stationPki.root()));
        }
        return b;
    }

    private static StationSecurity.Builder station(SecurityProfile profile, String password,
                                                   IssuedCertificate clientCertificate) {
        StationSecurity.Builder b = StationSecurity.builder(profile);
        if (password != null) {
            b.password(StationPassword.ocpp201(password));
        }
        if (profile.usesTls()) {
            b.trustedCsmsRoots(List.of(csmsPki.root()));
        }
        if (clientCertificate != null) {
            b.clientKey(KeyMaterial.of(clientCertificate));
        }
        return b;
    }

    @Test
    void profileOneConnectsOverPlainWebSocketWithThePassword() throws Exception {
        fx.csms(csms(SecurityProfile.UNSECURED_TRANSPORT_WITH_BASIC_AUTH));
        fx.connectsAndTalks(fx.station("ws", "CS-1",
                station(SecurityProfile.UNSECURED_TRANSPORT_WITH_BASIC_AUTH, PASSWORD, null), b -> { }));
    }

    @Test
    void profileTwoConnectsOverTlsWithThePassword() throws Exception {
        fx.csms(csms(SecurityProfile.TLS_WITH_BASIC_AUTH));
        fx.connectsAndTalks(fx.station("wss", "CS-1",
                station(SecurityProfile.TLS_WITH_BASIC_AUTH, PASSWORD, null), b -> { }));
    }

    @Test
    void profileThreeConnectsWithTheStationCertificate() throws Exception {
        fx.csms(csms(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES).organization(ORGANIZATION));
        fx.connectsAndTalks(fx.station("wss", "CS-1", station(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES, null,
                stationPki.stationCertificate("CS-1")), b -> { }));
    }

    @Test
    void profileThreeMatchesAnIdentityWithCharactersADistinguishedNameEscapes() throws Exception {
        // '+' and '=' are allowed in 2.0.1 identities and are escaped in a DN string: the CN is compared as text.
        fx.csms(csms(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES));
        fx.connectsAndTalks(fx.station("wss", "CS+1=A", station(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES, null,
                stationPki.stationCertificate("CS+1=A")), b -> { }));
    }

    @Test
    void profileTwoServesRsaAndEcdsaCertificatesTogether() throws Exception {
        TestPki rsa = TestPki.builder().organization(ORGANIZATION).keyType(KeyType.RSA_2048).build();
        fx.csms(csms(SecurityProfile.TLS_WITH_BASIC_AUTH)
                .serverKey(KeyMaterial.of(rsa.serverCertificate("127.0.0.1", "127.0.0.1"))));
        fx.connectsAndTalks(fx.station("wss", "CS-1", station(SecurityProfile.TLS_WITH_BASIC_AUTH, PASSWORD, null)
                .tlsPolicy(TlsPolicy.stationEcdsaPair()), b -> { }));
    }

    @Test
    void wrongPasswordIsRefusedWith401AndReportedOnBothSides() throws Exception {
        fx.csms(csms(SecurityProfile.TLS_WITH_BASIC_AUTH));
        Throwable cause = fx.refused(fx.station("wss", "CS-1",
                station(SecurityProfile.TLS_WITH_BASIC_AUTH, "wrong-password-0123456", null), b -> { }));

        assertThat(cause.getCause()).isInstanceOf(HandshakeRejectedException.class);
        assertThat(((HandshakeRejectedException) cause.getCause()).status()).isEqualTo(401);
        SecurityEvent csmsSide = next(fx.csmsEvents);
        assertThat(csmsSide.reason()).isEqualTo(Reason.WRONG_PASSWORD);
        assertThat(csmsSide.identity()).contains("CS-1");
        assertThat(csmsSide.typeName(OcppVersion.OCPP201)).isEqualTo("FailedToAuthenticateAtCsms");
        assertThat(csmsSide.techInfo()).doesNotContain("wrong-password");
        SecurityEvent stationSide = next(fx.stationEvents);
        assertThat(stationSide.reason()).isEqualTo(Reason.CREDENTIALS_REJECTED);
        assertThat(stationSide.typeName(OcppVersion.OCPP201)).isEqualTo("FailedToAuthenticateAtCsms");
        assertThat(stationSide.typeName(OcppVersion.OCPP16)).isEqualTo("FailedToAuthenticateAtCentralSystem");
        fx.nothingExchanged();
    }

    @Test
    void userNameOtherThanTheIdentityIsRefused() throws Exception {
        fx.csms(csms(SecurityProfile.TLS_WITH_BASIC_AUTH));
        Throwable cause = fx.refused(fx.station("wss", "CS-1", station(SecurityProfile.TLS_WITH_BASIC_AUTH,
                PASSWORD, null), b -> b.password(null).credentials(BasicCredentials.of("CS-2", PASSWORD))));

        assertThat(((HandshakeRejectedException) cause.getCause()).status()).isEqualTo(401);
        assertThat(next(fx.csmsEvents).reason()).isEqualTo(Reason.USERNAME_MISMATCH);
        fx.nothingExchanged();
    }

    @Test
    void unknownIdentityIsRefusedWith404() throws Exception {
        fx.csms(csms(SecurityProfile.TLS_WITH_BASIC_AUTH));
        Throwable cause = fx.refused(fx.station("wss", "CS-9",
                station(SecurityProfile.TLS_WITH_BASIC_AUTH, PASSWORD, null), b -> { }));

        assertThat(((HandshakeRejectedException) cause.getCause()).status()).isEqualTo(404);
        SecurityEvent e = next(fx.csmsEvents);
        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_IDENTITY);
        assertThat(e.identity()).contains("CS-9");
        assertThat(next(fx.stationEvents).reason()).isEqualTo(Reason.CREDENTIALS_REJECTED);
        fx.nothingExchanged();
    }

    @Test
    void missingPasswordUnderProfileTwoIsRefused() throws Exception {
        fx.csms(csms(SecurityProfile.TLS_WITH_BASIC_AUTH));
        Throwable cause = fx.refused(fx.station("wss", "CS-1", station(SecurityProfile.TLS_WITH_BASIC_AUTH, PASSWORD,
                null), b -> b.password(null)));

        assertThat(((HandshakeRejectedException) cause.getCause()).status()).isEqualTo(401);
        assertThat(next(fx.csmsEvents).reason()).isEqualTo(Reason.MISSING_CREDENTIALS);
        fx.nothingExchanged();
    }

    @Test
    void expiredStationCertificateIsRefused() throws Exception {
        fx.csms(csms(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES));
        IssuedCertificate expired = stationPki.leaf().commonName("CS-1").organization(ORGANIZATION)
                .notBefore(Instant.now().minus(30, ChronoUnit.DAYS)).notAfter(Instant.now().minus(1, ChronoUnit.DAYS))
                .issue();
        Throwable cause = fx.refused(
                fx.station("wss", "CS-1", station(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES, null, expired),
                b -> { }));

        assertCause(cause, SSLException.class, "Received fatal alert: certificate_unknown");

        SecurityEvent e = next(fx.csmsEvents);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_CLIENT_CERTIFICATE);
        assertThat(e.typeName(OcppVersion.OCPP201)).isEqualTo("InvalidChargingStationCertificate");
        assertThat(e.typeName(OcppVersion.OCPP16)).isEqualTo("InvalidChargePointCertificate");
        assertThat(e.techInfo()).contains("certificate expired");
        assertThat(next(fx.stationEvents).reason()).isEqualTo(Reason.CLIENT_CERTIFICATE_REJECTED);
        fx.nothingExchanged();
    }

    @Test
    void expiredCsmsCertificateIsRefusedByTheStation() throws Exception {
        IssuedCertificate expired = csmsPki.leaf().commonName("127.0.0.1").subjectAltNames("127.0.0.1")
                .notBefore(Instant.now().minus(30, ChronoUnit.DAYS)).notAfter(Instant.now().minus(1, ChronoUnit.DAYS))
                .issue();
        fx.csms(CsmsSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH).credentials(store())
                .serverKey(KeyMaterial.of(expired)));
        Throwable cause = fx.refused(
                fx.station("wss", "CS-1", station(SecurityProfile.TLS_WITH_BASIC_AUTH, PASSWORD, null),
                b -> { }));

        assertCause(cause, SSLException.class, "certificate expired");

        SecurityEvent e = next(fx.stationEvents);
        assertThat(e.reason()).isEqualTo(Reason.INVALID_SERVER_CERTIFICATE);
        assertThat(e.typeName(OcppVersion.OCPP201)).isEqualTo("InvalidCsmsCertificate");
        assertThat(e.typeName(OcppVersion.OCPP16)).isEqualTo("InvalidCentralSystemCertificate");
        assertThat(e.techInfo()).contains("certificate expired");
        fx.nothingExchanged();
    }

    @Test
    void stationCertificateFromAnUntrustedCaIsRefused() throws Exception {
        fx.csms(csms(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES));
        Throwable cause = fx.refused(
                fx.station("wss", "CS-1", station(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES, null,
                roguePki.stationCertificate("CS-1")), b -> { }));

        assertCause(cause, SSLException.class, "Received fatal alert: certificate_unknown");

        assertThat(next(fx.csmsEvents).reason()).isEqualTo(Reason.INVALID_CLIENT_CERTIFICATE);
        fx.nothingExchanged();
    }

    @Test
    void csmsCertificateFromAnUntrustedCaIsRefused() throws Exception {
        fx.csms(CsmsSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH).credentials(store())
                .serverKey(KeyMaterial.of(roguePki.serverCertificate("127.0.0.1", "127.0.0.1"))));
        Throwable cause = fx.refused(
                fx.station("wss", "CS-1", station(SecurityProfile.TLS_WITH_BASIC_AUTH, PASSWORD, null),
                b -> { }));

        assertCause(cause, SSLException.class, "Path does not chain with any of the trust anchors");

        assertThat(next(fx.stationEvents).reason()).isEqualTo(Reason.INVALID_SERVER_CERTIFICATE);
        fx.nothingExchanged();
    }

    @Test
    void csmsCertificateForAnotherHostIsRefused() throws Exception {
        fx.csms(CsmsSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH).credentials(store())
                .serverKey(KeyMaterial.of(csmsPki.serverCertificate("csms.example.com", "csms.example.com"))));
        Throwable cause = fx.refused(
                fx.station("wss", "CS-1", station(SecurityProfile.TLS_WITH_BASIC_AUTH, PASSWORD, null),
                b -> { }));

        assertCause(cause, SSLException.class, "No subject alternative names matching IP address 127.0.0.1");

        SecurityEvent e = next(fx.stationEvents);
        assertThat(e.reason()).isEqualTo(Reason.SERVER_HOST_NAME_MISMATCH);
        assertThat(e.type()).isEqualTo(SecurityEventType.INVALID_CSMS_CERTIFICATE);
        fx.nothingExchanged();
    }

    @Test
    void certificateCommonNameOtherThanTheIdentityIsRefused() throws Exception {
        fx.csms(csms(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES));
        Throwable cause = fx.refused(fx.station("wss", "CS-1", station(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES,
                null, stationPki.stationCertificate("CS-2")), b -> { }));

        assertThat(((HandshakeRejectedException) cause.getCause()).status()).isEqualTo(401);
        SecurityEvent e = next(fx.csmsEvents);
        assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_IDENTITY_MISMATCH);
        assertThat(e.type()).isEqualTo(SecurityEventType.INVALID_CHARGING_STATION_CERTIFICATE);
        fx.nothingExchanged();
    }

    @Test
    void certificateOfAnotherOrganisationIsRefusedWhenTheOrganisationIsChecked() throws Exception {
        fx.csms(csms(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES).organization(ORGANIZATION));
        IssuedCertificate other = stationPki.leaf().commonName("CS-1").organization("Other CPO").issue();
        Throwable cause = fx.refused(
                fx.station("wss", "CS-1", station(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES, null, other),
                b -> { }));

        assertThat(((HandshakeRejectedException) cause.getCause()).status()).isEqualTo(401);

        assertThat(next(fx.csmsEvents).reason()).isEqualTo(Reason.CERTIFICATE_ORGANIZATION_MISMATCH);
        fx.nothingExchanged();
    }

    @Test
    void noClientCertificateUnderProfileThreeIsRefused() throws Exception {
        fx.csms(csms(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES));
        Throwable cause = fx.refused(
                fx.station("wss", "CS-1", station(SecurityProfile.TLS_WITH_BASIC_AUTH, PASSWORD, null),
                b -> { }));

        // The alert depends on the CSMS's JDK: 17 sends bad_certificate, 25 the certificate_required of TLS 1.3
        // (RFC 8446, 4.4.2.4). Either way the station learns at once that its missing certificate was the reason.
        assertCause(cause, SSLException.class, "Received fatal alert: bad_certificate",
                "Received fatal alert: certificate_required");

        SecurityEvent e = next(fx.csmsEvents);
        assertThat(e.reason()).isEqualTo(Reason.MISSING_CLIENT_CERTIFICATE);
        assertThat(e.typeName(OcppVersion.OCPP201)).isEqualTo("InvalidChargingStationCertificate");
        assertThat(next(fx.stationEvents).reason()).isEqualTo(Reason.CLIENT_CERTIFICATE_REJECTED);
        fx.nothingExchanged();
    }

    @Test
    void profileThreeStationWithoutPasswordIsRefusedByAProfileTwoCsms() throws Exception {
        fx.csms(csms(SecurityProfile.TLS_WITH_BASIC_AUTH));
        Throwable cause = fx.refused(
                fx.station("wss", "CS-1", station(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES, null,
                stationPki.stationCertificate("CS-1")), b -> { }));

        assertThat(((HandshakeRejectedException) cause.getCause()).status()).isEqualTo(401);

        assertThat(next(fx.csmsEvents).reason()).isEqualTo(Reason.MISSING_CREDENTIALS);
        fx.nothingExchanged();
    }

    @Test
    void plainWebSocketAgainstATlsCsmsIsRefused() throws Exception {
        fx.csms(csms(SecurityProfile.TLS_WITH_BASIC_AUTH));
        Throwable cause = fx.refused(
                fx.station("ws", "CS-1", station(SecurityProfile.UNSECURED_TRANSPORT_WITH_BASIC_AUTH, PASSWORD,
                null), b -> { }));

        assertCause(cause, IOException.class, "before the WebSocket upgrade");

        SecurityEvent e = next(fx.csmsEvents);
        assertThat(e.reason()).isEqualTo(Reason.NOT_TLS);
        assertThat(e.typeName(OcppVersion.OCPP201)).isEqualTo("InvalidTLSVersion");
        fx.nothingExchanged();
    }

    @Test
    void aTlsStationNeverFallsBackToPlainWebSocket() {
        fx.csms(csms(SecurityProfile.UNSECURED_TRANSPORT_WITH_BASIC_AUTH));
        assertThatThrownBy(() -> fx.station("ws", "CS-1",
                station(SecurityProfile.TLS_WITH_BASIC_AUTH, PASSWORD, null), b -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not wss://");
    }
}
