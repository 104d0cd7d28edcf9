package dev.ocpp.transport.inmemory;

import dev.ocpp.transport.testsuite.ClientCloseCodeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ClientCloseCodeConformance} part of the transport conformance suite, on the in-memory transport. */
class InMemoryClientCloseCodeConformanceTest extends ClientCloseCodeConformance {

    private final TransportFixture fixture = new InMemoryFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
