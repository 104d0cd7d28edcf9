package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.OrderingConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link OrderingConformance} part of the transport conformance suite, on the Netty transport. */
class NettyOrderingConformanceTest extends OrderingConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
