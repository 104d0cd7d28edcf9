package dev.ocpp.examples.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.security.pki.TestPki;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.testkit.conformance.StationEndpoint;
import dev.ocpp.v16.messages.ChangeConfigurationRequest;
import dev.ocpp.v16.messages.GetConfigurationRequest;
import dev.ocpp.v16.messages.InstallCertificateRequest;
import dev.ocpp.v16.types.CertificateUse;
import dev.ocpp.v16.types.ConfigurationStatus;
import dev.ocpp.v16.types.InstallCertificateStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * The adapter hands the endpoint's secure URL to the example 1.6 station, which has no other way to learn it
 * (ChangeConfiguration SecurityProfile carries no URL): driven as the STATION-A05 scenario drives it, on the client
 * transport of the plain mock CSMS, the station moves to the secure mock and reports security profile 2 there.
 */
class ExampleStationUnderTestUpgradeTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String IDENTITY = "CP-A05";

    @Test
    void theOneSixStationGoesToTheEndpointsSecureUrl() throws Exception {
        TestPki pki = TestPki.builder().build();
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(pki.serverCertificate("127.0.0.1", "127.0.0.1", "localhost").keyManagers().getKeyManagers(),
                null, null);
        byte[] password = ConformanceAgainstExampleStation.PASSWORD;
        ExampleStationUnderTest adapter = new ExampleStationUnderTest();
        assertThat(adapter.upgradesToSecureUrl()).isTrue();
        try (MockCsms plain = MockCsms.builder(OcppVersion.OCPP16).webSocket().password(password).build();
             MockCsms secure = MockCsms.builder(OcppVersion.OCPP16).tls(server).password(password).build()) {
            adapter.start(new StationEndpoint(plain.url(), IDENTITY, OcppVersion.OCPP16, plain.stationTransport(),
                    password, secure.url()));
            try {
                plain.awaitStation(IDENTITY, WAIT);
                assertThat(plain.call(IDENTITY, new InstallCertificateRequest()
                                .withCertificateType(CertificateUse.CENTRAL_SYSTEM_ROOT_CERTIFICATE)
                                .withCertificate(pki.rootPem()))
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatus())
                        .isEqualTo(InstallCertificateStatus.ACCEPTED);
                assertThat(plain.call(IDENTITY, new ChangeConfigurationRequest().withKey("SecurityProfile")
                                .withValue("2"))
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStatus())
                        .isEqualTo(ConfigurationStatus.ACCEPTED);

                secure.awaitStation(IDENTITY, WAIT);
                assertThat(secure.call(IDENTITY, new GetConfigurationRequest().withKey(List.of("SecurityProfile")))
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getConfigurationKey().get(0).getValue())
                        .isEqualTo("2");
            } finally {
                adapter.stop();
            }
        }
    }
}
