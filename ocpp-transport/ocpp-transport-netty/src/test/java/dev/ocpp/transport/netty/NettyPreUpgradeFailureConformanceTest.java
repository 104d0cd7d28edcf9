package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.PreUpgradeFailureConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link PreUpgradeFailureConformance} part of the transport conformance suite, on the Netty transport. */
class NettyPreUpgradeFailureConformanceTest extends PreUpgradeFailureConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
