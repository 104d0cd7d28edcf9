package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.MessageSizeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link MessageSizeConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusMessageSizeConformanceTest extends MessageSizeConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
