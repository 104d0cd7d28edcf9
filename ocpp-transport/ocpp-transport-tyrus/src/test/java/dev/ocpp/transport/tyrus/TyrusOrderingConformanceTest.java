package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.OrderingConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link OrderingConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusOrderingConformanceTest extends OrderingConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
