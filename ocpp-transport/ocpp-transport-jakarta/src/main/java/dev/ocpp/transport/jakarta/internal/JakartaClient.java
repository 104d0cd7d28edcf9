package dev.ocpp.transport.jakarta.internal;

import dev.ocpp.core.internal.concurrent.SharedPool;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.core.spi.StationIdentities;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens client connections through a {@link WebSocketContainer}.
 *
 * <p>{@code connectToServer} blocks until the handshake is over, so it runs on {@link SharedThreads#connector()};
 * the connect timeout is kept by the shared timer, and a session that opens after its attempt timed out is closed
 * without any event reaching the listener. Each attempt holds leases of both pools until it is settled; the open
 * connection then holds its own lease of the timer.
 *
 * <p>{@link #close()} fails the attempts in progress, aborts the open connections and refuses further connects: the
 * lifecycle of {@link dev.ocpp.core.spi.TransportClientFactory#close()}.
 */
public final class JakartaClient {

    private static final Logger LOG = LoggerFactory.getLogger(JakartaClient.class);

    private final WebSocketContainer container;
    private final ContainerSupport support;
    private final boolean containerHandlesTls;
    /** Attempts in progress and connections not closed yet, for {@link #close()}. */
    private final Set<Attempt> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param containerHandlesTls whether the caller configured {@code container} for the
     *                            {@link ClientTransportConfig#sslContext()} of every config passed to
     *                            {@link #connect}; if not, a config with an SSL context is refused
     */
    public JakartaClient(WebSocketContainer container, ContainerSupport support, boolean containerHandlesTls) {
        this.container = Objects.requireNonNull(container, "container");
        this.support = Objects.requireNonNull(support, "support");
        this.containerHandlesTls = containerHandlesTls;
    }

    public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        if (config.sslContext() != null && !containerHandlesTls) {
            throw new UnsupportedOperationException("A WebSocketContainer takes its TLS settings from its own "
                    + "configuration; configure it there and leave ClientTransportConfig.sslContext() unset");
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("The client transport is closed"));
        }
        Attempt attempt = new Attempt(config, listener);
        live.add(attempt);
        // A close that ran between the check and the add must not miss this attempt.
        if (closed) {
            live.remove(attempt);
            return CompletableFuture.failedFuture(new IllegalStateException("The client transport is closed"));
        }
        attempt.begin();
        return attempt.result;
    }

    /**
     * Fails every attempt in progress, aborts every open connection ({@code onClosed} 1006 follows) and makes later
     * connects fail with {@link IllegalStateException}. Idempotent.
     */
    public void close() {
        closed = true;
        for (Attempt a : List.copyOf(live)) {
            a.abort();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    private enum Phase { CONNECTING, OPEN, FAILED }

    /** One connection attempt; also the session's endpoint once it is open. */
    private final class Attempt extends Endpoint {
        private final ClientTransportConfig config;
        private final TransportListener listener;
        private final CompletableFuture<TransportConnection> result = new CompletableFuture<>();
        private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.CONNECTING);
        private volatile OptionalInt responseStatus = OptionalInt.empty();
        private volatile JakartaConnection connection;

        Attempt(ClientTransportConfig config, TransportListener listener) {
            this.config = config;
            this.listener = listener;
        }

        void begin() {
            // Held until the attempt is settled (either way); the connection takes its own when it opens.
            SharedPool.Lease<ScheduledThreadPoolExecutor> timer = SharedThreads.timer();
            ScheduledFuture<?> timeout = timer.get().schedule(this::timedOut,
                    config.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
            result.whenComplete((c, e) -> {
                timeout.cancel(false);
                if (e != null) {
                    live.remove(this);
                }
                timer.closeWithoutWaiting();
            });
            ClientEndpointConfig endpointConfig = ClientEndpointConfig.Builder.create()
                    .preferredSubprotocols(config.subprotocols())
                    .extensions(support.clientExtensions(config))
                    .configurator(new ClientEndpointConfig.Configurator() {
                        @Override
                        public void beforeRequest(Map<String, List<String>> headers) {
                            config.headers().forEach((name, value) -> headers.put(name, List.of(value)));
                            BasicCredentials credentials = config.credentials();
                            if (credentials != null) {
                                // Sent up front (security profiles 1 and 2): stations do not wait for a challenge.
                                headers.put("Authorization", List.of(credentials.toHeaderValue()));
                            }
                        }

                        @Override
                        public void afterResponse(HandshakeResponse response) {
                            responseStatus = support.responseStatus(response);
                        }
                    })
                    .build();
            SharedPool.Lease<ThreadPoolExecutor> connector = SharedThreads.connector();
            try {
                connector.get().execute(() -> {
                    try {
                        run(endpointConfig);
                    } finally {
                        connector.closeWithoutWaiting();
                    }
                });
            } catch (RejectedExecutionException e) {
                connector.closeWithoutWaiting();
                fail(new IOException("Cannot start connecting to " + config.uri(), e));
            }
        }

        /** The transport is closing: fail the attempt, or drop its connection. */
        void abort() {
            fail(new IOException("The client transport was closed while connecting to " + config.uri()));
            JakartaConnection c = connection;
            if (c != null) {
                c.abort();
            }
        }

        private void run(ClientEndpointConfig endpointConfig) {
            try {
                container.connectToServer(this, endpointConfig, config.uri());
            } catch (Exception e) {
                fail(classify(e));
            }
        }

        private void timedOut() {
            fail(new SocketTimeoutException("Connecting to " + config.uri() + " timed out after "
                    + config.connectTimeout().toMillis() + " ms"));
        }

        private void fail(IOException e) {
            if (phase.compareAndSet(Phase.CONNECTING, Phase.FAILED)) {
                result.completeExceptionally(e);
            }
        }

        private IOException classify(Exception e) {
            OptionalInt status = responseStatus;
            if (status.isEmpty()) {
                status = support.rejectionStatus(e);
            }
            if (status.isPresent() && status.getAsInt() >= 300) {
                return new HandshakeRejectedException(status.getAsInt(), "server refused the upgrade of "
                        + config.uri());
            }
            if (e instanceof IOException io) {
                return io;
            }
            String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t.getMessage() != null) {
                    detail = detail + ": " + t.getMessage();
                }
            }
            // No "could not connect to <uri>" here: the session layer says that once, in front of this detail.
            return new IOException(detail, e);
        }

        @Override
        public void onOpen(Session session, EndpointConfig endpointConfig) {
            if (!phase.compareAndSet(Phase.CONNECTING, Phase.OPEN)) {
                // The attempt already failed (timeout): nobody waits for this session.
                try {
                    session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Connect attempt timed out"));
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Could not close a late session", e);
                }
                return;
            }
            String subprotocol = session.getNegotiatedSubprotocol();
            ConnectionInfo info = new ConnectionInfo(
                    StationIdentities.lastSegment(config.uri().getRawPath()).orElse(""),
                    subprotocol == null || subprotocol.isEmpty() ? null : subprotocol,
                    config.uri(), null, null, List.of(), Optional.ofNullable(config.credentials()));
            JakartaConnection c = new JakartaConnection(session, info, config.maxMessageSize(),
                    config.maxQueuedSends());
            connection = c;
            c.whenFinished(() -> live.remove(this));
            support.clientOpened(c);
            c.start(listener, () -> result.complete(c), config.pingInterval(), config.pongTimeout());
            if (closed) {
                // close() ran while this attempt was opening and may have found no connection to abort yet.
                c.abort();
            }
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            JakartaConnection c = connection;
            if (c != null) {
                c.containerClosed(closeReason);
            }
        }

        @Override
        public void onError(Session session, Throwable cause) {
            JakartaConnection c = connection;
            if (c != null) {
                c.containerError(cause);
            } else {
                LOG.debug("Error before the connection to {} opened", config.uri(), cause);
            }
        }
    }
}
