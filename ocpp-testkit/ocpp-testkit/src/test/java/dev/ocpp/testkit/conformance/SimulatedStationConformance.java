package dev.ocpp.testkit.conformance;

import java.util.List;

/**
 * The station catalogue of one version against the testkit's own simulated station (in memory): every scenario it
 * runs passes. One subclass per version.
 */
abstract class SimulatedStationConformance extends StationConformanceTest {

    @Override
    protected StationUnderTest station() {
        return new SimulatedStationUnderTest();
    }

    /** All of them: the bare simulator keeps state, follows up and queues transaction messages as a station must. */
    @Override
    protected List<Scenario> scenarios() {
        return SimulatedStationUnderTest.SCENARIOS;
    }

    @Override
    protected ScenarioRunner.Builder configure(ScenarioRunner.Builder runner) {
        return runner.inMemory();
    }
}
