package dev.ocpp.transport.inmemory;

import dev.ocpp.transport.testsuite.HandshakeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link HandshakeConformance} part of the transport conformance suite, on the in-memory transport. */
class InMemoryHandshakeConformanceTest extends HandshakeConformance {

    private final TransportFixture fixture = new InMemoryFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
