package dev.ocpp.testkit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.FrameListener;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.testkit.Journal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket connection that plays a station frame by frame, below the library's RPC engine, so that a scenario can
 * send what no well-behaved session would (a frame that is not JSON) and see every frame that comes back. Every frame
 * both ways is recorded in the given journal, as seen by the station. CALLs the CSMS sends are recorded, not answered.
 *
 * <p>Frames received wait for the scenario in a queue of at most {@link #MAX_RECEIVED}; past that the oldest is
 * dropped for each new one (and counted in {@link #framesDropped()}), so that a peer flooding the connection cannot
 * grow the test's memory without end. Dropping the oldest rather than closing keeps the connection usable: what a
 * scenario waits for is the answer to the CALL it just sent, which comes after the flood. The journal keeps its own
 * bounded record of every frame.
 */
final class RawConnection implements AutoCloseable {

    /** Far more frames than any scenario's exchange leaves waiting; only a flood reaches it. */
    static final int MAX_RECEIVED = 1_000;

    private final TransportConnection connection;
    private final String identity;
    private final OcppVersion version;
    private final Journal journal;
    private final Inbox received;

    private RawConnection(TransportConnection connection, String identity, OcppVersion version, Journal journal,
            Inbox received) {
        this.received = received;
        this.connection = connection;
        this.identity = identity;
        this.version = version;
        this.journal = journal;
    }

    /** Connects to {@code endpoint}/{@code identity} offering {@code version}'s subprotocol only. */
    static RawConnection open(TransportClientFactory transport, URI endpoint, String identity, OcppVersion version,
            byte[] password, Journal journal, Duration timeout) throws Exception {
        String base = endpoint.toString();
        URI url = URI.create((base.endsWith("/") ? base : base + "/")
                + URLEncoder.encode(identity, StandardCharsets.UTF_8).replace("+", "%20"));
        ClientTransportConfig.Builder config = ClientTransportConfig.builder(url)
                .subprotocols(List.of(version.subprotocol()))
                .connectTimeout(timeout);
        if (password != null) {
            config.credentials(new BasicCredentials(identity, password));
        }
        Inbox received = new Inbox();
        TransportListener listener = new TransportListener() {
            @Override
            public void onText(TransportConnection c, String text) {
                // On the I/O thread: record and hand over, nothing more (the inbox never blocks).
                journal.record(identity, version, FrameListener.Direction.IN, text);
                received.add(text);
            }
        };
        TransportConnection c;
        try {
            c = transport.connect(config.build(), listener).toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("could not connect to " + url + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("could not connect to " + url + " within " + timeout);
        }
        RawConnection r = new RawConnection(c, identity, version, journal, received);
        return r;
    }

    /** Sends {@code text} as one text frame, as it is. */
    void send(String text) throws Exception {
        journal.record(identity, version, FrameListener.Direction.OUT, text);
        connection.sendText(text).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The next frame that came in, waiting up to {@code timeout}; empty if none came. */
    Optional<String> receive(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(received.queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** How many frames wait to be received now; at most {@link #MAX_RECEIVED}. */
    int framesWaiting() {
        return received.queue.size();
    }

    /** How many frames came in since the connection opened, dropped ones included. */
    long framesReceived() {
        return received.arrived.get();
    }

    /** How many frames were dropped, oldest first, because {@link #MAX_RECEIVED} were waiting. */
    long framesDropped() {
        return received.dropped.get();
    }

    /**
     * Sends a CALL and returns its answer frame (CALLRESULT or CALLERROR), parsed, skipping frames that answer
     * something else (the first {@link #MAX_RECEIVED} of which go to {@code others}, so that a flood cannot grow it
     * either); empty if none came within {@code timeout}.
     */
    Optional<ArrayNode> call(String action, ObjectNode payload, Duration timeout, List<String> others)
            throws Exception {
        String id = UUID.randomUUID().toString();
        ArrayNode frame = OcppJson.mapper().createArrayNode().add(2).add(id).add(action).add(payload);
        send(OcppJson.mapper().writeValueAsString(frame));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Optional<String> text = receive(Duration.ofNanos(left));
            if (text.isEmpty()) {
                return Optional.empty();
            }
            JsonNode node = parse(text.get());
            if (node instanceof ArrayNode a && a.size() >= 3 && a.get(1).asText().equals(id)
                    && (a.get(0).asInt() == 3 || a.get(0).asInt() == 4)) {
                return Optional.of(a);
            }
            if (others.size() < MAX_RECEIVED) {
                others.add(text.get());
            }
        }
    }

    /** {@code text} as JSON, or null when it is not JSON. */
    static JsonNode parse(String text) {
        try {
            return OcppJson.mapper().readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    /** Whether the connection is still open. */
    boolean isOpen() {
        return connection.isOpen();
    }

    /** The received frames, bounded: the I/O thread adds without ever blocking, dropping the oldest when full. */
    private static final class Inbox {
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>(MAX_RECEIVED);
        final AtomicLong arrived = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();

        void add(String text) {
            // A reader may take a frame between the two calls; then the offer succeeds on the next round.
            while (!queue.offer(text)) {
                if (queue.poll() != null) {
                    dropped.incrementAndGet();
                }
            }
            // Counted once queued, so that whoever sees the count can find the frame (or its successors) waiting.
            arrived.incrementAndGet();
        }
    }

    /** Closes the connection (1000). */
    @Override
    public void close() {
        connection.close(1000, "scenario done");
    }
}
