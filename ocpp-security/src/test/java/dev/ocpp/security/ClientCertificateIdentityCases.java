package dev.ocpp.security;

import static dev.ocpp.security.SecurityFixture.next;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.security.SecurityEvent.Reason;
import dev.ocpp.security.pki.IssuedCertificate;
import dev.ocpp.security.pki.KeyType;
import dev.ocpp.security.pki.TestPki;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Profile 3 over real TLS on 127.0.0.1: a station whose certificate is valid and trusted, but whose CN only nearly
 * names it, completes the TLS handshake and is then refused at the upgrade with 401, an
 * InvalidChargingStationCertificate event, and no session (A00.FR.405). The near misses are the ones a loose
 * comparison would let through; {@code internal.CsmsHandshakeGuardTest} covers more of them without TLS.
 */
abstract class ClientCertificateIdentityCases {

    /** The transports this run of the cases uses. */
    abstract SecurityFixture.Transports transports();


    private static final String ORGANIZATION = "Example CPO";

    private static TestPki csmsPki;
    private static TestPki stationPki;
    private static IssuedCertificate csmsCertificate;

    private final SecurityFixture fx = new SecurityFixture(transports());

    @BeforeAll
    static void pki() {
        csmsPki = TestPki.builder().organization(ORGANIZATION).keyType(KeyType.EC_P256).build();
        stationPki = TestPki.builder().organization(ORGANIZATION).keyType(KeyType.EC_P256).build();
        csmsCertificate = csmsPki.serverCertificate("127.0.0.1", "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    private void startCsms() {
        fx.csms(CsmsSecurity.builder(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES)
                .serverKey(KeyMaterial.of(csmsCertificate))
                .trustedStationCas(List.of(stationPki.root())));
    }

    private StationSecurity.Builder stationWith(IssuedCertificate certificate) {
        return StationSecurity.builder(SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES)
                .trustedCsmsRoots(List.of(csmsPki.root()))
                .clientKey(KeyMaterial.of(certificate));
    }

    private void assertRefusedForItsCertificate(String identity, IssuedCertificate certificate) throws Exception {
        startCsms();
        Throwable cause = fx.refused(fx.station("wss", identity, stationWith(certificate), b -> { }));

        assertThat(cause.getCause()).isInstanceOf(HandshakeRejectedException.class);
        assertThat(((HandshakeRejectedException) cause.getCause()).status()).isEqualTo(401);
        SecurityEvent e = next(fx.csmsEvents);
        assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_IDENTITY_MISMATCH);
        assertThat(e.type()).isEqualTo(SecurityEventType.INVALID_CHARGING_STATION_CERTIFICATE);
        assertThat(e.identity()).contains(identity);
        fx.nothingExchanged();
    }

    @Test
    void stationWhoseCertificateNamesAPrefixOfItsIdentityIsRefused() throws Exception {
        assertRefusedForItsCertificate("CS-10", stationPki.stationCertificate("CS-1"));
    }

    @Test
    void stationWhoseCertificateNamesAnExtensionOfItsIdentityIsRefused() throws Exception {
        assertRefusedForItsCertificate("CS-1", stationPki.stationCertificate("CS-10"));
    }

    /** One certificate naming two stations must serve neither, whichever CN an implementation would pick. */
    @ParameterizedTest
    @ValueSource(strings = {"CS-1", "CS-2"})
    void stationWhoseCertificateHasTwoCommonNamesIsRefused(String identity) throws Exception {
        assertRefusedForItsCertificate(identity, stationPki.leaf()
                .subject(new X500Principal("CN=CS-2, CN=CS-1, O=" + ORGANIZATION)).issue());
    }

    @Test
    void stationWhoseCustomSubjectHasTheIdentityAsItsOnlyCommonNameConnects() throws Exception {
        // The control for the two-CN case: a certificate made through the same custom-subject path is accepted
        // once its subject has a single CN, so the refusals above come from the CN and nothing else.
        startCsms();
        fx.connectsAndTalks(fx.station("wss", "CS-1", stationWith(stationPki.leaf()
                .subject(new X500Principal("CN=CS-1, O=" + ORGANIZATION)).issue()), b -> { }));
        assertThat(fx.csmsEvents).isEmpty();
    }
}
