package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.HandshakeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link HandshakeConformance} part of the transport conformance suite, on the Netty transport. */
class NettyHandshakeConformanceTest extends HandshakeConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
