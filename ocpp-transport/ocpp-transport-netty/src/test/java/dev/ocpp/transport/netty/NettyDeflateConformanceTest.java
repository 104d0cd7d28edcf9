package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.DeflateConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link DeflateConformance} part of the transport conformance suite, on the Netty transport. */
class NettyDeflateConformanceTest extends DeflateConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
