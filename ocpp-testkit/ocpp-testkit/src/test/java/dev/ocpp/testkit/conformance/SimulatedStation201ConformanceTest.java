package dev.ocpp.testkit.conformance;

import dev.ocpp.core.OcppVersion;
import java.util.List;

/** The station catalogue, OCPP 2.0.1, against the testkit's own simulated station (in memory): every scenario passes. */
class SimulatedStation201ConformanceTest extends StationConformanceTest {

    @Override
    protected StationUnderTest station() {
        return new SimulatedStationUnderTest();
    }

    @Override
    protected OcppVersion version() {
        return OcppVersion.OCPP201;
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
