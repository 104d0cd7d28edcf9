package dev.ocpp.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.SimulatedStation;
import dev.ocpp.v16.messages.ChangeConfigurationRequest;
import dev.ocpp.v16.messages.ChangeConfigurationResponse;
import dev.ocpp.v16.messages.InstallCertificateRequest;
import dev.ocpp.v16.messages.InstallCertificateResponse;
import dev.ocpp.v16.types.ConfigurationStatus;
import dev.ocpp.v16.types.InstallCertificateStatus;
import dev.ocpp.v201.messages.ResetRequest;
import dev.ocpp.v201.messages.ResetResponse;
import dev.ocpp.v201.types.ResetStatusEnum;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * STATION-A05-security-profile-upgrade over real sockets (the second mock CSMS is {@code wss://}): the bare simulated
 * station, given the run's password, moves from profile 1 to 2 in either version and passes; stations that say yes
 * but stay where they are, or cannot take the CSMS root, fail saying so; without what the scenario needs it is
 * skipped, never failed.
 */
class SecurityProfileUpgradeScenarioTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] PASSWORD = "testkit-password-16".getBytes(StandardCharsets.US_ASCII);
    private static final String ID = "STATION-A05-security-profile-upgrade";

    @Test
    void aBareSimulatedStationMovesToTheTlsEndpointAndPassesInEitherVersion() {
        for (OcppVersion version : List.of(OcppVersion.OCPP16, OcppVersion.OCPP201)) {
            ScenarioResult r = run(version, UnaryOperator.identity());

            assertThat(r.outcome()).as(r.toString()).isEqualTo(ScenarioResult.Outcome.PASSED);
            // Both mocks' exchanges are in the journal: the root installed on the plain one, the check on the other.
            assertThat(r.journal()).anySatisfy(e -> assertThat(e.action()).isEqualTo("InstallCertificate"));
            assertThat(r.journal()).anySatisfy(e -> assertThat(e.request().toString())
                    .containsAnyOf("\"key\":[\"SecurityProfile\"]", "\"name\":\"SecurityProfile\""));
        }
    }

    @Test
    void a16StationThatAcceptsTheChangeButStaysOnProfileOneFails() {
        ScenarioResult r = run(OcppVersion.OCPP16, s -> s.respondWith(ChangeConfigurationRequest.class,
                q -> new ChangeConfigurationResponse().withStatus(ConfigurationStatus.ACCEPTED)));

        assertFailed(r, "did not connect to the TLS endpoint");
    }

    @Test
    void a201StationWhoseResetDoesNotRebootOntoTheNewSlotFails() {
        ScenarioResult r = run(OcppVersion.OCPP201, s -> s.respondWith(ResetRequest.class,
                q -> new ResetResponse().withStatus(ResetStatusEnum.ACCEPTED)));

        assertFailed(r, "did not connect to the TLS endpoint");
    }

    @Test
    void aStationThatCannotInstallTheCsmsRootFails() {
        ScenarioResult r = run(OcppVersion.OCPP16, s -> s.respondWith(InstallCertificateRequest.class,
                q -> new InstallCertificateResponse().withStatus(InstallCertificateStatus.REJECTED)));

        assertFailed(r, "InstallCertificate of the CSMS root certificate");
    }

    @Test
    void withoutThePasswordOrInMemoryOrWithAnAdapterThatCannotOfferTheTlsEndpointTheScenarioIsSkipped() {
        ScenarioResult noPassword = ScenarioRunner.forStation(new SimulatedStationUnderTest(), OcppVersion.OCPP16)
                .timeout(TIMEOUT).build().run(Catalogue.byId(ID).orElseThrow());
        ScenarioResult inMemory = ScenarioRunner.forStation(new SimulatedStationUnderTest(), OcppVersion.OCPP201)
                .inMemory().stationPassword(PASSWORD).timeout(TIMEOUT).build().run(Catalogue.byId(ID).orElseThrow());
        StationUnderTest plain = new StationUnderTest() {
            @Override
            public void start(StationEndpoint endpoint) {
                throw new AssertionError("not started: the scenario is skipped first");
            }

            @Override
            public void stop() {
            }
        };
        ScenarioResult noTls = ScenarioRunner.forStation(plain, OcppVersion.OCPP16).stationPassword(PASSWORD)
                .timeout(TIMEOUT).build().run(Catalogue.byId(ID).orElseThrow());

        assertThat(noPassword.outcome()).as(noPassword.toString()).isEqualTo(ScenarioResult.Outcome.SKIPPED);
        assertThat(noPassword.message()).contains("stationPassword");
        assertThat(inMemory.outcome()).as(inMemory.toString()).isEqualTo(ScenarioResult.Outcome.SKIPPED);
        assertThat(inMemory.message()).contains("in memory");
        assertThat(noTls.outcome()).as(noTls.toString()).isEqualTo(ScenarioResult.Outcome.SKIPPED);
        assertThat(noTls.message()).contains("upgradesToSecureUrl");
    }

    private static ScenarioResult run(OcppVersion version, UnaryOperator<SimulatedStation> tweak) {
        return ScenarioRunner.forStation(SimulatedStationUnderTest.tweaked(tweak::apply), version)
                .timeout(TIMEOUT).stationPassword(PASSWORD).build().run(Catalogue.byId(ID).orElseThrow());
    }

    private static void assertFailed(ScenarioResult r, String message) {
        assertThat(r.outcome()).as(r.toString()).isEqualTo(ScenarioResult.Outcome.FAILED);
        assertThat(r.message()).contains(message);
    }
}
