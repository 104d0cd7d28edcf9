package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.WireMessageSizeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link WireMessageSizeConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusWireMessageSizeConformanceTest extends WireMessageSizeConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
