package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.ReconnectConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ReconnectConformance} part of the transport conformance suite, on the Netty transport. */
class NettyReconnectConformanceTest extends ReconnectConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
