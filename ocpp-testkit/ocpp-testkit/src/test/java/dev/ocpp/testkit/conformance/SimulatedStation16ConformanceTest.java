package dev.ocpp.testkit.conformance;

import dev.ocpp.core.OcppVersion;

/** {@link SimulatedStationConformance} for OCPP 1.6. */
class SimulatedStation16ConformanceTest extends SimulatedStationConformance {

    @Override
    protected OcppVersion version() {
        return OcppVersion.OCPP16;
    }
}
