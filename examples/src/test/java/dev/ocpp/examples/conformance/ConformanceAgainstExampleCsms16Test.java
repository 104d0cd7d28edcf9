package dev.ocpp.examples.conformance;

import dev.ocpp.core.OcppVersion;

/** {@link ConformanceAgainstExampleCsms} for OCPP 1.6. */
class ConformanceAgainstExampleCsms16Test extends ConformanceAgainstExampleCsms {

    @Override
    protected OcppVersion version() {
        return OcppVersion.OCPP16;
    }
}
