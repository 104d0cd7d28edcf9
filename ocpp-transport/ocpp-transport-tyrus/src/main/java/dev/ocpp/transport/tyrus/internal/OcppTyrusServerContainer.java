package dev.ocpp.transport.tyrus.internal;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

/**
 * A Tyrus server container for one OCPP endpoint, run on a Grizzly listener of our own.
 *
 * <p>Tyrus' own Grizzly container binds every interface ({@code 0.0.0.0}) whatever host it is given, which a server
 * asked to listen on one address must not do; so {@link TyrusServer} sets up the Grizzly listener itself and this
 * container only provides the engine. The engine is wrapped to guard every upgraded connection with a
 * {@link MessageSizeGuard} (message size, and RFC 6455's rules for a client's frames) and to tell {@link HandshakeConnections} which connections were upgraded.
 */
final class OcppTyrusServerContainer extends TyrusServerContainer {

    /** Tyrus' context path; the endpoint's own path carries the whole OCPP path. */
    static final String CONTEXT_PATH = "/";

    private final WebSocketEngine engine;

    OcppTyrusServerContainer(int incomingBufferSize, int maxMessageSize, HandshakeConnections connections) {
        super((Set<Class<?>>) null);
        WebSocketEngine tyrus = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();
        this.engine = new GuardedEngine(tyrus, maxMessageSize, connections);
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, CONTEXT_PATH);
    }

    @Override
    public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
        engine.register(serverEndpointConfig, CONTEXT_PATH);
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }

    private static final class GuardedEngine implements WebSocketEngine {
        private final WebSocketEngine delegate;
        private final int maxMessageSize;
        private final HandshakeConnections connections;

        GuardedEngine(WebSocketEngine delegate, int maxMessageSize, HandshakeConnections connections) {
            this.delegate = delegate;
            this.maxMessageSize = maxMessageSize;
            this.connections = connections;
        }

        @Override
        public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
            try {
                UpgradeInfo info = delegate.upgrade(request, response);
                if (info.getStatus() != UpgradeStatus.SUCCESS) {
                    return info;
                }
                connections.upgradedCurrent();
                return new UpgradeInfo() {
                    @Override
                    public UpgradeStatus getStatus() {
                        return UpgradeStatus.SUCCESS;
                    }

                    @Override
                    public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
                        return MessageSizeGuard.guardServer(info.createConnection(writer, closeListener),
                                maxMessageSize);
                    }
                };
            } finally {
                HandshakeConnections.clear();
            }
        }

        @Override
        public void register(Class<?> endpointClass, String contextPath) throws DeploymentException {
            delegate.register(endpointClass, contextPath);
        }

        @Override
        public void register(ServerEndpointConfig serverConfig, String contextPath) throws DeploymentException {
            delegate.register(serverConfig, contextPath);
        }
    }
}
