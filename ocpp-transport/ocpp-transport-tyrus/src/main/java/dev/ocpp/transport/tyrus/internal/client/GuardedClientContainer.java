package dev.ocpp.transport.tyrus.internal.client;

import dev.ocpp.transport.jakarta.internal.JakartaConnection;
import dev.ocpp.transport.tyrus.internal.MessageSizeGuard;
import dev.ocpp.transport.tyrus.internal.TyrusContainerSupport;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.util.Map;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;
import org.glassfish.tyrus.spi.ClientContainer;
import org.glassfish.tyrus.spi.ClientEngine;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.Writer;

/**
 * Tyrus' Grizzly client container with a {@link MessageSizeGuard} on every connection, so that the client, too,
 * refuses an oversize message from its frame headers with 1009. Tyrus' {@code ClientManager} instantiates its
 * container by class name (reflectively, from Tyrus' core module), hence the public no-argument constructor and this
 * package of its own, exported to that module alone; the limit comes from the manager's properties.
 */
public final class GuardedClientContainer implements ClientContainer {

    /** ClientManager property: the message limit in bytes ({@link Integer}). */
    public static final String MAX_MESSAGE_SIZE = GuardedClientContainer.class.getName() + ".maxMessageSize";

    private final ClientContainer delegate = new GrizzlyClientContainer();

    /** For Tyrus' {@code ClientManager}. */
    public GuardedClientContainer() {
    }

    @Override
    public void openClientSocket(ClientEndpointConfig cec, Map<String, Object> properties, ClientEngine clientEngine)
            throws DeploymentException, IOException {
        Object max = properties.get(MAX_MESSAGE_SIZE);
        delegate.openClientSocket(cec, properties,
                max instanceof Integer limit ? new GuardedEngine(clientEngine, limit) : clientEngine);
    }

    private record GuardedEngine(ClientEngine delegate, int maxMessageSize) implements ClientEngine {

        @Override
        public UpgradeRequest createUpgradeRequest(TimeoutHandler timeoutHandler) {
            return delegate.createUpgradeRequest(timeoutHandler);
        }

        @Override
        public ClientUpgradeInfo processResponse(UpgradeResponse upgradeResponse, Writer writer,
                                                 Connection.CloseListener closeListener) {
            ClientUpgradeInfo info;
            JakartaConnection opened;
            try {
                info = delegate.processResponse(upgradeResponse, writer, closeListener);
            } finally {
                opened = TyrusContainerSupport.takeOpenedClient();
            }
            if (info.getUpgradeStatus() != ClientUpgradeStatus.SUCCESS) {
                return info;
            }
            // Closing the Tyrus client connection directly drops TCP before the close frame; close the session.
            Runnable refuse = opened == null ? null : opened::refuseOversize;
            return new ClientUpgradeInfo() {
                @Override
                public ClientUpgradeStatus getUpgradeStatus() {
                    return ClientUpgradeStatus.SUCCESS;
                }

                @Override
                public Connection createConnection() {
                    return MessageSizeGuard.guard(info.createConnection(), maxMessageSize, refuse);
                }
            };
        }

        @Override
        public void processError(Throwable t) {
            delegate.processError(t);
        }
    }
}
