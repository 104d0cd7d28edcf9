package dev.ocpp.examples.conformance;

import dev.ocpp.core.OcppVersion;

/** The OCPP 2.0.1 station catalogue against the example station (see {@link ConformanceAgainstExampleStation}). */
class ConformanceAgainstExampleStation201Test extends ConformanceAgainstExampleStation {

    @Override
    protected OcppVersion version() {
        return OcppVersion.OCPP201;
    }
}
