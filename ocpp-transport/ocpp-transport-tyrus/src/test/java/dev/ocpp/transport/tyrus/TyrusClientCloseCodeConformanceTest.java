package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.ClientCloseCodeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ClientCloseCodeConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusClientCloseCodeConformanceTest extends ClientCloseCodeConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
