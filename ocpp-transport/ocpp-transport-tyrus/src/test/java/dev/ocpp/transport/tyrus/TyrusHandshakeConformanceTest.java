package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.HandshakeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link HandshakeConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusHandshakeConformanceTest extends HandshakeConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
