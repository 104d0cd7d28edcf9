package dev.ocpp.transport.inmemory;

import dev.ocpp.transport.testsuite.MessageSizeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link MessageSizeConformance} part of the transport conformance suite, on the in-memory transport. */
class InMemoryMessageSizeConformanceTest extends MessageSizeConformance {

    private final TransportFixture fixture = new InMemoryFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
