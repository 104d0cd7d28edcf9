package dev.ocpp.transport.inmemory;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.StationIdentities;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.core.spi.TransportServerFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network in memory: servers started on it are reached by clients connecting through it, with the same
 * handshake decisions (identity, subprotocol, credentials, HTTP 401/404) and the same event contract as a real
 * WebSocket transport, but without sockets. Each connection end delivers its events on its own thread, standing in
 * for a transport I/O thread, so tests see the threading they will see in production.
 *
 * <pre>{@code
 * InMemoryNetwork net = new InMemoryNetwork();
 * OcppServer server = OcppServer.builder(net.serverTransport()).serve(...).build().start();
 * OcppClient client = OcppClient.builder(net.clientTransport())
 *     .endpoint(URI.create("ws://127.0.0.1:" + server.port() + "/ocpp")) ...
 * }</pre>
 *
 * Thread-safe. Ports are fake: numbers handed out from 20000 up, unique per network.
 */
public final class InMemoryNetwork {

    private final Map<String, InMemoryServer> servers = new ConcurrentHashMap<>();
    private final AtomicInteger nextPort = new AtomicInteger(20000);
    private final AtomicInteger nextConnection = new AtomicInteger();

    /** The server side of this network. */
    public TransportServerFactory serverTransport() {
        return this::startServer;
    }

    /** The client side of this network. */
    public TransportClientFactory clientTransport() {
        return this::connect;
    }

    private TransportServer startServer(ServerTransportConfig config, ServerConnectionHandler handler)
            throws IOException {
        int port = config.port() == 0 ? nextPort.getAndIncrement() : config.port();
        InMemoryServer server = new InMemoryServer(config, handler, new InetSocketAddress(config.host(), port));
        if (servers.putIfAbsent(key(config.host(), port), server) != null) {
            throw new java.net.BindException("Address already in use: " + config.host() + ":" + port);
        }
        return server;
    }

    private CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
        URI uri = config.uri();
        InMemoryServer server = servers.get(key(uri.getHost(), uri.getPort()));
        if (server == null || server.closed) {
            return CompletableFuture.failedFuture(new ConnectException("Connection refused: " + uri));
        }
        int n = nextConnection.incrementAndGet();
        InetSocketAddress clientAddress = new InetSocketAddress("127.0.0.1", 40000 + (n % 20000));
        Map<String, List<String>> headers = new java.util.HashMap<>();
        config.headers().forEach((k, v) -> headers.put(k, List.of(v)));
        if (config.credentials() != null) {
            headers.put("Authorization", List.of(config.credentials().toHeaderValue()));
        }
        if (!config.subprotocols().isEmpty()) {
            headers.put("Sec-WebSocket-Protocol", List.of(String.join(", ", config.subprotocols())));
        }
        HandshakeRequest request = new HandshakeRequest(uri.getRawPath(), config.subprotocols(), headers,
                clientAddress, server.address, List.of());
        HandshakeDecision decision;
        try {
            decision = server.handler.onHandshake(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new HandshakeRejectedException(500, e.toString()));
        }
        if (!decision.accepted()) {
            return CompletableFuture.failedFuture(new HandshakeRejectedException(decision.status(),
                    decision.reason()));
        }
        String clientIdentity = StationIdentities.lastSegment(uri.getRawPath()).orElse(decision.identity());
        ConnectionInfo serverInfo = new ConnectionInfo(decision.identity(), decision.subprotocol(), uri,
                clientAddress, server.address, List.of(), java.util.Optional.ofNullable(decision.credentials()));
        ConnectionInfo clientInfo = new ConnectionInfo(clientIdentity, decision.subprotocol(), uri,
                server.address, clientAddress, List.of(), java.util.Optional.ofNullable(config.credentials()));
        InMemoryConnection serverEnd = new InMemoryConnection(serverInfo, "inmemory-server-" + n,
                server.config.maxMessageSize());
        InMemoryConnection clientEnd = new InMemoryConnection(clientInfo, "inmemory-client-" + n,
                config.maxMessageSize());
        InMemoryConnection.link(serverEnd, clientEnd);
        server.add(serverEnd);

        CompletableFuture<TransportConnection> opened = new CompletableFuture<>();
        // Both opens are queued before either end can act, or a fast first event (a send, a close) could reach
        // the other end ahead of its open. The client opens only once the server side has: a real network cannot
        // promise that order, but here it makes "connected" mean "the server has the session" for tests.
        java.util.concurrent.CountDownLatch serverGate = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch clientGate = new java.util.concurrent.CountDownLatch(1);
        serverEnd.open(serverGate, () -> server.handler.onConnected(serverEnd), clientGate::countDown);
        clientEnd.open(clientGate, () -> listener, () -> opened.complete(clientEnd));
        serverGate.countDown();
        return opened;
    }

    private static String key(String host, int port) {
        return host + ":" + port;
    }

    private final class InMemoryServer implements TransportServer {
        final ServerTransportConfig config;
        final ServerConnectionHandler handler;
        final InetSocketAddress address;
        final List<InMemoryConnection> connections = new ArrayList<>();
        volatile boolean closed;

        InMemoryServer(ServerTransportConfig config, ServerConnectionHandler handler, InetSocketAddress address) {
            this.config = config;
            this.handler = handler;
            this.address = address;
        }

        synchronized void add(InMemoryConnection c) {
            connections.add(c);
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        @Override
        public void close() {
            List<InMemoryConnection> open;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                open = new ArrayList<>(connections);
            }
            servers.remove(key(address.getHostString(), address.getPort()), this);
            for (InMemoryConnection c : open) {
                c.close(1001, "Server stopped");
            }
        }
    }
}
