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

    /** All but STATION-E04-offline-queue: the simulator plays no offline queue (its steps fail without a connection). */
    @Override
    protected List<Scenario> scenarios() {
        return SimulatedStationUnderTest.SCENARIOS;
    }

    @Override
    protected ScenarioRunner.Builder configure(ScenarioRunner.Builder runner) {
        return runner.inMemory();
    }
}
