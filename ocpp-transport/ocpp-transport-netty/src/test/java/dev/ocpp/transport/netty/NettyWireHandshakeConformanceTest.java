package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.WireHandshakeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link WireHandshakeConformance} part of the transport conformance suite, on the Netty transport. */
class NettyWireHandshakeConformanceTest extends WireHandshakeConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
