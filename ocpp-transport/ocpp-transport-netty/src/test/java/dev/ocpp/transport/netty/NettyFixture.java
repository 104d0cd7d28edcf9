package dev.ocpp.transport.netty;

import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.transport.testsuite.TransportFixture;

/**
 * The Netty transport for the conformance suite: it runs every part of it. One client transport serves every test
 * of the JVM (its event loop is one daemon thread), as one would serve many stations in an application.
 */
final class NettyFixture implements TransportFixture {

    private static final NettyClientTransport CLIENT = new NettyClientTransport();

    @Override
    public TransportServerFactory serverFactory() {
        return new NettyServerTransport(1);
    }

    @Override
    public TransportClientFactory clientFactory() {
        return CLIENT;
    }

    @Override
    public boolean isSharedClientThread(Thread thread) {
        return thread.getName().startsWith("ocpp-netty-client");
    }
}
