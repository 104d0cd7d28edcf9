package dev.ocpp.examples.conformance;

import dev.ocpp.core.OcppVersion;

/** {@link ConformanceAgainstExampleCsms} for OCPP 2.0.1. */
class ConformanceAgainstExampleCsms201Test extends ConformanceAgainstExampleCsms {

    @Override
    protected OcppVersion version() {
        return OcppVersion.OCPP201;
    }
}
