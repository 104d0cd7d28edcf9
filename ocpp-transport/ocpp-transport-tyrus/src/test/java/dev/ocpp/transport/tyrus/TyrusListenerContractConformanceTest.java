package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.ListenerContractConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ListenerContractConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusListenerContractConformanceTest extends ListenerContractConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
