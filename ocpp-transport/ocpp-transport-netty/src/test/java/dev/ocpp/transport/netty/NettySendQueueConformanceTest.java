package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.SendQueueConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link SendQueueConformance} part of the transport conformance suite, on the Netty transport. */
class NettySendQueueConformanceTest extends SendQueueConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
