package dev.ocpp.transport.inmemory;

import dev.ocpp.transport.testsuite.CloseCodeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link CloseCodeConformance} part of the transport conformance suite, on the in-memory transport. */
class InMemoryCloseCodeConformanceTest extends CloseCodeConformance {

    private final TransportFixture fixture = new InMemoryFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
