package dev.ocpp.transport.jdk;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.transport.jdk.internal.JdkConnection;
import dev.ocpp.transport.netty.internal.NettyConnection;
import dev.ocpp.transport.testsuite.PingPongConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/**
 * The {@link PingPongConformance} part of the transport conformance suite, with the JDK client; the server side of
 * its connections is Netty's.
 */
class JdkPingPongConformanceTest extends PingPongConformance {

    private final TransportFixture fixture = new JdkFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }

    @Override
    protected long pongsReceived(TransportConnection connection) {
        if (connection instanceof JdkConnection jdk) {
            return jdk.pongsReceived();
        }
        return ((NettyConnection) connection).pongsReceived();
    }
}
