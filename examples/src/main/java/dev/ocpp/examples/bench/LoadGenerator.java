package dev.ocpp.examples.bench;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * The benchmark's load: K raw WebSocket clients, each sending {@code [2,"<id>","Heartbeat",{}]} and the next one
 * only once any reply has arrived, which is OCPP's one-outstanding-CALL rule. The clients never parse the reply,
 * so they cost the same whichever server answers; latency is recorded per call in microseconds.
 */
final class LoadGenerator implements AutoCloseable {

    private final URI endpoint;
    private final String subprotocol;
    private final ClientManager client;
    private final Recorder recorder = new Recorder(3);
    private final AtomicLong errors = new AtomicLong();
    private final List<Station> stations = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param endpoint    the server URL without the identity
     * @param subprotocol offered in the handshake; the same for every server measured
     */
    LoadGenerator(URI endpoint, String subprotocol) {
        this.endpoint = endpoint;
        this.subprotocol = subprotocol;
        this.client = ClientManager.createClient();
        // One Grizzly transport for all connections; without this each connection gets its own thread pools.
        client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
    }

    /**
     * Opens {@code count} connections, one after the other, named {@code BENCH00001, ...}, all within
     * {@code timeoutMillis}.
     */
    void connect(int count, long timeoutMillis) throws IOException {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.of(subprotocol))
                .build();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (int i = 0; i < count; i++) {
            String identity = String.format("BENCH%05d", i + 1);
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new IOException("Only " + i + " of " + count + " connections opened within " + timeoutMillis
                        + " ms");
            }
            // A hung server must not stall the harness: each handshake may only use what is left of the budget.
            client.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, left);
            Station station = new Station(i + 1);
            try {
                client.connectToServer(station, config, URI.create(endpoint + "/" + identity));
            } catch (jakarta.websocket.DeploymentException e) {
                throw new IOException("Could not connect " + identity + " to " + endpoint + ": " + e.getMessage(),
                        e);
            }
            stations.add(station);
        }
    }

    /** Every connection sends its first call; from then on each reply triggers the next call. */
    void start() {
        running = true;
        stations.forEach(Station::send);
    }

    /** The latencies since the previous call of this method (or since start), and resets. */
    Histogram interval() {
        return recorder.getIntervalHistogram();
    }

    /** Replies that were CALLERRORs, failed sends and lost connections so far. */
    long errors() {
        return errors.get();
    }

    /**
     * Stops sending and waits (bounded) until every connection has its last reply, so that closing does not race
     * with calls in flight.
     */
    void stop(long timeoutMillis) {
        running = false;
        CompletableFuture<?>[] idle = stations.stream().map(s -> s.idle).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(idle).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Some call got no answer; closing below settles it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Station s : stations) {
            Session session = s.session;
            if (session != null && session.isOpen()) {
                try {
                    session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "benchmark done"));
                } catch (IOException | RuntimeException e) {
                    // The connection is going away either way.
                }
            }
        }
    }

    /** One connection: a strict request/reply loop. */
    private final class Station extends Endpoint implements MessageHandler.Whole<String> {
        private final String idPrefix;
        private final CompletableFuture<Void> idle = new CompletableFuture<>();
        private volatile Session session;
        /** Written before each send and read by the reply's thread; the send/receive ordering publishes it. */
        private volatile long sentAt;
        private long sequence;

        Station(int number) {
            this.idPrefix = "[2,\"" + number + "-";
        }

        @Override
        public void onOpen(Session s, EndpointConfig config) {
            this.session = s;
            s.addMessageHandler(String.class, this);
        }

        @Override
        public void onMessage(String reply) {
            long micros = (System.nanoTime() - sentAt) / 1000;
            recorder.recordValue(Math.max(1, micros));
            if (reply.startsWith("[4")) {
                errors.incrementAndGet();
            }
            if (running) {
                send();
            } else {
                idle.complete(null);
            }
        }

        void send() {
            Session s = session;
            String call = idPrefix + (++sequence) + "\",\"Heartbeat\",{}]";
            sentAt = System.nanoTime();
            s.getAsyncRemote().sendText(call, result -> {
                if (!result.isOK()) {
                    errors.incrementAndGet();
                    idle.complete(null);
                }
            });
        }

        @Override
        public void onClose(Session s, CloseReason reason) {
            if (running) {
                errors.incrementAndGet();
            }
            idle.complete(null);
        }

        @Override
        public void onError(Session s, Throwable cause) {
            errors.incrementAndGet();
            idle.complete(null);
        }
    }
}
