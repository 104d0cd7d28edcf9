package dev.ocpp.transport.jdk;

import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.transport.netty.NettyServerTransport;
import dev.ocpp.transport.testsuite.TransportFixture;

/**
 * The JDK client for the conformance suite, against the Netty server (this module has no server of its own). One
 * client transport serves every test of the JVM, as one would serve a station's connections.
 *
 * <p>The suite's classes that exercise the client run here: handshake, ordering, listener contract, close codes,
 * message size, server lifecycle, ping/pong, TLS and bind address. The wire-level handshake and message-size classes
 * and the send-queue class drive the server with a hand-written client ({@code RawWebSocket}) and never use this
 * client: on this fixture they would only test the Netty server again, which its own module does.
 */
final class JdkFixture implements TransportFixture {

    private static final JdkClientTransport CLIENT = new JdkClientTransport();

    @Override
    public TransportServerFactory serverFactory() {
        return new NettyServerTransport(1);
    }

    @Override
    public TransportClientFactory clientFactory() {
        return CLIENT;
    }
}
