package dev.ocpp.transport.netty;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.transport.netty.internal.NettyConnection;
import dev.ocpp.transport.testsuite.PingPongConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link PingPongConformance} part of the transport conformance suite, on the Netty transport. */
class NettyPingPongConformanceTest extends PingPongConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }

    @Override
    protected long pongsReceived(TransportConnection connection) {
        return ((NettyConnection) connection).pongsReceived();
    }
}
