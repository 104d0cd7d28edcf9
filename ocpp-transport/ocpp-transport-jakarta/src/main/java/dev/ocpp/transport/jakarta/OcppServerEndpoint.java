package dev.ocpp.transport.jakarta;

import dev.ocpp.transport.jakarta.internal.OcppServerDeployment;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * The {@link Endpoint} behind every OCPP server connection. Containers create it through the configurator of
 * {@link JakartaServerEndpoints#config}; applications never need to.
 *
 * <p>It keeps no state of its own (each session carries its connection in its user properties), so it works however
 * a container instantiates it. It is public only because containers invoke endpoint methods reflectively, which the
 * module system allows for exported packages alone.
 *
 * <p><b>Connection limits are the container's job here.</b> Deployed into a foreign container (a servlet container's
 * WebSocket support), this endpoint sees a connection only once it is upgraded and has no access to the sockets, so
 * {@link dev.ocpp.core.spi.ServerTransportConfig#connectionLimits()} is not applied: caps on concurrent connections
 * and on pending (not yet upgraded) handshakes, per remote address and in total, and the handshake timeout must be
 * configured in the container (its connector's connection limits and timeouts) or in front of it, in a reverse proxy
 * or load balancer. The transports that own their sockets (Tyrus standalone, Netty) apply them themselves.
 */
public final class OcppServerEndpoint extends Endpoint {

    /** For containers. */
    public OcppServerEndpoint() {
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        OcppServerDeployment.opened(session, config);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        OcppServerDeployment.closed(session, closeReason);
    }

    @Override
    public void onError(Session session, Throwable cause) {
        OcppServerDeployment.failed(session, cause);
    }
}
