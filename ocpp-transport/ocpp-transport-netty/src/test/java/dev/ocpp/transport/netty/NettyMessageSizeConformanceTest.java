package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.MessageSizeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link MessageSizeConformance} part of the transport conformance suite, on the Netty transport. */
class NettyMessageSizeConformanceTest extends MessageSizeConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
