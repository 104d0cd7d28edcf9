package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.DeflateConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link DeflateConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusDeflateConformanceTest extends DeflateConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
