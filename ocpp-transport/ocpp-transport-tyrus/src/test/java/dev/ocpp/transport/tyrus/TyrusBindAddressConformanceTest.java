package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.BindAddressConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link BindAddressConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusBindAddressConformanceTest extends BindAddressConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
