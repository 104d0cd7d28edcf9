package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.SendQueueConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link SendQueueConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusSendQueueConformanceTest extends SendQueueConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
