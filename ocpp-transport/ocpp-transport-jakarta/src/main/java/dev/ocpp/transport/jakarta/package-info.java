/**
 * OCPP-J transports on the Jakarta WebSocket API (Jakarta WebSocket 2.1 or later).
 *
 * <ul>
 *   <li>{@link dev.ocpp.transport.jakarta.JakartaServerEndpoints}: the OCPP server endpoint, to register with any
 *       Jakarta WebSocket server container (a servlet container, an application server, standalone Tyrus);</li>
 *   <li>{@link dev.ocpp.transport.jakarta.JakartaClientTransport}: a
 *       {@link dev.ocpp.core.spi.TransportClientFactory} on any {@link jakarta.websocket.WebSocketContainer}.</li>
 * </ul>
 *
 * <p>For a server without a container, and for a client with exact handshake error reporting, use the Tyrus module
 * ({@code dev.ocpp.transport.tyrus}), which builds on this one.
 */
package dev.ocpp.transport.jakarta;
