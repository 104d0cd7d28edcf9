package dev.ocpp.transport.tyrus.internal.client;

import dev.ocpp.core.internal.concurrent.SerialExecutor;
import dev.ocpp.transport.jakarta.internal.JakartaConnection;
import dev.ocpp.transport.tyrus.internal.MessageSizeGuard;
import dev.ocpp.transport.tyrus.internal.TyrusContainerSupport;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.HttpClientFilter;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.transport.TCPNIOConnectorHandler;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.ssl.SSLFilter;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.core.CloseReasons;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;
import org.glassfish.tyrus.core.Utils;
import org.glassfish.tyrus.spi.ClientEngine;
import org.glassfish.tyrus.spi.ClientEngine.ClientUpgradeInfo;
import org.glassfish.tyrus.spi.ClientEngine.ClientUpgradeStatus;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.Writer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: TCP, TLS for {@code wss}, and HTTP up to the 101 answer, after which every byte goes to the
 * Tyrus connection. Tyrus' {@link ClientEngine} still does all of the WebSocket handshake (the request, checking the
 * answer, opening the session); this class only moves bytes and reports how the connection ended.
 *
 * <p>Why not Tyrus' Grizzly client: it reports nothing when the connection closes, or a TLS alert arrives, before
 * the upgrade answer. Under TLS 1.3 a server checks the client certificate after the client's handshake is complete,
 * so a refused station certificate ({@code bad_certificate}, {@code unknown_ca}, {@code certificate_required})
 * arrives as an alert on an established connection; a TLS server that gets plain HTTP just closes. Either way
 * Tyrus' {@code connectToServer} waited for its handshake timeout. Here any end of the connection before the upgrade
 * fails the engine at once ({@link ClientEngine#processError}) with the reason: the {@link SSLException} carrying
 * the alert, or an {@link IOException} saying the server closed the connection before the upgrade.
 *
 * <p>Not supported, unlike Tyrus' client: HTTP proxies (a CSMS is reached directly; Tyrus consulted the JVM's
 * {@code ProxySelector}), binding a local address, and following redirects (which this library never enabled).
 *
 * <p>Threads: Grizzly hands this connection's reads to a worker thread one at a time, but the close of a connection
 * can be seen on whichever thread closed it (Tyrus closing after its close frame, the handshake timeout). Every event
 * therefore goes through one {@link SerialExecutor}: Tyrus sees them one at a time and in order, and no thread waits
 * for another.
 */
final class ClientSocket {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSocket.class);

    private enum State { CONNECTING, UPGRADING, OPEN, ENDED }

    private final ClientSockets sockets;
    private final ClientEngine engine;
    private final Integer maxMessageSize;
    private final SerialExecutor events = new SerialExecutor();
    private final AtomicBoolean released = new AtomicBoolean();
    /** Keeps the order of frames that different threads write at the same time (pings, sends, close). */
    private final Object writeLock = new Object();
    private final Writer writer = new SocketWriter();
    private volatile Connection<?> grizzly;
    /** Set when Tyrus' handshake timeout fired: whatever connects after that is closed at once. */
    private volatile boolean abandoned;

    // Touched only by tasks of `events`.
    private State state = State.CONNECTING;
    private Throwable failure;
    private org.glassfish.tyrus.spi.Connection tyrus;
    /** host:port, for messages; set before the connect starts. */
    private volatile String peer = "the server";

    private ClientSocket(ClientSockets sockets, ClientEngine engine, Integer maxMessageSize) {
        this.sockets = sockets;
        this.engine = engine;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Starts connecting; returns once the TCP connect is under way. The outcome reaches {@code engine}: the response
     * through {@link ClientEngine#processResponse}, any failure through {@link ClientEngine#processError}.
     *
     * @param maxMessageSize the limit for the {@link MessageSizeGuard}, or {@code null} for none
     * @throws IOException         the host cannot be resolved, or the transport cannot start
     * @throws DeploymentException the URI or the TLS settings are unusable
     */
    static void open(ClientSockets sockets, ClientEndpointConfig config, Map<String, Object> properties,
                     ClientEngine engine, Integer maxMessageSize) throws IOException, DeploymentException {
        new ClientSocket(sockets, engine, maxMessageSize).open(config, properties);
    }

    private void open(ClientEndpointConfig config, Map<String, Object> properties)
            throws IOException, DeploymentException {
        UpgradeRequest request = engine.createUpgradeRequest(this::handshakeTimedOut);
        if (request == null) {
            return; // the engine has already reported why it cannot make a request
        }
        URI uri = URI.create(request.getRequestUri());
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        if (uri.getHost() == null) {
            throw new DeploymentException("No host in " + uri);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), port);
        if (address.isUnresolved()) {
            throw new UnknownHostException(uri.getHost());
        }
        peer = uri.getHost() + ":" + port;
        FilterChainBuilder chain = FilterChainBuilder.stateless()
                .add(new TransportFilter())
                .add(new Observer());
        if (secure) {
            chain.add(new ClientTlsFilter(tls(config, properties, uri.getHost(), port)));
        }
        chain.add(new HttpClientFilter()).add(new Upgrade(httpRequest(uri, request)));
        FilterChain filters = chain.build();

        TCPNIOTransport transport = sockets.acquire();
        try {
            TCPNIOConnectorHandler connector = TCPNIOConnectorHandler.builder(transport).processor(filters).build();
            connector.connect(address, null, connectOutcome());
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    /** Grizzly declares this handler with its raw {@code Connection} type. */
    @SuppressWarnings("rawtypes")
    private CompletionHandler<Connection> connectOutcome() {
        return new EmptyCompletionHandler<>() {
            @Override
            public void completed(Connection connection) {
                Connection<?> c = connection;
                grizzly = c;
                if (abandoned) {
                    c.closeSilently();
                }
            }

            @Override
            public void failed(Throwable error) {
                release();
                events.execute(() -> fail(error));
            }
        };
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            sockets.release();
        }
    }

    /** Tyrus' own handshake timeout (kept a little longer than the connect timeout of JakartaClient). */
    private void handshakeTimedOut() {
        abandoned = true;
        closeConnection();
    }

    /** Closes after the queued frames (Tyrus' close frame above all) are written. */
    private void closeConnection() {
        Connection<?> c = grizzly;
        if (c != null) {
            c.closeSilently();
        }
    }

    /** The first failure seen before the upgrade; the close that follows reports it. */
    private void recordFailure(Throwable error) {
        events.execute(() -> {
            if (state != State.OPEN && failure == null) {
                failure = error;
            }
        });
    }

    private void closed() {
        events.execute(() -> {
            switch (state) {
                case OPEN -> {
                    state = State.ENDED;
                    tyrus.close(CloseReasons.CLOSED_ABNORMALLY.getCloseReason());
                }
                case CONNECTING, UPGRADING -> fail(beforeUpgrade());
                case ENDED -> { }
            }
        });
    }

    /**
     * Why the connection ended before the upgrade. A TLS failure is passed on as it is: the station side's
     * security event is classified from the {@link SSLException} and its alert.
     */
    private Throwable beforeUpgrade() {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return t;
            }
        }
        String message = abandoned
                ? "Connection to " + peer + " closed after the handshake timed out"
                : "Connection closed by " + peer + " before the WebSocket upgrade";
        if (failure != null && failure.getMessage() != null) {
            message = message + ": " + failure.getMessage();
        }
        return new IOException(message, failure);
    }

    /** Runs on {@code events}. */
    private void fail(Throwable cause) {
        if (state == State.OPEN || state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        closeConnection();
        try {
            engine.processError(cause);
        } catch (RuntimeException e) {
            LOG.debug("Tyrus refused the failure of a connection to {}", peer, e);
        }
    }

    /** Runs on {@code events}: the HTTP answer to the upgrade request, and any bytes that came right after it. */
    private void answered(TyrusUpgradeResponse response, ByteBuffer rest) {
        if (state != State.UPGRADING && state != State.CONNECTING) {
            return;
        }
        ClientUpgradeInfo info;
        JakartaConnection opened;
        try {
            info = engine.processResponse(response, writer, reason -> closeConnection());
        } catch (RuntimeException e) {
            fail(e);
            return;
        } finally {
            opened = TyrusContainerSupport.takeOpenedClient();
        }
        switch (info.getUpgradeStatus()) {
            case SUCCESS -> {
                state = State.OPEN;
                org.glassfish.tyrus.spi.Connection c = info.createConnection();
                // Closing the Tyrus client connection directly drops TCP before the close frame; close the session.
                Runnable refuse = opened == null ? null : opened::refuseOversize;
                tyrus = maxMessageSize == null ? c : MessageSizeGuard.guard(c, maxMessageSize, refuse);
                if (rest.hasRemaining()) {
                    tyrus.getReadHandler().handle(rest);
                }
            }
            case UPGRADE_REQUEST_FAILED -> {
                // The engine has told its listener why (the status, a bad header); only the connection is left.
                state = State.ENDED;
                closeConnection();
            }
            case ANOTHER_UPGRADE_REQUEST_REQUIRED -> fail(new IOException("The server at " + peer + " answered "
                    + response.getStatus() + "; redirects and authentication challenges are not followed"));
        }
    }

    private void received(ByteBuffer data) {
        events.execute(() -> {
            if (state == State.OPEN) {
                tyrus.getReadHandler().handle(data);
            }
        });
    }

    private static HttpContent httpRequest(URI uri, UpgradeRequest request) {
        // The raw path: the identity in it is percent-encoded (OCPP-J 1.6 §3.1.1) and must stay so on the wire.
        StringBuilder target = new StringBuilder(uri.getRawPath() == null || uri.getRawPath().isEmpty()
                ? "/" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            target.append('?').append(uri.getRawQuery());
        }
        HttpRequestPacket.Builder b = HttpRequestPacket.builder()
                .method(Method.GET)
                .protocol(Protocol.HTTP_1_1)
                .uri(target.toString());
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            b.header(header.getKey(), String.join(", ", header.getValue()));
        }
        return HttpContent.builder(b.build()).build();
    }

    private static TyrusUpgradeResponse upgradeResponse(HttpResponsePacket packet) {
        TyrusUpgradeResponse response = new TyrusUpgradeResponse();
        for (String name : packet.getHeaders().names()) {
            for (String value : packet.getHeaders().values(name)) {
                // Tyrus reads list headers (subprotocol, extensions) one element per value.
                response.getHeaders().computeIfAbsent(name, n -> new ArrayList<>())
                        .addAll(Utils.parseHeaderValue(value.trim()));
            }
        }
        response.setStatus(packet.getStatus());
        response.setReasonPhrase(packet.getReasonPhrase());
        return response;
    }

    private static ByteBuffer copy(Buffer content) {
        // Grizzly may reuse its read buffer once the filter returns; the event may run later, on another thread.
        ByteBuffer copy = ByteBuffer.allocate(content.remaining());
        content.get(copy);
        copy.flip();
        return copy;
    }

    /**
     * The TLS engine for {@code wss}: from the Tyrus configurator TyrusClients puts in the properties when the
     * station has a TLS context, else from the endpoint config's or the JVM's default context. The server's host
     * name is checked against its certificate (RFC 2818), as Tyrus' client does by default. Nothing here sets a
     * custom {@code HostnameVerifier} or a Grizzly configurator; either is refused rather than silently ignored.
     */
    private static TlsSettings tls(ClientEndpointConfig config, Map<String, Object> properties, String host, int port)
            throws DeploymentException {
        Object configured = properties.get(ClientProperties.SSL_ENGINE_CONFIGURATOR);
        if (configured instanceof SslEngineConfigurator tyrusTls) {
            if (tyrusTls.getHostnameVerifier() != null) {
                throw new DeploymentException("A custom HostnameVerifier is not supported by this client");
            }
            boolean verifyHost = tyrusTls.isHostVerificationEnabled();
            return new TlsSettings(tyrusTls.getSslContext(), () -> verify(tyrusTls.createSSLEngine(host), verifyHost));
        }
        if (configured != null) {
            throw new DeploymentException("Unsupported " + ClientProperties.SSL_ENGINE_CONFIGURATOR + ": "
                    + configured.getClass().getName());
        }
        SSLContext context = config == null ? null : config.getSSLContext();
        if (context == null) {
            try {
                context = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new DeploymentException("No default TLS context", e);
            }
        }
        SSLContext c = context;
        return new TlsSettings(c, () -> {
            SSLEngine engine = c.createSSLEngine(host, port);
            engine.setUseClientMode(true);
            return verify(engine, true);
        });
    }

    private static SSLEngine verify(SSLEngine engine, boolean verifyHost) {
        if (verifyHost) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        return engine;
    }

    /** The context of this connection's TLS and how to make its engine. */
    private record TlsSettings(SSLContext context, Supplier<SSLEngine> engines) {
    }

    /**
     * Grizzly's TLS filter, with the engine made per connection by {@link TlsSettings} and a failed TLS handshake
     * recorded as the reason the connection ended.
     */
    private final class ClientTlsFilter extends SSLFilter {
        ClientTlsFilter(TlsSettings settings) {
            super(null, new SSLEngineConfigurator(settings.context(), true, false, false) {
                @Override
                public SSLEngine createSSLEngine(String peerHost, int peerPort) {
                    return settings.engines().get();
                }
            });
        }

        @Override
        @SuppressWarnings("rawtypes") // Grizzly's signature
        protected void notifyHandshakeFailed(Connection connection, Throwable t) {
            recordFailure(t);
            super.notifyHandshakeFailed(connection, t);
        }
    }

    /**
     * Right above the transport, below TLS and HTTP: Grizzly reports a failure to the filters below the one that
     * failed, so only here are TLS alerts and unparseable HTTP answers seen. Also where the end of the connection is
     * seen first.
     */
    private final class Observer extends BaseFilter {
        @Override
        public void exceptionOccurred(FilterChainContext ctx, Throwable error) {
            recordFailure(error);
            Connection<?> c = ctx.getConnection();
            // Before the upgrade nothing more can come of this connection: end it now rather than wait for Grizzly.
            events.execute(() -> {
                if (state != State.OPEN) {
                    c.closeSilently();
                }
            });
        }

        @Override
        public NextAction handleClose(FilterChainContext ctx) {
            // Grizzly tells the filter chain of every close, whoever closed: the one place to give the transport back.
            release();
            closed();
            return ctx.getInvokeAction();
        }
    }

    /** On top of HTTP: sends the upgrade request, takes its answer, then passes the WebSocket bytes on. */
    private final class Upgrade extends BaseFilter {
        private final HttpContent request;
        private boolean answered;

        Upgrade(HttpContent request) {
            this.request = request;
        }

        @Override
        public NextAction handleConnect(FilterChainContext ctx) {
            grizzly = ctx.getConnection();
            events.execute(() -> {
                if (state == State.CONNECTING) {
                    state = State.UPGRADING;
                }
            });
            ctx.write(request);
            return ctx.getInvokeAction();
        }

        @Override
        public NextAction handleRead(FilterChainContext ctx) {
            HttpContent content = ctx.getMessage();
            ByteBuffer bytes = copy(content.getContent());
            if (answered) {
                if (bytes.hasRemaining()) {
                    received(bytes);
                }
                return ctx.getStopAction();
            }
            HttpHeader header = content.getHttpHeader();
            if (!(header instanceof HttpResponsePacket response)) {
                return ctx.getStopAction();
            }
            // Reads of one connection come one at a time: no other thread sees this flag.
            answered = true;
            TyrusUpgradeResponse upgrade = upgradeResponse(response);
            events.execute(() -> answered(upgrade, bytes));
            return ctx.getStopAction();
        }
    }

    /** What Tyrus writes frames with; Grizzly queues writes, so nothing here blocks. */
    private final class SocketWriter extends Writer {
        @Override
        public void write(ByteBuffer buffer, org.glassfish.tyrus.spi.CompletionHandler<ByteBuffer> handler) {
            Connection<?> c = grizzly;
            if (c == null || !c.isOpen()) {
                if (handler != null) {
                    handler.failed(new IOException("Connection to " + peer + " is closed"));
                }
                return;
            }
            synchronized (writeLock) {
                send(c, Buffers.wrap(c.getMemoryManager(), buffer), buffer, handler);
            }
        }

        private <L> void send(Connection<L> c, Buffer data, ByteBuffer original,
                              org.glassfish.tyrus.spi.CompletionHandler<ByteBuffer> handler) {
            c.write(data, new EmptyCompletionHandler<WriteResult<Buffer, L>>() {
                @Override
                public void completed(WriteResult<Buffer, L> result) {
                    if (handler != null) {
                        handler.completed(original);
                    }
                }

                @Override
                public void failed(Throwable error) {
                    if (handler != null) {
                        handler.failed(error);
                    }
                }

                @Override
                public void cancelled() {
                    if (handler != null) {
                        handler.cancelled();
                    }
                }
            });
        }

        @Override
        public void close() {
            closeConnection();
        }
    }
}
