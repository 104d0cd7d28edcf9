package dev.ocpp.examples.bench;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * The benchmark's baseline: a plain {@code jakarta.websocket} endpoint on Tyrus/Grizzly that sends every text
 * message straight back without looking at it. It is served at {@code /ocpp/<identity>} and agrees to the OCPP
 * subprotocols so that the load clients are byte-for-byte the same against it as against the OCPP server.
 *
 * <p>It is Tyrus's standalone server setup (Grizzly, worker-thread I/O strategy, no idle timeout) assembled by hand
 * for one reason: {@code org.glassfish.tyrus.server.Server} always binds every interface, and the benchmark must
 * listen on loopback only.
 */
public final class EchoServer implements AutoCloseable {

    private final Container container;
    private final String host;

    private EchoServer(Container container, String host) {
        this.container = container;
        this.host = host;
    }

    /** Starts the echo server on {@code host:port} (port 0: any free port). */
    public static EchoServer start(String host, int port) throws IOException {
        Container c = new Container(host);
        try {
            c.addEndpoint(ServerEndpointConfig.Builder.create(Echo.class, "/ocpp/{identity}")
                    .subprotocols(List.of("ocpp1.6", "ocpp2.0.1"))
                    .build());
            c.start("/", port);
        } catch (DeploymentException e) {
            c.stop();
            throw new IOException("Could not deploy the echo endpoint", e);
        }
        return new EchoServer(c, host);
    }

    /** The endpoint without the identity. */
    public URI endpoint() {
        return URI.create("ws://" + host + ":" + container.boundPort() + "/ocpp");
    }

    @Override
    public void close() {
        container.stop();
    }

    /** Sends each text back unchanged. One instance per connection, as Tyrus creates them. */
    public static final class Echo extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            // Asynchronous, like the OCPP transport's sends, so both servers pay the same for writing.
            session.addMessageHandler(String.class,
                    (MessageHandler.Whole<String>) text -> session.getAsyncRemote().sendText(text));
        }
    }

    /** Tyrus's Grizzly server container, bound to one address. */
    private static final class Container extends TyrusServerContainer {
        private final String host;
        private final WebSocketEngine engine;
        private String contextPath;
        private HttpServer http;
        private NetworkListener listener;

        Container(String host) {
            super((java.util.Set<Class<?>>) null);
            this.host = host;
            this.engine = TyrusWebSocketEngine.builder(this).build();
        }

        @Override
        public void register(Class<?> endpointClass) throws DeploymentException {
            ((TyrusWebSocketEngine) engine).register(endpointClass, contextPath);
        }

        @Override
        public void register(ServerEndpointConfig config) throws DeploymentException {
            ((TyrusWebSocketEngine) engine).register(config, contextPath);
        }

        @Override
        public WebSocketEngine getWebSocketEngine() {
            return engine;
        }

        @Override
        public void start(String rootPath, int port) throws IOException, DeploymentException {
            contextPath = rootPath;
            http = new HttpServer();
            listener = new NetworkListener("echo", host, port);
            http.addListener(listener);
            listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
            listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
            listener.registerAddOn(new WebSocketAddOn(this, contextPath));
            http.start();
            super.start(rootPath, port);
        }

        @Override
        public java.util.Map<String, Object> getProperties() {
            return java.util.Map.of();
        }

        int boundPort() {
            return listener.getPort();
        }

        @Override
        public void stop() {
            super.stop();
            if (http != null) {
                http.shutdownNow();
            }
        }
    }
}
