package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.WireHandshakeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link WireHandshakeConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusWireHandshakeConformanceTest extends WireHandshakeConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
