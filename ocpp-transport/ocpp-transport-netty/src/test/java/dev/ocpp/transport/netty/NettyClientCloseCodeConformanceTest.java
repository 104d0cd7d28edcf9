package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.ClientCloseCodeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ClientCloseCodeConformance} part of the transport conformance suite, on the Netty transport. */
class NettyClientCloseCodeConformanceTest extends ClientCloseCodeConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
