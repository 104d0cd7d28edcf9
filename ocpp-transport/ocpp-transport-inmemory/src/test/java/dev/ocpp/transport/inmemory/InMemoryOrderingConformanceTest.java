package dev.ocpp.transport.inmemory;

import dev.ocpp.transport.testsuite.OrderingConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link OrderingConformance} part of the transport conformance suite, on the in-memory transport. */
class InMemoryOrderingConformanceTest extends OrderingConformance {

    private final TransportFixture fixture = new InMemoryFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
