package dev.ocpp.testkit.conformance;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.Role;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The station scenarios of the {@link Catalogue} as JUnit 5 tests, as {@link CsmsConformanceTest} does for a CSMS:
 * extend it, give the station adapter and the version. Each scenario starts the station against a mock CSMS of its
 * own (on a WebSocket at 127.0.0.1 unless {@link #configure} makes the run in memory) and stops it at the end.
 */
public abstract class StationConformanceTest {

    /** The station under test; asked once per run of the factory. */
    protected abstract StationUnderTest station();

    /** The version to test. */
    protected abstract OcppVersion version();

    /** The scenarios to run (default: every station scenario of the catalogue). */
    protected List<Scenario> scenarios() {
        return Catalogue.forRole(Role.STATION);
    }

    /** A chance to configure the runner (timeout budget, identity, in memory). */
    protected ScenarioRunner.Builder configure(ScenarioRunner.Builder runner) {
        return runner;
    }

    /** One dynamic test per applicable scenario (public, so JUnit may call it on the module path too). */
    @TestFactory
    public Stream<DynamicTest> conformance() {
        ScenarioRunner runner = configure(ScenarioRunner.forStation(station(), version())).build();
        return CsmsConformanceTest.dynamicTests(runner, scenarios());
    }
}
