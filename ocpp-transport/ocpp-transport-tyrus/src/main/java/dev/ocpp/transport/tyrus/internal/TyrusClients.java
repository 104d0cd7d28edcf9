package dev.ocpp.transport.tyrus.internal;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.transport.jakarta.internal.JakartaClient;
import dev.ocpp.transport.tyrus.internal.client.ClientSockets;
import dev.ocpp.transport.tyrus.internal.client.GuardedClientContainer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.client.auth.AuthConfig;

/**
 * Tyrus client managers, one per combination of the settings Tyrus only takes per manager (message limit, handshake
 * timeout, TLS context), each wrapped in a {@link JakartaClient}.
 */
public final class TyrusClients {

    /** See {@link TyrusServer}: Tyrus' frame buffer limit, a backstop behind the {@link MessageSizeGuard}. */
    private static final int READ_SLACK = 1 << 20;

    private final Map<Key, JakartaClient> clients = new ConcurrentHashMap<>();
    /** One Grizzly transport for the connections of every manager here; it stops itself when idle, or on close. */
    private final ClientSockets sockets = new ClientSockets();

    private volatile boolean closed;

    public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("The client transport is closed"));
        }
        Key key = new Key(config.maxMessageSize(), config.connectTimeout().toMillis(), config.sslContext());
        return clients.computeIfAbsent(key, this::create).connect(config, listener);
    }

    /**
     * Aborts every connection and attempt, then stops the Grizzly transport; later connects fail with
     * {@link IllegalStateException}. Idempotent.
     */
    public void close() {
        closed = true;
        // Connections first, so that each reports onClosed 1006 instead of seeing its socket vanish.
        for (JakartaClient c : clients.values()) {
            c.close();
        }
        sockets.close();
    }

    private JakartaClient create(Key key) {
        ClientManager manager = ClientManager.createClient(GuardedClientContainer.class.getName());
        Map<String, Object> p = manager.getProperties();
        p.put(GuardedClientContainer.MAX_MESSAGE_SIZE, key.maxMessageSize);
        p.put(GuardedClientContainer.SOCKETS, sockets);
        p.put(ClientProperties.INCOMING_BUFFER_SIZE,
                (int) Math.min(Integer.MAX_VALUE, (long) key.maxMessageSize + READ_SLACK));
        // The connect timeout itself is kept by JakartaClient; Tyrus' own, a little later, only bounds how long the
        // connector thread stays blocked.
        p.put(ClientProperties.HANDSHAKE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, key.timeoutMillis + 1000));
        // Credentials go out with the first request; Tyrus must not answer a 401 challenge on its own.
        p.put(ClientProperties.AUTH_CONFIG,
                AuthConfig.Builder.create().disableProvidedBasicAuth().disableProvidedDigestAuth().build());
        if (key.sslContext != null) {
            p.put(ClientProperties.SSL_ENGINE_CONFIGURATOR, new SslEngineConfigurator(key.sslContext, true, false,
                    false));
        }
        return new JakartaClient(manager, TyrusContainerSupport.INSTANCE, true);
    }

    private record Key(int maxMessageSize, long timeoutMillis, SSLContext sslContext) {
    }
}
