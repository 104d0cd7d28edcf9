package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.ConnectionLimitConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ConnectionLimitConformance} part of the transport conformance suite, on the Netty transport. */
class NettyConnectionLimitConformanceTest extends ConnectionLimitConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
