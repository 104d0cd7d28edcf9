package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.StrictnessConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link StrictnessConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusStrictnessConformanceTest extends StrictnessConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
