package dev.ocpp.transport.tyrus.internal.client;

import dev.ocpp.transport.tyrus.internal.MessageSizeGuard;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.util.Map;
import org.glassfish.tyrus.spi.ClientContainer;
import org.glassfish.tyrus.spi.ClientEngine;

/**
 * The client container of Tyrus' {@code ClientManager} in this transport: each connection is a {@link ClientSocket}
 * on the Grizzly transport of the {@link ClientSockets} named in the manager's properties, with a
 * {@link MessageSizeGuard} on it, so that the client, too, refuses an oversize message from its frame headers with
 * 1009. Tyrus' {@code ClientManager} instantiates its container by class name (reflectively, from Tyrus' core
 * module), hence the public no-argument constructor and this package of its own, exported to that module alone; the
 * transport and the limit come from the manager's properties.
 */
public final class GuardedClientContainer implements ClientContainer {

    /** ClientManager property: the message limit in bytes ({@link Integer}). */
    public static final String MAX_MESSAGE_SIZE = GuardedClientContainer.class.getName() + ".maxMessageSize";

    /** ClientManager property: the {@link ClientSockets} that owns the transport of the connections. */
    public static final String SOCKETS = GuardedClientContainer.class.getName() + ".sockets";

    /** For Tyrus' {@code ClientManager}. */
    public GuardedClientContainer() {
    }

    @Override
    public void openClientSocket(ClientEndpointConfig cec, Map<String, Object> properties, ClientEngine clientEngine)
            throws DeploymentException, IOException {
        Object max = properties.get(MAX_MESSAGE_SIZE);
        // Only TyrusClients makes managers with this container, and it always names the transport's owner: no
        // ownerless transport is started behind its back.
        if (!(properties.get(SOCKETS) instanceof ClientSockets sockets)) {
            throw new DeploymentException("No " + SOCKETS + " in the client manager's properties");
        }
        ClientSocket.open(sockets, cec, properties, clientEngine, max instanceof Integer limit ? limit : null);
    }
}
