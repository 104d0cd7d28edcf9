package dev.ocpp.testkit.conformance;

import dev.ocpp.core.OcppVersion;
import java.util.List;

/** The station catalogue, OCPP 1.6, against the testkit's own simulated station (in memory): every scenario passes. */
class SimulatedStation16ConformanceTest extends StationConformanceTest {

    @Override
    protected StationUnderTest station() {
        return new SimulatedStationUnderTest();
    }

    @Override
    protected OcppVersion version() {
        return OcppVersion.OCPP16;
    }

    /** All but the scenarios of a transaction message queue (offline, retry), which the simulator does not keep. */
    @Override
    protected List<Scenario> scenarios() {
        return SimulatedStationUnderTest.SCENARIOS;
    }

    @Override
    protected ScenarioRunner.Builder configure(ScenarioRunner.Builder runner) {
        return runner.inMemory();
    }
}
