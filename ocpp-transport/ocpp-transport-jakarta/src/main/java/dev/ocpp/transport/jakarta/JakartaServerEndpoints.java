package dev.ocpp.transport.jakarta;

import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.transport.jakarta.internal.GenericContainerSupport;
import dev.ocpp.transport.jakarta.internal.OcppServerDeployment;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Deploys the OCPP server endpoint into a Jakarta WebSocket container.
 *
 * <pre>{@code
 * // e.g. in a ServletContextListener, or a ServerApplicationConfig
 * ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
 * container.addEndpoint(JakartaServerEndpoints.config(transportConfig, handler));
 * }</pre>
 *
 * <p>Stations connect to {@code <path>/<identity>} below the web application's context path: the identity is the
 * last path segment, percent-encoded (OCPP-J 1.6 §3.1.1, OCPP 2.0.1 Part 4 §3.1.1). For every upgrade request the
 * endpoint builds a {@link dev.ocpp.core.spi.HandshakeRequest} (the raw, still percent-encoded path; the offered
 * subprotocols in the client's order; all headers) and carries out the handler's
 * {@link dev.ocpp.core.spi.HandshakeDecision}:
 * <ul>
 *   <li>accepted: the response carries exactly the decided subprotocol in {@code Sec-WebSocket-Protocol}, or no such
 *       header when none was decided; the connection is then handed to
 *       {@link ServerConnectionHandler#onConnected} (OCPP-J 1.6 §3.1.2, OCPP 2.0.1 Part 4 §3.1.2);</li>
 *   <li>refused: the container answers with the decision's status (404 for an unknown or invalid identity,
 *       OCPP-J 1.6 §3.2 and OCPP 2.0.1 Part 4 §3.2; 401 for bad credentials) and does not upgrade. The Jakarta API
 *       cannot express this; it works on Tyrus-based containers. Elsewhere the connection is upgraded and closed at
 *       once with 1008 (policy violation); put a servlet filter in front of the endpoint for a true 401/404
 *       there.</li>
 * </ul>
 *
 * <p>Of the {@link ServerTransportConfig}, the endpoint uses {@link ServerTransportConfig#path() path},
 * {@link ServerTransportConfig#subprotocols() subprotocols}, {@link ServerTransportConfig#pingInterval()
 * pingInterval}, {@link ServerTransportConfig#pongTimeout() pongTimeout} and
 * {@link ServerTransportConfig#maxMessageSize() maxMessageSize} (an incoming text over it closes the connection with
 * 1009). Host, port and TLS belong to the container and are ignored here. Remote and local addresses and client
 * certificates are not available through the Jakarta API and stay unknown ({@code null}, empty).
 */
public final class JakartaServerEndpoints {

    private JakartaServerEndpoints() {
    }

    /**
     * The endpoint configuration to register with {@code ServerContainer.addEndpoint}, at
     * {@code config.path() + "/{identity}"}. Each call makes an independent endpoint.
     *
     * @param config  the path, subprotocols, keep-alive and message limit to apply
     * @param handler decides every upgrade request and receives every connection; usually the engine's
     * @return the configuration; its configurator carries out the handshake decisions
     */
    public static ServerEndpointConfig config(ServerTransportConfig config, ServerConnectionHandler handler) {
        return new OcppServerDeployment(config, handler, GenericContainerSupport.INSTANCE).endpointConfig();
    }
}
