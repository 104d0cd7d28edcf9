package dev.ocpp.transport.inmemory;

import dev.ocpp.transport.testsuite.ServerLifecycleConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ServerLifecycleConformance} part of the transport conformance suite, on the in-memory transport. */
class InMemoryServerLifecycleConformanceTest extends ServerLifecycleConformance {

    private final TransportFixture fixture = new InMemoryFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
