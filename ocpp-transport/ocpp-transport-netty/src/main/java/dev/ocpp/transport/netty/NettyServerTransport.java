package dev.ocpp.transport.netty;

import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.transport.netty.internal.NettyServer;

import java.io.IOException;

/**
 * An OCPP-J WebSocket server on Netty: native epoll on Linux, NIO elsewhere.
 *
 * <pre>{@code
 * OcppServer server = OcppServer.builder(new NettyServerTransport())
 *     .transport(t -> t.host("127.0.0.1").port(0).path("/ocpp"))
 *     .serve(OcppVersion.OCPP16, handlers16)
 *     .build()
 *     .start();
 * }</pre>
 *
 * <p>Stations connect to {@code ws://host:port<path>/<identity>}, the identity percent-encoded as the one last path
 * segment (OCPP-J 1.6 §3.1.1, OCPP 2.0.1 Part 4 §3.1.1). Per upgrade request the {@link ServerConnectionHandler}
 * decides and this transport carries the decision out: {@code 101} with exactly the decided
 * {@code Sec-WebSocket-Protocol} (none when no offered subprotocol is served, OCPP-J 1.6 §3.1.2, OCPP 2.0.1 Part 4
 * §3.1.2), or the decided HTTP status without upgrade: 404 for an unknown identity (OCPP-J 1.6 §3.2), 401 with a
 * {@code WWW-Authenticate: Basic} challenge for failed authentication. A path that is not the configured path plus
 * one segment gets 404 without asking the handler.
 *
 * <p>The server binds exactly {@link ServerTransportConfig#host()}; port 0 picks a free port, which
 * {@link TransportServer#localAddress()} reports. An incoming message over
 * {@link ServerTransportConfig#maxMessageSize()} bytes closes the connection with 1009, decided from the frame header
 * for a single frame, as the fragments add up for a fragmented one, and while inflating for a compressed one. With a
 * {@link ServerTransportConfig#pingInterval()}, each connection is pinged and dropped when no pong comes within the
 * {@link ServerTransportConfig#pongTimeout()}. With {@link ServerTransportConfig#perMessageDeflate()} (the default),
 * a client's offer of permessage-deflate (RFC 7692) is accepted, as OCPP 2.0.1 Part 4 §3.3 requires of a CSMS.
 *
 * <p>With an {@link ServerTransportConfig#sslContext()} the server speaks TLS ({@code wss://}, security profiles 2
 * and 3); with {@link ServerTransportConfig#needClientAuth()} it demands a client certificate, whose chain the
 * handshake request and the connection carry. Which protocols and cipher suites are allowed is the SSL context's
 * business (the security module's contexts enforce the OCPP rules). Failures before the upgrade, such as a refused
 * TLS handshake, go to {@link ServerTransportConfig#preUpgradeFailureListener()}.
 *
 * <p>{@link ServerTransportConfig#connectionLimits()} are held to on the accepting thread: a socket past a cap on
 * connections or pending handshakes is closed as it is accepted, before any TLS or HTTP work; at the total pending cap
 * the oldest pending handshake is closed instead; a connection not upgraded within the handshake timeout is closed.
 *
 * <p>Threads: each started server owns one accepting thread and {@code ioThreads} event-loop threads (daemon threads
 * named {@code ocpp-netty-*}), all stopped by its {@link TransportServer#close()}. Transport callbacks run on the
 * event loops; the RPC engine hands handler work to its own executor (see {@code ocpp-core/docs/threading.md}).
 */
public final class NettyServerTransport implements TransportServerFactory {

    private final int ioThreads;

    /** A server transport with one event-loop thread per available processor. */
    public NettyServerTransport() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * A server transport whose servers each run {@code ioThreads} event-loop threads: one per core is Netty's rule;
     * fewer leaves cores to the handlers.
     *
     * @param ioThreads at least 1
     */
    public NettyServerTransport(int ioThreads) {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("at least one I/O thread: " + ioThreads);
        }
        this.ioThreads = ioThreads;
    }

    @Override
    public TransportServer start(ServerTransportConfig config, ServerConnectionHandler handler) throws IOException {
        return NettyServer.start(config, handler, ioThreads);
    }
}
