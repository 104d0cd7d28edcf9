package dev.ocpp.transport.tyrus;

import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.transport.tyrus.internal.TyrusContainerSupport;
import dev.ocpp.transport.tyrus.internal.TyrusServer;
import java.io.IOException;

/**
 * An OCPP-J WebSocket server without a container: Tyrus on a Grizzly listener.
 *
 * <pre>{@code
 * OcppServer server = OcppServer.builder(new TyrusServerTransport())
 *     .transport(t -> t.host("127.0.0.1").port(0).path("/ocpp"))
 *     .serve(OcppVersion.OCPP16, handlers16)
 *     .build()
 *     .start();
 * int port = server.port();
 * }</pre>
 *
 * <p>Stations connect to {@code ws://host:port<path>/<identity>}, the identity percent-encoded as the last path
 * segment (OCPP-J 1.6 §3.1.1, OCPP 2.0.1 Part 4 §3.1.1). Per upgrade request the
 * {@link ServerConnectionHandler} decides, and this transport carries the decision out on the wire:
 * <ul>
 *   <li>accepted: {@code 101} with exactly the decided {@code Sec-WebSocket-Protocol}, or none when no offered
 *       subprotocol is served (OCPP-J 1.6 §3.1.2, OCPP 2.0.1 Part 4 §3.1.2);</li>
 *   <li>refused: the decided HTTP status and no upgrade: 404 for an unknown or invalid identity (OCPP-J 1.6 §3.2,
 *       OCPP 2.0.1 Part 4 §3.2), 401 (with {@code WWW-Authenticate: Basic}) for failed authentication.</li>
 * </ul>
 *
 * <p>The server binds exactly {@link ServerTransportConfig#host()} (all interfaces only for a wildcard address);
 * port 0 picks a free port, which {@link TransportServer#localAddress()} reports. An incoming message whose frame
 * headers announce more than {@link ServerTransportConfig#maxMessageSize()} bytes closes the connection with 1009
 * before it is buffered. With a {@link ServerTransportConfig#pingInterval()}, every connection is pinged and dropped
 * when a pong does not come within {@link ServerTransportConfig#pongTimeout()}. The handshake sees the client's
 * address and port.
 *
 * <p>With {@link ServerTransportConfig#perMessageDeflate()} (the default) the server accepts permessage-deflate
 * (RFC 7692) from clients that offer it, as OCPP 2.0.1 Part 4 §3.3 asks of a CSMS: it declines an offer that limits
 * the server's compression window below 15 bits and honours {@code server_no_context_takeover} and
 * {@code client_no_context_takeover}. A compressed message is measured while it is inflated, so one that would
 * inflate beyond {@link ServerTransportConfig#maxMessageSize()} closes the connection with 1009 without being
 * inflated in full.
 *
 * <p>With an {@link ServerTransportConfig#sslContext()} the server speaks TLS ({@code wss://}, security profiles 2
 * and 3); with {@link ServerTransportConfig#needClientAuth()} it demands a client certificate, whose chain the
 * handshake request and the connection carry ({@link dev.ocpp.core.spi.HandshakeRequest#peerCertificates()}).
 * Which protocols and cipher suites are allowed is the SSL context's business.
 *
 * <p>{@link ServerTransportConfig#connectionLimits()} are held to as connections are accepted: a socket past a cap on
 * connections or pending handshakes is closed before any TLS or HTTP work; at the total pending cap the oldest pending
 * handshake is closed instead; a connection not upgraded within the handshake timeout is closed.
 */
public final class TyrusServerTransport implements TransportServerFactory {

    /** A server transport; each {@link #start} runs a server of its own. */
    public TyrusServerTransport() {
    }

    @Override
    public TransportServer start(ServerTransportConfig config, ServerConnectionHandler handler) throws IOException {
        return TyrusServer.start(config, handler, TyrusContainerSupport.INSTANCE);
    }
}
