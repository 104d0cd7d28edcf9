package dev.ocpp.transport.tyrus.internal;

import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.transport.jakarta.internal.ContainerSupport;
import dev.ocpp.transport.jakarta.internal.JakartaConnection;
import dev.ocpp.transport.jakarta.internal.OcppServerDeployment;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.NIOConnection;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Tyrus server: one Grizzly listener bound to exactly the configured address (with TLS when the config has
 * an SSL context), Tyrus' WebSocket filter on it, and the OCPP endpoint deployed in an
 * {@link OcppTyrusServerContainer}.
 */
public final class TyrusServer implements TransportServer {

    private static final Logger LOG = LoggerFactory.getLogger(TyrusServer.class);

    /**
     * How far Tyrus' frame buffer may exceed the message limit. The {@link MessageSizeGuard} refuses oversize frames
     * before Tyrus buffers them, so Tyrus only ever holds an allowed frame plus one network read; the buffer limit
     * is a second line of defence that must never hit an allowed frame.
     */
    private static final int READ_SLACK = 1 << 20;

    /**
     * How long a TCP connection may stay open without upgrading: plenty for a station's handshake, short enough that
     * idle or refused connections do not pile up.
     */
    private static final Duration UPGRADE_DEADLINE = Duration.ofSeconds(30);

    /** How long closing waits for the close frames of open connections to be written. */
    private static final long CLOSE_FLUSH_MILLIS = 2000;

    private final HttpServer http;
    private final OcppTyrusServerContainer container;
    private final OcppServerDeployment deployment;
    private final HandshakeConnections connections;
    private final InetSocketAddress boundAddress;
    private final SelectableChannel serverChannel;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TyrusServer(HttpServer http, OcppTyrusServerContainer container, OcppServerDeployment deployment,
                        HandshakeConnections connections, Connection<?> serverConnection) {
        this.http = http;
        this.container = container;
        this.deployment = deployment;
        this.connections = connections;
        this.boundAddress = (InetSocketAddress) serverConnection.getLocalAddress();
        this.serverChannel = ((NIOConnection) serverConnection).getChannel();
    }

    /** Binds {@code config.host()}:{@code config.port()} and starts serving. */
    public static TyrusServer start(ServerTransportConfig config, ServerConnectionHandler handler,
                                    ContainerSupport support) throws IOException {
        return start(config, handler, support, UPGRADE_DEADLINE);
    }

    /**
     * As {@link #start(ServerTransportConfig, ServerConnectionHandler, ContainerSupport)}, closing connections that
     * have not upgraded within {@code upgradeDeadline}.
     */
    public static TyrusServer start(ServerTransportConfig config, ServerConnectionHandler handler,
                                    ContainerSupport support, Duration upgradeDeadline) throws IOException {
        // Resolved here so that a bad host fails as an IOException (UnknownHostException) before anything starts.
        String host = InetAddress.getByName(config.host()).getHostAddress();
        HandshakeConnections connections = new HandshakeConnections(upgradeDeadline);
        OcppServerDeployment deployment = new OcppServerDeployment(config, handler, support);
        int incomingBufferSize = (int) Math.min(Integer.MAX_VALUE, (long) config.maxMessageSize() + READ_SLACK);
        OcppTyrusServerContainer container = new OcppTyrusServerContainer(incomingBufferSize,
                config.maxMessageSize(), connections);

        HttpServer http = new HttpServer();
        // Grizzly binds exactly this address; port 0 asks the OS for a free port, read back after start.
        NetworkListener listener = new NetworkListener("ocpp", host, config.port());
        // The idle timeout of HTTP keep-alive would also cut idle WebSocket connections; the upgrade deadline of
        // HandshakeConnections bounds connections that never upgrade instead.
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        // Tyrus calls application code (handshake decisions) on the thread that reads: keep selectors free.
        listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
        if (config.sslContext() != null) {
            listener.setSecure(true);
            listener.setSSLEngineConfig(new SSLEngineConfigurator(config.sslContext(), false, config.needClientAuth(),
                    false));
        }
        listener.registerAddOn(new WebSocketAddOn(container, OcppTyrusServerContainer.CONTEXT_PATH));
        listener.registerAddOn(new PreUpgradeFailures(config.preUpgradeFailureListener(), connections).addOn());
        // In front of Tyrus' filter, and of the connection tracking below, so that neither sees a malformed upgrade.
        listener.registerAddOn(new StrictUpgrade(config.path()).addOn());
        listener.registerAddOn(RequestLineGuard.addOn());
        listener.registerAddOn(connections.addOn());
        http.addListener(listener);
        try {
            container.addEndpoint(deployment.endpointConfig());
            container.start(OcppTyrusServerContainer.CONTEXT_PATH, config.port());
            http.start();
        } catch (DeploymentException | IOException | RuntimeException e) {
            http.shutdownNow();
            container.stop();
            connections.release();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("Could not start the WebSocket server on " + config.host() + ":" + config.port(), e);
        }
        return new TyrusServer(http, container, deployment, connections, listener.getServerConnection());
    }

    /** The address of the listening socket itself, with the port the OS picked for port 0. */
    @Override
    public InetSocketAddress localAddress() {
        return boundAddress;
    }

    /**
     * Closes every connection with 1001, gives their close frames up to two seconds to be written, then releases the
     * port. Connections that still have not reported closed are dropped (their listeners get {@code onClosed} 1006).
     * Blocks while doing so: not for a transport callback.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (JakartaConnection c : deployment.connections()) {
            c.close(1001, "Server shutting down");
        }
        try {
            // Tyrus closes each TCP connection once its close frame is written; shutting Grizzly down before that
            // would cut the frames off.
            connections.awaitAllClosed(CLOSE_FLUSH_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            http.shutdownNow();
            awaitPortReleased();
        } finally {
            container.stop();
            for (JakartaConnection c : deployment.connections()) {
                c.abort();
            }
            connections.release();
        }
        LOG.debug("WebSocket server on {} stopped", localAddress());
    }

    /**
     * NIO defers closing a channel that is registered with a selector until the selector deregisters it, and Grizzly
     * stops its selectors asynchronously: the socket may still accept connections for a moment after
     * {@code shutdownNow} returns. The TransportServer contract promises the port is released when close returns.
     */
    private void awaitPortReleased() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_FLUSH_MILLIS);
        try {
            while (serverChannel.isRegistered() && System.nanoTime() - deadline < 0) {
                Thread.sleep(2); // NIO offers no event for the deregistration
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (serverChannel.isRegistered()) {
            LOG.warn("The listening socket of {} was not released within {} ms", boundAddress, CLOSE_FLUSH_MILLIS);
        }
    }
}
