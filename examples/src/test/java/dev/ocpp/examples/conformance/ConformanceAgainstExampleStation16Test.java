package dev.ocpp.examples.conformance;

import dev.ocpp.core.OcppVersion;

/** The OCPP 1.6 station catalogue against the example station (see {@link ConformanceAgainstExampleStation}). */
class ConformanceAgainstExampleStation16Test extends ConformanceAgainstExampleStation {

    @Override
    protected OcppVersion version() {
        return OcppVersion.OCPP16;
    }
}
