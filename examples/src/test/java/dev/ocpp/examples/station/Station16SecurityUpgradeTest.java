package dev.ocpp.examples.station;

import static dev.ocpp.examples.station.UpgradeFixture.IDENTITY;
import static dev.ocpp.examples.station.UpgradeFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.security.pki.CertificateHash;
import dev.ocpp.security.pki.HashAlgorithm;
import dev.ocpp.security.pki.TestPki;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.v16.messages.ChangeConfigurationRequest;
import dev.ocpp.v16.messages.DeleteCertificateRequest;
import dev.ocpp.v16.messages.GetConfigurationRequest;
import dev.ocpp.v16.messages.GetInstalledCertificateIdsRequest;
import dev.ocpp.v16.messages.GetInstalledCertificateIdsResponse;
import dev.ocpp.v16.messages.InstallCertificateRequest;
import dev.ocpp.v16.types.CertificateHashData;
import dev.ocpp.v16.types.CertificateUse;
import dev.ocpp.v16.types.ConfigurationStatus;
import dev.ocpp.v16.types.DeleteCertificateStatus;
import dev.ocpp.v16.types.GetInstalledCertificateStatus;
import dev.ocpp.v16.types.InstallCertificateStatus;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The example 1.6 station raises its security profile from 1 to 2 (security white paper A05): with the CSMS root
 * installed and a TLS endpoint configured it accepts ChangeConfiguration SecurityProfile 2, moves to the secure mock
 * CSMS with the same identity and password and reports 2 there, never going back down; without a prerequisite it
 * refuses; when the secure endpoint cannot be reached it falls back to profile 1 (A05.FR.08).
 */
class Station16SecurityUpgradeTest {

    @Test
    void movesToTheSecureEndpointOnSecurityProfileTwoAndNeverGoesBack() throws Exception {
        try (UpgradeFixture fx = new UpgradeFixture(OcppVersion.OCPP16, true)) {
            fx.start(fx.secure.url());
            assertThat(securityProfile(fx.plain)).isEqualTo("1");

            assertThat(install(fx.plain, fx.pki.rootPem())).isEqualTo(InstallCertificateStatus.ACCEPTED);
            GetInstalledCertificateIdsResponse installed = fx.plain.call(IDENTITY,
                    new GetInstalledCertificateIdsRequest()
                            .withCertificateType(CertificateUse.CENTRAL_SYSTEM_ROOT_CERTIFICATE))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(installed.getStatus()).isEqualTo(GetInstalledCertificateStatus.ACCEPTED);
            CertificateHashData root = installed.getCertificateHashData().get(0);
            assertThat(root.getSerialNumber()).isEqualTo(CertificateHash.ofSelfSigned(fx.pki.root(),
                    HashAlgorithm.SHA256).serialNumber());
            assertThat(change(fx.plain, "2")).isEqualTo(ConfigurationStatus.ACCEPTED);

            fx.secure.awaitStation(IDENTITY, WAIT);
            assertThat(securityProfile(fx.secure)).isEqualTo("2");
            fx.awaitOutput("Connected on security profile 2 at " + fx.secure.url());
            // A05.FR.09: the lower profile is not allowed again, nor the same one.
            assertThat(change(fx.secure, "1")).isEqualTo(ConfigurationStatus.REJECTED);
            assertThat(change(fx.secure, "2")).isEqualTo(ConfigurationStatus.REJECTED);
            assertThat(securityProfile(fx.secure)).isEqualTo("2");
            // The root the connection in use trusts cannot be deleted.
            assertThat(fx.secure.call(IDENTITY, new DeleteCertificateRequest().withCertificateHashData(root))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatus())
                    .isEqualTo(DeleteCertificateStatus.FAILED);
        }
    }

    @Test
    void rejectsTheRaiseWithoutAValidCsmsRoot() throws Exception {
        try (UpgradeFixture fx = new UpgradeFixture(OcppVersion.OCPP16, true)) {
            fx.start(fx.secure.url());
            // A05.FR.03: no CentralSystemRootCertificate yet.
            assertThat(change(fx.plain, "2")).isEqualTo(ConfigurationStatus.REJECTED);
            // Not a certificate, and a certificate that is no root: nothing installed.
            assertThat(install(fx.plain, "not a certificate")).isEqualTo(InstallCertificateStatus.REJECTED);
            String leaf = fx.pki.serverCertificate("127.0.0.1", "127.0.0.1").certificatePem();
            assertThat(install(fx.plain, leaf)).isEqualTo(InstallCertificateStatus.REJECTED);
            assertThat(change(fx.plain, "2")).isEqualTo(ConfigurationStatus.REJECTED);
            // Installed, then deleted again: no root to trust.
            assertThat(install(fx.plain, fx.pki.rootPem())).isEqualTo(InstallCertificateStatus.ACCEPTED);
            CertificateHash hash = CertificateHash.ofSelfSigned(fx.pki.root(), HashAlgorithm.SHA256);
            assertThat(fx.plain.call(IDENTITY, new DeleteCertificateRequest().withCertificateHashData(
                            new CertificateHashData().withHashAlgorithm(dev.ocpp.v16.types.HashAlgorithm.SHA_256)
                                    .withIssuerNameHash(hash.issuerNameHash())
                                    .withIssuerKeyHash(hash.issuerKeyHash())
                                    .withSerialNumber(hash.serialNumber())))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatus())
                    .isEqualTo(DeleteCertificateStatus.ACCEPTED);
            assertThat(change(fx.plain, "2")).isEqualTo(ConfigurationStatus.REJECTED);
            assertThat(securityProfile(fx.plain)).isEqualTo("1");
            fx.awaitOutput("SecurityProfile 2 refused: security profile 2 needs a trusted CSMS root certificate");
        }
    }

    @Test
    void rejectsTheRaiseWithoutASecureEndpointOrAStationCertificateOrAHigherProfile() throws Exception {
        try (UpgradeFixture fx = new UpgradeFixture(OcppVersion.OCPP16, true)) {
            fx.start(null);
            assertThat(install(fx.plain, fx.pki.rootPem())).isEqualTo(InstallCertificateStatus.ACCEPTED);
            // With the root but no TLS endpoint to go to (the station was started without one).
            assertThat(change(fx.plain, "2")).isEqualTo(ConfigurationStatus.REJECTED);
            // A05.FR.04: no station certificate; A05.FR.01: not above the profile in force.
            assertThat(change(fx.plain, "3")).isEqualTo(ConfigurationStatus.REJECTED);
            assertThat(change(fx.plain, "1")).isEqualTo(ConfigurationStatus.REJECTED);
            assertThat(change(fx.plain, "0")).isEqualTo(ConfigurationStatus.REJECTED);
            assertThat(securityProfile(fx.plain)).isEqualTo("1");
            fx.awaitOutput("SecurityProfile 2 refused: the station knows no endpoint for security profile 2");
        }
    }

    @Test
    void rejectsTheRaiseWhenTheRootInstalledIsOfAnotherPki() throws Exception {
        try (UpgradeFixture fx = new UpgradeFixture(OcppVersion.OCPP16, true)) {
            fx.start(fx.secure.url());
            // A root of another CSMS: accepted (it is a valid root), but the secure mock's certificate does not lead
            // to it, so the station cannot connect there and falls back.
            assertThat(install(fx.plain, TestPki.builder().build().rootPem()))
                    .isEqualTo(InstallCertificateStatus.ACCEPTED);
            assertThat(change(fx.plain, "2")).isEqualTo(ConfigurationStatus.ACCEPTED);
            fx.awaitOutput("fell back to security profile 1 at " + fx.plain.url());
            fx.plain.awaitStation(IDENTITY, WAIT);
            assertThat(securityProfile(fx.plain)).isEqualTo("1");
            assertThat(fx.secure.journal().exchanges()).isEmpty();
        }
    }

    @Test
    void fallsBackToProfileOneWhenTheSecureEndpointIsUnreachable() throws Exception {
        try (UpgradeFixture fx = new UpgradeFixture(OcppVersion.OCPP16, false)) {
            fx.start(fx.secure.url());
            assertThat(install(fx.plain, fx.pki.rootPem())).isEqualTo(InstallCertificateStatus.ACCEPTED);
            assertThat(change(fx.plain, "2")).isEqualTo(ConfigurationStatus.ACCEPTED);

            fx.awaitOutput("Switching to security profile 2 at " + fx.secure.url());
            fx.awaitOutput("Could not connect on security profile 2 at " + fx.secure.url() + " in 3 attempt(s): "
                    + "fell back to security profile 1 at " + fx.plain.url());
            fx.plain.awaitStation(IDENTITY, WAIT);
            assertThat(securityProfile(fx.plain)).isEqualTo("1");
            // Still able to try again later, once the endpoint is up: profile 2 is above the one in force.
            assertThat(change(fx.plain, "1")).isEqualTo(ConfigurationStatus.REJECTED);
        }
    }

    private static InstallCertificateStatus install(MockCsms csms, String pem) throws Exception {
        return csms.call(IDENTITY, new InstallCertificateRequest()
                        .withCertificateType(CertificateUse.CENTRAL_SYSTEM_ROOT_CERTIFICATE).withCertificate(pem))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatus();
    }

    private static ConfigurationStatus change(MockCsms csms, String profile) throws Exception {
        return csms.call(IDENTITY, new ChangeConfigurationRequest().withKey("SecurityProfile").withValue(profile))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatus();
    }

    private static String securityProfile(MockCsms csms) throws Exception {
        return csms.call(IDENTITY, new GetConfigurationRequest().withKey(List.of("SecurityProfile")))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getConfigurationKey().get(0).getValue();
    }
}
