package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.ServerLifecycleConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ServerLifecycleConformance} part of the transport conformance suite, on the Netty transport. */
class NettyServerLifecycleConformanceTest extends ServerLifecycleConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
