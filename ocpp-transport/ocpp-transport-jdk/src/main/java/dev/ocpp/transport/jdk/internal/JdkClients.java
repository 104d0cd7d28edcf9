package dev.ocpp.transport.jdk.internal;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client side of {@link dev.ocpp.transport.jdk.JdkClientTransport}: the threads and {@link HttpClient}s shared by
 * its connections, created with the first connection and stopped by {@link #close()}, and the connections still open,
 * so that closing can end them.
 *
 * <p>One {@link HttpClient} per TLS context: {@code java.net.http} takes the {@link SSLContext} per client, not per
 * request, while {@link ClientTransportConfig#sslContext()} is per connection. A station normally uses one context
 * (plus the default one for {@code ws://}); a client no connection uses is dropped when one for another context is
 * made, so that a station that builds a new context for every reconnect (after a certificate renewal, say) does not
 * collect clients.
 */
public final class JdkClients {

    private static final Logger LOG = LoggerFactory.getLogger(JdkClients.class);

    /** How long {@link #close()} waits for each group of threads to end. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

    /** The key of the client for {@code ws://} and for {@code wss://} with the JVM's default context. */
    private static final Object DEFAULT_TLS = new Object();

    private final Set<JdkConnection> connections = ConcurrentHashMap.newKeySet();
    /**
     * The threads this transport started and that may still run: {@link #close()} joins them, since a pool reports
     * itself terminated a moment before its last thread has actually ended.
     */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    /** Keyed by identity: two equal-looking contexts may trust different certificates. */
    private final Map<Object, Slot> clients = new IdentityHashMap<>();
    private ExecutorService executor;
    private ScheduledExecutorService timer;
    private boolean closed;

    /** One {@link HttpClient} and how many connections use it; guarded by the enclosing instance. */
    private static final class Slot {
        final HttpClient http;
        int connections;

        Slot(HttpClient http) {
            this.http = http;
        }
    }

    /** See {@link dev.ocpp.core.spi.TransportClientFactory#connect}. */
    public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        URI uri = config.uri();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            return CompletableFuture.failedFuture(new IOException("Not a WebSocket URL: " + uri));
        }
        if (uri.getHost() == null) {
            return CompletableFuture.failedFuture(new IOException("No host in " + uri));
        }
        // The TLS context matters only for wss://: a ws:// connection shares the default client.
        Object tlsKey = scheme.equals("wss") && config.sslContext() != null ? config.sslContext() : DEFAULT_TLS;
        CompletableFuture<TransportConnection> result = new CompletableFuture<>();
        Slot slot;
        ScheduledExecutorService timers;
        JdkConnection connection;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("This client transport is closed"));
            }
            start();
            slot = slot(tlsKey);
            slot.connections++;
            timers = timer;
            connection = new JdkConnection(config, listener, timers, result);
            // Registered under the lock that close() takes first: a close() from now on finds it and ends it.
            connections.add(connection);
        }
        // A connection gives its share of the client back once: when it has finished, or when its connect failed
        // (which can also follow an early finish, if the transport closed during the upgrade).
        AtomicBoolean released = new AtomicBoolean();
        Runnable done = () -> {
            connections.remove(connection);
            if (released.compareAndSet(false, true)) {
                release(slot);
            }
        };
        connection.whenFinished(done);
        result.whenComplete((c, failure) -> {
            if (failure != null) {
                done.run();
            }
        });

        WebSocket.Builder builder = slot.http.newWebSocketBuilder().connectTimeout(config.connectTimeout());
        try {
            for (Map.Entry<String, String> h : config.headers().entrySet()) {
                builder.header(h.getKey(), h.getValue());
            }
            if (config.credentials() != null) {
                // OCPP security profiles 1 and 2: Basic auth on the upgrade request itself, since java.net.http never
                // answers a 401 challenge for a WebSocket.
                builder.header("Authorization", config.credentials().toHeaderValue());
            }
            List<String> offered = config.subprotocols();
            if (!offered.isEmpty()) {
                builder.subprotocols(offered.get(0), offered.subList(1, offered.size()).toArray(String[]::new));
            }
        } catch (IllegalArgumentException e) {
            // A header java.net.http reserves for itself (Connection, Upgrade, Sec-WebSocket-*, ...) or a malformed
            // subprotocol: a mistake in the configuration that no retry will mend.
            connection.openFailed(e);
            return result;
        }
        ScheduledFuture<?> deadline = schedule(timers, () -> connection.openFailed(new IOException(
                "No WebSocket upgrade from " + uri + " within " + config.connectTimeout().toMillis() + " ms")),
                config.connectTimeout());
        result.whenComplete((c, failure) -> {
            if (deadline != null) {
                deadline.cancel(false);
            }
        });
        try {
            builder.buildAsync(uri, connection.socketListener()).whenComplete((ws, failure) -> {
                if (failure != null) {
                    connection.openFailed(mapFailure(failure, uri));
                }
            });
        } catch (RuntimeException e) { // the executor was shut down by a concurrent close()
            connection.openFailed(new IOException("Could not connect to " + uri, e));
        }
        return result;
    }

    /**
     * What the stage of a failed connect fails with: a {@link HandshakeRejectedException} if the server answered
     * the upgrade with an HTTP status other than 101, the {@link IOException} as it came otherwise (its cause chain,
     * with an {@link javax.net.ssl.SSLException} for TLS, kept).
     */
    static Throwable mapFailure(Throwable failure, URI uri) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof WebSocketHandshakeException handshake && handshake.getResponse() != null
                && handshake.getResponse().statusCode() != 101) {
            int status = handshake.getResponse().statusCode();
            HandshakeRejectedException rejected = new HandshakeRejectedException(status,
                    "The server at " + uri + " refused the WebSocket upgrade");
            rejected.initCause(handshake);
            return rejected;
        }
        if (t instanceof IOException) {
            return t;
        }
        return new IOException("Could not connect to " + uri + ": " + t, t);
    }

    /** Starts the executor and timer with the first connection. Called holding the lock. */
    private void start() {
        if (executor != null) {
            return;
        }
        AtomicInteger workers = new AtomicInteger();
        // Daemon threads: a station's JVM must be able to exit with a connection open. Cached, because
        // java.net.http uses the executor for short tasks only and a station has one connection.
        executor = Executors.newCachedThreadPool(daemon(() -> "ocpp-jdk-client-" + workers.incrementAndGet()));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                daemon(() -> "ocpp-jdk-client-timer"));
        // Pong deadlines and close timeouts are cancelled far more often than they fire: do not keep them queued.
        scheduler.setRemoveOnCancelPolicy(true);
        timer = scheduler;
    }

    /** The client for {@code tlsKey}, made if there is none. Called holding the lock. */
    private Slot slot(Object tlsKey) {
        Slot slot = clients.get(tlsKey);
        if (slot != null) {
            return slot;
        }
        // Drop the clients no connection uses before adding one: contexts come and go with certificates.
        List<Object> idle = new ArrayList<>();
        clients.forEach((key, s) -> {
            if (s.connections == 0) {
                idle.add(key);
            }
        });
        for (Object key : idle) {
            stop(clients.remove(key).http, false);
        }
        HttpClient.Builder b = HttpClient.newBuilder().executor(executor);
        if (tlsKey instanceof SSLContext context) {
            b.sslContext(context);
        }
        // java.net.http checks the server's host name against its certificate (RFC 2818) unless the JVM was started
        // with -Djdk.internal.httpclient.disableHostnameVerification; nothing here turns it off.
        slot = new Slot(b.build());
        clients.put(tlsKey, slot);
        return slot;
    }

    private synchronized void release(Slot slot) {
        slot.connections--;
    }

    /**
     * Drops every open connection (their listeners get {@code onClosed} 1006) and stops the threads; returns when
     * they have ended. Idempotent.
     */
    public void close() {
        ExecutorService pool;
        ScheduledExecutorService timers;
        List<HttpClient> https = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pool = executor;
            timers = timer;
            clients.values().forEach(s -> https.add(s.http));
            clients.clear();
        }
        for (JdkConnection c : connections) {
            c.abort();
        }
        for (HttpClient http : https) {
            stop(http, true);
        }
        // The base line is Java 17, where HttpClient has no shutdown: the threads this transport gave it are stopped
        // here instead, and its selector thread ends by itself once the client is collected (see stop()).
        if (pool != null) {
            pool.shutdownNow();
            await(pool);
        }
        if (timers != null) {
            timers.shutdownNow();
            await(timers);
        }
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Shuts {@code http} down on Java 21 and later, where {@code HttpClient.shutdownNow()} and
     * {@code awaitTermination(Duration)} exist; looked up at run time because this module compiles for Java 17. On 17
     * nothing stops a client: its selector thread ends a few seconds after the client is no longer referenced.
     */
    private static void stop(HttpClient http, boolean wait) {
        try {
            Method shutdownNow = HttpClient.class.getMethod("shutdownNow");
            shutdownNow.invoke(http);
            if (wait) {
                Method await = HttpClient.class.getMethod("awaitTermination", Duration.class);
                await.invoke(http, SHUTDOWN_WAIT);
            }
        } catch (NoSuchMethodException e) {
            // Java 17 to 20: see above.
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Could not shut down {}", http, e);
        }
    }

    private static void await(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Client transport threads still running {} after close", SHUTDOWN_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Schedules {@code task}, or does nothing (null) if the timer is already shut down by {@link #close()}. */
    static ScheduledFuture<?> schedule(ScheduledExecutorService timer, Runnable task, Duration delay) {
        try {
            return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private ThreadFactory daemon(java.util.function.Supplier<String> names) {
        return runnable -> {
            Thread t = new Thread(runnable, names.get());
            t.setDaemon(true);
            // Idle pool threads end after a minute: forget those, so that the set stays as small as the pool.
            threads.removeIf(old -> !old.isAlive());
            threads.add(t);
            return t;
        };
    }
}
