package dev.ocpp.testkit.conformance;

import dev.ocpp.testkit.SimulatedStation;

/** A {@link SimulatedStation} as the station under test: one per scenario, on the endpoint's transport. */
final class SimulatedStationUnderTest implements StationUnderTest {

    private SimulatedStation station;

    @Override
    public void start(StationEndpoint endpoint) {
        station = SimulatedStation.builder(endpoint.version()).identity(endpoint.identity())
                .endpoint(endpoint.url()).transport(endpoint.transport()).build();
        station.start();
    }

    @Override
    public void stop() {
        station.close();
    }
}
