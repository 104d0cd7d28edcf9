package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.ListenerContractConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ListenerContractConformance} part of the transport conformance suite, on the Netty transport. */
class NettyListenerContractConformanceTest extends ListenerContractConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
