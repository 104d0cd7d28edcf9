package dev.ocpp.testkit.conformance;

import dev.ocpp.core.OcppVersion;

/** {@link SimulatedStationConformance} for OCPP 2.0.1. */
class SimulatedStation201ConformanceTest extends SimulatedStationConformance {

    @Override
    protected OcppVersion version() {
        return OcppVersion.OCPP201;
    }
}
