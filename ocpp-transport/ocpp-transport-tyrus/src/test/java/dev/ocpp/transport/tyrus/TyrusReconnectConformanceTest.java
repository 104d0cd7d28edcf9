package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.ReconnectConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ReconnectConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusReconnectConformanceTest extends ReconnectConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
