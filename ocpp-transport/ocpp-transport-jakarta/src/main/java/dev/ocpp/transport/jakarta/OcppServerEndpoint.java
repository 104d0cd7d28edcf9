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
