package dev.ocpp.transport.tyrus;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.transport.tyrus.internal.TyrusClients;
import java.util.concurrent.CompletionStage;

/**
 * An OCPP-J WebSocket client on the Tyrus client (Grizzly).
 *
 * <pre>{@code
 * OcppClient client = OcppClient.builder(new TyrusClientTransport())
 *     .endpoint(URI.create("ws://csms.example.com/ocpp"))
 *     .identity("CP001")
 *     .offer(OcppVersion.OCPP201, handlers201)
 *     .build();
 * }</pre>
 *
 * <p>Connects to {@link ClientTransportConfig#uri()} (endpoint plus percent-encoded identity, OCPP-J 1.6 §3.1.1,
 * OCPP 2.0.1 Part 4 §3.1.1), offering the subprotocols in order (OCPP-J 1.6 §3.1.2) and sending Basic credentials
 * with the first request (security profiles 1 and 2). {@link #connect} returns at once. A refused upgrade fails the
 * stage with a {@link dev.ocpp.core.spi.HandshakeRejectedException} carrying the server's status (401, 404, ...);
 * no connection at all, or a timeout, with an {@link java.io.IOException}. A server that closes or resets the
 * connection, or refuses it with a TLS alert, before answering the upgrade fails the stage at once (not at the
 * connect timeout), with the {@link javax.net.ssl.SSLException} carrying the alert, or an {@code IOException} saying
 * the connection was closed before the upgrade, in the cause chain. HTTP proxies are not used.
 *
 * <p>Incoming messages over {@link ClientTransportConfig#maxMessageSize()} close the connection with 1009, decided
 * from the frame headers; with a ping interval, a missing pong drops the connection. For {@code wss://} the
 * {@link ClientTransportConfig#sslContext()} is used, or the JVM default when unset. With
 * {@link ClientTransportConfig#perMessageDeflate()} the client offers plain permessage-deflate (RFC 7692), checks
 * the server's answer (an invalid one fails the connect) and measures compressed messages against the limit while
 * inflating them. Thread-safe; one instance can serve any number of connections.
 *
 * <p>Lifecycle: the connections of one instance share one Grizzly transport (a selector thread and a few
 * {@code ocpp-ws-client} workers), started by the first connection and stopped 5 s after the last one closed, or by
 * {@link #close()}. Whoever created the instance closes it once its connections are no longer needed; an
 * {@link dev.ocpp.core.OcppClient} built on it does not, since one transport may serve many clients.
 */
public final class TyrusClientTransport implements TransportClientFactory {

    private final TyrusClients clients = new TyrusClients();

    /** A client transport; Tyrus resources are created on the first connection. */
    public TyrusClientTransport() {
    }

    @Override
    public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
        return clients.connect(config, listener);
    }

    /**
     * Aborts every connection this transport opened that is still open (its listener gets {@code onClosed} 1006),
     * fails the connects in progress, and stops the Grizzly transport before returning; the library's shared timer
     * stops once its last user is gone. A {@link #connect} after this fails its stage with
     * {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        clients.close();
    }
}
