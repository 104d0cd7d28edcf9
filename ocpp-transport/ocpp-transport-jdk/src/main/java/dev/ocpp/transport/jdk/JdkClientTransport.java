package dev.ocpp.transport.jdk;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.transport.jdk.internal.JdkClients;

import java.util.concurrent.CompletionStage;

/**
 * An OCPP-J WebSocket client on the JDK's own {@link java.net.http.WebSocket}: for a charging station that needs
 * nothing beyond {@code ocpp-core} and the JDK, no WebSocket library and no server stack.
 *
 * <pre>{@code
 * try (JdkClientTransport transport = new JdkClientTransport()) {
 *     OcppClient client = OcppClient.builder(transport)
 *         .endpoint(URI.create("wss://csms.example.com/ocpp"))
 *         .identity("CP001")
 *         .offer(OcppVersion.OCPP201, handlers201)
 *         .build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Connects to {@link ClientTransportConfig#uri()} (endpoint plus percent-encoded identity, OCPP-J 1.6 §3.1.1,
 * OCPP 2.0.1 Part 4 §3.1.1), offering the subprotocols in order (OCPP-J 1.6 §3.1.2) and
 * sending Basic credentials and the configured headers with the upgrade request (security profiles 1 and 2).
 * {@link #connect} returns at once. A refused upgrade fails the stage with a
 * {@link dev.ocpp.core.spi.HandshakeRejectedException} carrying the server's status; no connection, a TLS failure, or
 * no upgrade within the connect timeout, with an {@link java.io.IOException} (the {@link javax.net.ssl.SSLException}
 * in its cause chain for TLS); a header {@code java.net.http} does not let an application set (such as
 * {@code Connection} or {@code Sec-WebSocket-*}) with an {@link IllegalArgumentException}. For {@code wss://} the
 * {@link ClientTransportConfig#sslContext()} is used, or the JVM default, and the server's host name is checked
 * against its certificate.
 *
 * <p>What {@code java.net.http} does not offer, and what that means here:
 * <ul>
 *   <li>no permessage-deflate (RFC 7692): {@link ClientTransportConfig#perMessageDeflate()} is ignored and messages
 *       go uncompressed, which every server must accept (the extension is only negotiated);</li>
 *   <li>no socket addresses and no peer certificates: {@link dev.ocpp.core.spi.ConnectionInfo} has {@code null}
 *       addresses and an empty certificate list;</li>
 *   <li>it refuses to send the close codes 1002, 1003, 1007, 1009 and 1010 from a client (and 1012-1014, which are for
 *       servers): a close with one of them goes on the wire as 1008, policy violation, the code RFC 6455 §7.4.1 names
 *       for when no more suitable one may be used (1012-1014 as 1000). The listener still hears the code it closed
 *       with.</li>
 * </ul>
 *
 * <p>Threads: a small pool of daemon threads ({@code ocpp-jdk-client-N}) for {@code java.net.http}'s work and one
 * timer thread ({@code ocpp-jdk-client-timer}) for pings and timeouts, started with the first connection and stopped
 * by {@link #close()}, which also drops the connections still open. {@code java.net.http} adds one selector thread
 * per TLS context in use; see {@link #close()}.
 */
public final class JdkClientTransport implements TransportClientFactory {

    private final JdkClients clients = new JdkClients();

    /** A client transport; it starts no thread before the first {@link #connect}. */
    public JdkClientTransport() {
    }

    @Override
    public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
        return clients.connect(config, listener);
    }

    /**
     * Drops the connections still open (their listeners get {@code onClosed} 1006) and stops this transport's
     * threads; returns once they have ended. A later {@link #connect} fails with an {@link IllegalStateException}.
     *
     * <p>On Java 21 and later the {@link java.net.http.HttpClient}s are shut down as well, selector threads included.
     * Java 17 has no way to stop an {@code HttpClient}: its selector thread ends on its own, a few seconds after the
     * client has become unreachable and been collected.
     */
    @Override
    public void close() {
        clients.close();
    }
}
