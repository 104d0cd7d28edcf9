package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.CloseCodeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link CloseCodeConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusCloseCodeConformanceTest extends CloseCodeConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
