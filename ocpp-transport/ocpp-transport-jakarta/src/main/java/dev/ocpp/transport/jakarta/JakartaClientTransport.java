package dev.ocpp.transport.jakarta;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.transport.jakarta.internal.GenericContainerSupport;
import dev.ocpp.transport.jakarta.internal.JakartaClient;
import jakarta.websocket.WebSocketContainer;
import java.util.concurrent.CompletionStage;

/**
 * A {@link TransportClientFactory} on any Jakarta {@link WebSocketContainer}.
 *
 * <pre>{@code
 * TransportClientFactory transport = new JakartaClientTransport(ContainerProvider.getWebSocketContainer());
 * OcppClient client = OcppClient.builder(transport)...build();
 * }</pre>
 *
 * <p>The connection URL is {@link ClientTransportConfig#uri()} (endpoint plus percent-encoded identity, OCPP-J 1.6
 * §3.1.1, OCPP 2.0.1 Part 4 §3.1.1). The subprotocols are offered in order, most preferred first (OCPP-J 1.6 §3.1.2),
 * and the one the server chose is read from the handshake response; Basic credentials go in an
 * {@code Authorization} header with the first request (security profiles 1 and 2), together with the extra headers.
 *
 * <p>{@link #connect} returns at once; the container's blocking connect runs on a shared connector thread. A refused
 * upgrade completes the stage with a {@link dev.ocpp.core.spi.HandshakeRejectedException} when the container reveals
 * the HTTP status (Tyrus does); otherwise with an {@link java.io.IOException}. TLS is the container's business:
 * configure it on the container, and leave {@link ClientTransportConfig#sslContext()} unset (a config with one is
 * refused with {@link UnsupportedOperationException}).
 *
 * <p>Incoming texts over {@link ClientTransportConfig#maxMessageSize()} close the connection with 1009; pings are sent
 * every {@link ClientTransportConfig#pingInterval()} and a missing pong drops the connection.
 *
 * <p>Lifecycle: the transport's shared threads (connector, timer) are held only while an attempt or a connection
 * needs them. {@link #close()} aborts the connections it opened and fails later connects; the container is the
 * caller's and is left as it is.
 */
public final class JakartaClientTransport implements TransportClientFactory {

    private final JakartaClient client;

    /**
     * A transport that opens its connections through {@code container}.
     *
     * @param container the container to connect with, configured as the application needs (TLS, proxies, ...)
     */
    public JakartaClientTransport(WebSocketContainer container) {
        this.client = new JakartaClient(container, GenericContainerSupport.INSTANCE, false);
    }

    @Override
    public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
        return client.connect(config, listener);
    }

    /**
     * Aborts the connections this transport opened that are still open (their listeners get {@code onClosed} 1006),
     * fails the connects in progress, and makes later connects fail with {@link IllegalStateException}. Once the
     * aborted connections have reported closed, none of the library's threads is held for them. Idempotent. The
     * {@link WebSocketContainer} passed in is not closed: it belongs to the caller.
     */
    @Override
    public void close() {
        client.close();
    }
}
