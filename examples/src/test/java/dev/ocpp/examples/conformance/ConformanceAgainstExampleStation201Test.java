package dev.ocpp.examples.conformance;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.conformance.StationConformanceTest;
import dev.ocpp.testkit.conformance.StationUnderTest;

/**
 * Every OCPP 2.0.1 station scenario of the testkit's catalogue against the example station, which connects to each
 * scenario's mock CSMS over a real WebSocket on 127.0.0.1: all must pass, none may be skipped.
 */
class ConformanceAgainstExampleStation201Test extends StationConformanceTest {

    @Override
    protected StationUnderTest station() {
        return new ExampleStationUnderTest();
    }

    @Override
    protected OcppVersion version() {
        return OcppVersion.OCPP201;
    }
}
