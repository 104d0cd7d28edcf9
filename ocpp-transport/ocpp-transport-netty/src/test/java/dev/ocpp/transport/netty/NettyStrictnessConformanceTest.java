package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.StrictnessConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link StrictnessConformance} part of the transport conformance suite, on the Netty transport. */
class NettyStrictnessConformanceTest extends StrictnessConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
