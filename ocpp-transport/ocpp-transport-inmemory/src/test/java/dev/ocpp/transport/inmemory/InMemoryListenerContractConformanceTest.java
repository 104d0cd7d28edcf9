package dev.ocpp.transport.inmemory;

import dev.ocpp.transport.testsuite.ListenerContractConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ListenerContractConformance} part of the transport conformance suite, on the in-memory transport. */
class InMemoryListenerContractConformanceTest extends ListenerContractConformance {

    private final TransportFixture fixture = new InMemoryFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
