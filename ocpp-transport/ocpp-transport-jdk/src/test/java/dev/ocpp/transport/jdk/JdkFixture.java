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
 * message size, server lifecycle, ping/pong, TLS, bind address and reconnection. The wire-level handshake and
 * message-size classes and the send-queue class drive the server with a hand-written client ({@code RawWebSocket})
 * and never use this client: on this fixture they would only test the Netty server again, which its own module does.
 *
 * <p>{@code PreUpgradeFailureConformance} does not run here. When the connection ends before any byte of the answer
 * (closed unread, closed after the request, reset), {@code java.net.http} sends the opening request again on a new
 * connection, once, as it does for any idempotent request; that test's server serves one connection only, so the
 * second waits unanswered in its backlog until the 30 s connect timeout. Against a server that misbehaves on every
 * connection the connect does fail at once (after the second attempt). Its messages for a garbled or cut-short answer
 * ({@code ProtocolException: Invalid status line}, {@code parsing HTTP/1.1 header ...}) come from the JDK and do not
 * say that the upgrade failed.
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

    /** The shared client's pool grows with the connections it serves; the JDK adds its own selector thread. */
    @Override
    public boolean isSharedClientThread(Thread thread) {
        return thread.getName().startsWith("ocpp-jdk-client") || thread.getName().startsWith("HttpClient-");
    }
}
