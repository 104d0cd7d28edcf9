package dev.ocpp.transport.netty;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.transport.netty.internal.NettyClients;

import java.util.concurrent.CompletionStage;

/**
 * An OCPP-J WebSocket client on Netty: native epoll on Linux, NIO elsewhere.
 *
 * <pre>{@code
 * try (NettyClientTransport transport = new NettyClientTransport()) {
 *     OcppClient client = OcppClient.builder(transport)
 *         .endpoint(URI.create("ws://csms.example.com/ocpp"))
 *         .identity("CP001")
 *         .offer(OcppVersion.OCPP201, handlers201)
 *         .build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Connects to {@link ClientTransportConfig#uri()} (endpoint plus percent-encoded identity, OCPP-J 1.6 §3.1.1,
 * OCPP 2.0.1 Part 4 §3.1.1), offering the subprotocols in order (OCPP-J 1.6 §3.1.2) and sending Basic credentials
 * with the upgrade request (security profiles 1 and 2). {@link #connect} returns at once. A refused upgrade fails the
 * stage with a {@link dev.ocpp.core.spi.HandshakeRejectedException} carrying the server's status; no connection, a
 * connection closed before the upgrade, a TLS alert, or no upgrade within the connect timeout, with an
 * {@link java.io.IOException} (the {@link javax.net.ssl.SSLException} in its cause chain for TLS). For {@code wss://}
 * the {@link ClientTransportConfig#sslContext()} is used, or the JVM default, and the server's host name is checked
 * against its certificate. With {@link ClientTransportConfig#perMessageDeflate()} the client offers
 * permessage-deflate (RFC 7692).
 *
 * <p>Threads: one event loop (by default one daemon thread, {@code ocpp-netty-client-*}) serves every connection of
 * this transport; it starts with the first connection and stops at {@link #close()}, which also drops the
 * connections still open. One instance can serve any number of connections, thousands included.
 */
public final class NettyClientTransport implements TransportClientFactory {

    private final NettyClients clients;

    /** A client transport with one event-loop thread. */
    public NettyClientTransport() {
        this(1);
    }

    /**
     * A client transport with {@code ioThreads} event-loop threads shared by all its connections.
     *
     * @param ioThreads at least 1
     */
    public NettyClientTransport(int ioThreads) {
        this.clients = new NettyClients(ioThreads);
    }

    @Override
    public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
        return clients.connect(config, listener);
    }

    /** Drops the connections still open (their listeners get {@code onClosed} 1006) and stops the event loop. */
    @Override
    public void close() {
        clients.close();
    }
}
