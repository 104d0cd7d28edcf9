package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.BindAddressConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link BindAddressConformance} part of the transport conformance suite, on the Netty transport. */
class NettyBindAddressConformanceTest extends BindAddressConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
