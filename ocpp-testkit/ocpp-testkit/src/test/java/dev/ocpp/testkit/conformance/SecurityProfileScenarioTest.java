package dev.ocpp.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.SimulatedStation;
import dev.ocpp.v16.messages.ChangeConfigurationRequest;
import dev.ocpp.v16.messages.ChangeConfigurationResponse;
import dev.ocpp.v16.messages.GetConfigurationRequest;
import dev.ocpp.v16.messages.GetConfigurationResponse;
import dev.ocpp.v16.types.ConfigurationStatus;
import dev.ocpp.v16.types.KeyValue;
import dev.ocpp.v201.messages.SetNetworkProfileRequest;
import dev.ocpp.v201.messages.SetNetworkProfileResponse;
import dev.ocpp.v201.types.SetNetworkProfileStatusEnum;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * STATION-A05-security-profile on a station the run gave a password (security profile 1,
 * {@link ScenarioRunner.Builder#stationPassword}) and on stations that lower their profile when asked: a conformant
 * station passes, each broken one fails saying what it did.
 */
class SecurityProfileScenarioTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final byte[] PASSWORD = "testkit-password-16".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aStationOnProfileOneThatRefusesEveryLowerProfilePasses() {
        for (OcppVersion version : List.of(OcppVersion.OCPP16, OcppVersion.OCPP201)) {
            ScenarioResult r = run(version, true, reportingProfile(1, false));

            assertThat(r.outcome()).as(r.toString()).isEqualTo(ScenarioResult.Outcome.PASSED);
            // The mock required the password, and the station brought it: its connection is in the journal.
            assertThat(r.journal()).anySatisfy(e -> assertThat(e.action()).isEqualTo("BootNotification"));
        }
    }

    @Test
    void aBareSimulatedStationGivenThePasswordReportsProfileOneAndPasses() {
        for (OcppVersion version : List.of(OcppVersion.OCPP16, OcppVersion.OCPP201)) {
            ScenarioResult r = run(version, true, UnaryOperator.identity());

            assertThat(r.outcome()).as(r.toString()).isEqualTo(ScenarioResult.Outcome.PASSED);
            // 1.6 asked to go from 1 down to 0, 2.0.1 offered a network profile of 0: both were refused.
            assertThat(r.journal()).anySatisfy(e -> assertThat(e.request().toString())
                    .containsAnyOf("\"value\":\"0\"", "\"securityProfile\":0"));
        }
    }

    @Test
    void a16StationOnProfileOneThatAcceptsProfileZeroFails() {
        ScenarioResult r = run(OcppVersion.OCPP16, true, reportingProfile(1, true));

        assertFailed(r, "to lowering SecurityProfile from 1 to 0; it must be Rejected (A05.FR.01)");
    }

    @Test
    void a201StationThatAcceptsANetworkProfileBelowItsOwnFails() {
        ScenarioResult r = run(OcppVersion.OCPP201, false, s -> s.respondWith(SetNetworkProfileRequest.class,
                q -> new SetNetworkProfileResponse().withStatus(SetNetworkProfileStatusEnum.ACCEPTED)));

        assertFailed(r, "to a SetNetworkProfile with security profile 0, lower than the 1 in force; it must be"
                + " Rejected (B09.FR.04)");
    }

    @Test
    void aStationThatConnectedWithThePasswordButReportsProfileZeroFails() {
        ScenarioResult r = run(OcppVersion.OCPP16, true, reportingProfile(0, false));

        assertFailed(r, "the station connected with HTTP Basic credentials (security profile 1 or 2) but reports"
                + " SecurityProfile 0");
    }

    @Test
    void aStationWithoutThePasswordIsRefusedAndTheScenarioFails() {
        ScenarioResult r = ScenarioRunner.forStation(SimulatedStationUnderTest.withoutPassword(), OcppVersion.OCPP16)
                .inMemory()
                .timeout(TIMEOUT).stationPassword(PASSWORD).build()
                .run(Catalogue.byId("STATION-A05-security-profile").orElseThrow());

        assertThat(r.outcome()).as(r.toString()).isEqualTo(ScenarioResult.Outcome.FAILED);
        assertThat(r.message()).contains("did not connect");
        assertThat(r.journal()).isEmpty();
    }

    /**
     * A 1.6 station reporting SecurityProfile {@code profile} (read-write) that rejects a change to it unless
     * {@code acceptsLower} and the value is lower; in 2.0.1 the simulator's own defaults (profile 1, lower network
     * profiles Rejected).
     */
    private static UnaryOperator<SimulatedStation> reportingProfile(int profile, boolean acceptsLower) {
        return s -> {
            if (s.version() != OcppVersion.OCPP16) {
                return s;
            }
            s.respondWith(GetConfigurationRequest.class, q -> new GetConfigurationResponse().withConfigurationKey(
                    List.of(new KeyValue().withKey("SecurityProfile").withReadonly(false)
                            .withValue(String.valueOf(profile)))));
            s.respondWith(ChangeConfigurationRequest.class, q -> new ChangeConfigurationResponse().withStatus(
                    acceptsLower && Integer.parseInt(q.getValue()) < profile
                            ? ConfigurationStatus.ACCEPTED : ConfigurationStatus.REJECTED));
            return s;
        };
    }

    private static ScenarioResult run(OcppVersion version, boolean password, UnaryOperator<SimulatedStation> tweak) {
        ScenarioRunner.Builder runner = ScenarioRunner.forStation(SimulatedStationUnderTest.tweaked(tweak::apply),
                version).inMemory()
                .timeout(TIMEOUT);
        if (password) {
            runner.stationPassword(PASSWORD);
        }
        return runner.build().run(Catalogue.byId("STATION-A05-security-profile").orElseThrow());
    }

    private static void assertFailed(ScenarioResult r, String message) {
        assertThat(r.outcome()).as(r.toString()).isEqualTo(ScenarioResult.Outcome.FAILED);
        assertThat(r.message()).contains(message);
    }
}
