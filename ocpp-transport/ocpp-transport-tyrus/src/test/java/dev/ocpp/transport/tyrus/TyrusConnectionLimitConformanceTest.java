package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.ConnectionLimitConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ConnectionLimitConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusConnectionLimitConformanceTest extends ConnectionLimitConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
