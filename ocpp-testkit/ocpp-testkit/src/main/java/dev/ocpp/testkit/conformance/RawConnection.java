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

/**
 * A WebSocket connection that plays a station frame by frame, below the library's RPC engine, so that a scenario can
 * send what no well-behaved session would (a frame that is not JSON) and see every frame that comes back. Every frame
 * both ways is recorded in the given journal, as seen by the station. CALLs the CSMS sends are recorded, not answered.
 */
final class RawConnection implements AutoCloseable {

    private final TransportConnection connection;
    private final String identity;
    private final OcppVersion version;
    private final Journal journal;
    private final BlockingQueue<String> received;

    private RawConnection(TransportConnection connection, String identity, OcppVersion version, Journal journal,
            BlockingQueue<String> received) {
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
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        TransportListener listener = new TransportListener() {
            @Override
            public void onText(TransportConnection c, String text) {
                // On the I/O thread: record and hand over, nothing more.
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
        return Optional.ofNullable(received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * Sends a CALL and returns its answer frame (CALLRESULT or CALLERROR), parsed, skipping frames that answer
     * something else (which go to {@code others}); empty if none came within {@code timeout}.
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
            others.add(text.get());
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

    /** Closes the connection (1000). */
    @Override
    public void close() {
        connection.close(1000, "scenario done");
    }
}
