package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.ServerLifecycleConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ServerLifecycleConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusServerLifecycleConformanceTest extends ServerLifecycleConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
