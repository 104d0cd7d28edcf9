package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.WireMessageSizeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link WireMessageSizeConformance} part of the transport conformance suite, on the Netty transport. */
class NettyWireMessageSizeConformanceTest extends WireMessageSizeConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
