package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.CloseCodeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link CloseCodeConformance} part of the transport conformance suite, on the Netty transport. */
class NettyCloseCodeConformanceTest extends CloseCodeConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
