package dev.ocpp.testkit.conformance;

import static dev.ocpp.testkit.conformance.ScenarioContext.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.testkit.Journal;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.testkit.Role;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runner against the testkit's own simulators, whole and deliberately broken: the catalogue passes against the
 * good ones, and each broken variant is caught by the scenario named for what it breaks.
 */
class ScenarioRunnerTest {

    private static Scenario scenario(String id) {
        return Catalogue.byId(id).orElseThrow();
    }

    private static ScenarioResult runCsms(MockCsms mock, String id) {
        return ScenarioRunner.forCsms(new MockCsmsUnderTest(mock), mock.version()).build().run(scenario(id));
    }

    @Test
    void everyCsmsScenarioPassesAgainstTheMockCsmsAndTheOthersDoNotApply() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP201)) {
            List<ScenarioResult> results = ScenarioRunner.forCsms(new MockCsmsUnderTest(mock), OcppVersion.OCPP201)
                    .build().run(Catalogue.all());
            long applicable = Catalogue.forRole(Role.CSMS).stream()
                    .filter(s -> s.appliesTo(OcppVersion.OCPP201)).count();
            // The mock lets a station call before booting on purpose (a station's test may skip the boot), so it is
            // the one CSMS here without boot gating, and that scenario says so.
            assertThat(results).filteredOn(r -> r.outcome() == ScenarioResult.Outcome.PASSED)
                    .hasSize((int) applicable - 1);
            assertThat(results).filteredOn(r -> r.outcome() == ScenarioResult.Outcome.FAILED)
                    .singleElement().satisfies(r -> {
                        assertThat(r.scenario().id()).isEqualTo("CSMS-B01-boot-gating");
                        assertThat(r.message()).contains("before any BootNotification").contains("SecurityError");
                    });
            assertThat(results).filteredOn(r -> r.outcome() == ScenarioResult.Outcome.NOT_APPLICABLE)
                    .hasSize(Catalogue.all().size() - (int) applicable)
                    .anySatisfy(r -> assertThat(r.message()).contains("[ocpp1.6]"))
                    .anySatisfy(r -> assertThat(r.message()).contains("tests a STATION"));
            assertThat(results).filteredOn(ScenarioResult::passed)
                    .allSatisfy(r -> assertThat(r.diagram()).isEmpty())
                    .allSatisfy(r -> assertThat(r.journal()).isNotEmpty());
        }
    }

    @Test
    void csmsThatAnswersHeartbeatWithAnErrorFailsTheHeartbeatScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            mock.respondWithError(dev.ocpp.v16.messages.HeartbeatRequest.class, ErrorCode.INTERNAL_ERROR, "broken");
            ScenarioResult r = runCsms(mock, "CSMS-G02-heartbeat");
            assertThat(r.outcome()).isEqualTo(ScenarioResult.Outcome.FAILED);
            assertThat(r.message()).contains("answered Heartbeat {} with CALLERROR InternalError \"broken\"");
            assertThat(r.diagram()).startsWith("sequenceDiagram").contains("Heartbeat").contains("InternalError");
        }
    }

    @Test
    void csmsThatRejectsEveryBootFailsTheBootScenario() throws Exception {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP201)) {
            var rejected = OcppJson.mapper().treeToValue(json("{'status':'Rejected','interval':60,'currentTime':'"
                    + CsmsScenarios.now() + "'}"), dev.ocpp.v201.messages.BootNotificationResponse.class);
            mock.respondWith(dev.ocpp.v201.messages.BootNotificationRequest.class, q -> rejected);
            ScenarioResult r = runCsms(mock, "CSMS-B01-boot-accepted");
            assertThat(r.outcome()).isEqualTo(ScenarioResult.Outcome.FAILED);
            assertThat(r.message()).startsWith("the CSMS answered BootNotification Rejected instead of Accepted");
        }
    }

    @Test
    void csmsThatAnswersAnInvalidCallWithGenericErrorFailsTheInvalidPayloadScenario() {
        // No validation: the invalid Authorize reaches the answer plan, which answers GenericError.
        try (MockCsms mock = MockCsms.builder(OcppVersion.OCPP16).validation(ValidationOptions.off()).build()) {
            mock.respondWithError(dev.ocpp.v16.messages.AuthorizeRequest.class, ErrorCode.GENERIC_ERROR, "no");
            ScenarioResult r = runCsms(mock, "CSMS-RPC-invalid-payload");
            assertThat(r.outcome()).isEqualTo(ScenarioResult.Outcome.FAILED);
            assertThat(r.message()).isEqualTo("the CSMS answered the invalid Authorize {} with CALLERROR"
                    + " GenericError; expected one of [FormationViolation, OccurenceConstraintViolation,"
                    + " PropertyConstraintViolation, ProtocolError, TypeConstraintViolation]");
        }
    }

    @Test
    void csmsThatDoesNotValidateFailsTheInvalidPayloadScenarioWithTheCallResultItSent() {
        try (MockCsms mock = MockCsms.builder(OcppVersion.OCPP201).validation(ValidationOptions.off()).build()) {
            ScenarioResult r = runCsms(mock, "CSMS-RPC-invalid-payload");
            assertThat(r.outcome()).isEqualTo(ScenarioResult.Outcome.FAILED);
            assertThat(r.message()).startsWith("the CSMS answered Authorize {} with CALLRESULT")
                    .endsWith("instead of a CALLERROR");
        }
    }

    @Test
    void stationThatNeverHeartbeatsFailsTheHeartbeatScenario() {
        ScenarioResult r = ScenarioRunner.forStation(new SilentStation(), OcppVersion.OCPP16).inMemory()
                .timeout(Duration.ofSeconds(1)).build().run(scenario("STATION-G02-heartbeat"));
        assertThat(r.outcome()).isEqualTo(ScenarioResult.Outcome.FAILED);
        assertThat(r.message()).isEqualTo("the station sent no Heartbeat within PT3S");
        assertThat(r.journal()).extracting(e -> e.action()).containsExactly("BootNotification");
    }

    @Test
    void stationThatNeverHeartbeatsStillPassesTheBootScenario() {
        ScenarioResult r = ScenarioRunner.forStation(new SilentStation(), OcppVersion.OCPP201).inMemory()
                .build().run(scenario("STATION-B01-boot-first"));
        assertThat(r.outcome()).isEqualTo(ScenarioResult.Outcome.PASSED);
    }

    @Test
    void adapterWithoutRemoteStartSkipsTheRemoteStartScenario() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            CsmsUnderTest plain = new CsmsUnderTest() {
                @Override
                public URI endpoint() {
                    return mock.url();
                }

                @Override
                public TransportClientFactory transport() {
                    return mock.stationTransport();
                }
            };
            ScenarioResult r = ScenarioRunner.forCsms(plain, OcppVersion.OCPP16).build()
                    .run(scenario("CSMS-F01-remote-start"));
            assertThat(r.outcome()).isEqualTo(ScenarioResult.Outcome.SKIPPED);
            assertThat(r.message()).isEqualTo("the adapter does not support remoteStart");
        }
    }

    @Test
    void scenarioOfAnotherVersionIsNotApplicableAndDoesNotRun() {
        ScenarioResult r = ScenarioRunner.forStation(new SilentStation(), OcppVersion.OCPP201).build()
                .run(scenario("STATION-CFG16-get-configuration"));
        assertThat(r.outcome()).isEqualTo(ScenarioResult.Outcome.NOT_APPLICABLE);
        assertThat(r.journal()).isEmpty();
    }

    @Test
    void reportShowsEveryResultInATableAndEachFailureWithItsDiagram() {
        try (MockCsms mock = MockCsms.start(OcppVersion.OCPP16)) {
            mock.respondWithError(dev.ocpp.v16.messages.HeartbeatRequest.class, ErrorCode.INTERNAL_ERROR, "broken");
            List<ScenarioResult> results = ScenarioRunner.forCsms(new MockCsmsUnderTest(mock), OcppVersion.OCPP16)
                    .build().run(List.of(scenario("CSMS-C01-authorize"), scenario("CSMS-G02-heartbeat"),
                            scenario("CSMS-E02-transaction-events")));
            String md = ConformanceReport.markdown(results);
            assertThat(md).contains("PASSED: 1 · FAILED: 1 · SKIPPED: 0 · NOT_APPLICABLE: 1")
                    .contains("| `CSMS-C01-authorize` Authorize is answered with an idTag/idToken status | ocpp1.6"
                            + " | 1.6 §4.1, C01 | PASSED |  |")
                    .contains("| `CSMS-G02-heartbeat`")
                    .contains("\n## CSMS-G02-heartbeat (ocpp1.6)\n")
                    .contains("```mermaid\nsequenceDiagram")
                    .doesNotContain("## CSMS-C01-authorize");
        }
    }

    @Test
    void csmsScenariosRunOverARealWebSocketWhenTheAdapterGivesNoTransport() {
        try (MockCsms mock = MockCsms.builder(OcppVersion.OCPP201).webSocket().build()) {
            CsmsUnderTest overTheNetwork = mock::url;
            List<ScenarioResult> results = ScenarioRunner.forCsms(overTheNetwork, OcppVersion.OCPP201).build()
                    .run(List.of(scenario("CSMS-B01-boot-accepted"), scenario("CSMS-RPC-non-json-frame")));
            assertThat(results).allMatch(ScenarioResult::passed, "passed");
            assertThat(mock.journal().exchanges("BootNotification")).hasSize(2);
        }
    }

    @Test
    void stationScenariosRunOverARealWebSocketByDefault() {
        ScenarioResult r = ScenarioRunner.forStation(new SimulatedStationUnderTest(), OcppVersion.OCPP16).build()
                .run(scenario("STATION-RPC-unknown-action"));
        assertThat(r.outcome()).isEqualTo(ScenarioResult.Outcome.PASSED);
        // The station's status report after the boot may come at any point.
        assertThat(r.journal()).extracting(e -> e.action()).filteredOn(a -> !a.equals("StatusNotification"))
                .containsExactly("BootNotification", CsmsScenarios.UNKNOWN_ACTION);
    }

    /** A station that connects and boots, then says nothing more: no heartbeats, no answers. */
    static final class SilentStation implements StationUnderTest {
        private RawConnection raw;

        @Override
        public void start(StationEndpoint endpoint) throws Exception {
            Journal journal = new Journal(Role.STATION);
            raw = RawConnection.open(endpoint.transport(), endpoint.url(), endpoint.identity(), endpoint.version(),
                    null, journal, Duration.ofSeconds(10));
            raw.send(OcppJson.mapper().writeValueAsString(OcppJson.mapper().createArrayNode().add(2).add("boot-1")
                    .add("BootNotification").add(endpoint.version() == OcppVersion.OCPP16
                            ? json("{'chargePointVendor':'dev.ocpp','chargePointModel':'silent'}")
                            : json("{'reason':'PowerUp','chargingStation':{'model':'silent','vendorName':'dev'}}"))));
        }

        @Override
        public void stop() {
            raw.close();
        }
    }
}
