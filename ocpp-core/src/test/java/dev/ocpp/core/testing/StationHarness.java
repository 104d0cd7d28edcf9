package dev.ocpp.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.ConnectionEvent;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A station runtime on an {@link OcppClient} over a fake transport, driven by hand: the test plays the CSMS (it
 * reads what the station sent and answers), opens and drops connections, runs executor work and moves time. Nothing
 * depends on real time or thread scheduling. Reconnects come exactly {@link #RECONNECT} after a loss.
 */
public final class StationHarness {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration RECONNECT = Duration.ofSeconds(1);

    public final ManualScheduler scheduler = new ManualScheduler();
    public final QueueExecutor executor = new QueueExecutor();
    public final FakeTransport transport = new FakeTransport();
    public final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    public final StationRuntime runtime;
    public final OcppSession session;
    public final OcppClient client;
    /** The delivery queue, or null. */
    public final DeliveryQueue queue;
    /** The registration status the station's DataTransfer handler saw, one per DataTransfer handled. */
    public final List<Optional<RegistrationStatus>> registrationSeenByHandler = new CopyOnWriteArrayList<>();
    /** Called with each frame the station sends, once it is on the fake wire: a CSMS that answers at once. */
    public volatile Consumer<String> afterSend = text -> { };

    public StationHarness(Consumer<StationRuntime.Builder> settings) {
        this(settings, null);
    }

    /**
     * A station with {@code delivery} (or none, if null) built on the same session, gated on the runtime: the
     * queue's timers run on the same manual clock.
     */
    public StationHarness(Consumer<StationRuntime.Builder> settings, DeliveryQueue.Builder delivery) {
        StationRuntime.Builder b = StationRuntime.builder()
                .bootNotification(() -> obj("{\"chargePointVendor\":\"ACME\",\"chargePointModel\":\"W1\"}"));
        settings.accept(b);
        runtime = b.build();
        Handlers handlers = Handlers.builder(ActionCatalog.none())
                .on("DataTransfer", c -> {
                    registrationSeenByHandler.add(runtime.registrationStatus());
                    return obj("{\"status\":\"Accepted\"}");
                })
                .on("ChangeConfiguration", c -> obj("{\"status\":\""
                        + ("reject".equals(c.payload().path("value").asText()) ? "Rejected" : "Accepted") + "\"}"))
                .build();
        OcppClient.Builder cb = runtime.install(OcppClient.builder(transport));
        if (delivery != null) {
            queue = delivery.build();
            queue.gateOn(runtime);
            queue.install(cb);
            handlers = queue.intercept(handlers);
        } else {
            queue = null;
        }
        client = cb
                .endpoint(URI.create("ws://csms.example/ocpp"))
                .identity("CP1")
                .offer(OcppVersion.OCPP16, runtime.intercept(handlers))
                .sessionConfig(SessionConfig.builder().executor(executor).scheduler(scheduler)
                        .callTimeout(Duration.ofSeconds(30)).build())
                .retryBackOff(new RetryBackOff(RECONNECT, Duration.ZERO, 0))
                .random(() -> 0.0)
                .onConnectionEvent(events::add)
                .build();
        session = client.start();
        runTasks();
    }

    /** Opens the connection attempt in progress, as the transport would, and runs what follows. */
    public FakeConnection open() {
        FakeConnection c = transport.lastAttempt().open();
        runTasks();
        return c;
    }

    /** The current connection. */
    public FakeConnection connection() {
        return transport.lastAttempt().connection;
    }

    public void runTasks() {
        executor.runAll();
    }

    public void advance(Duration d) {
        // Step through so that work a timer hands to the executor runs before later timers fire.
        long left = d.toMillis();
        while (left > 0) {
            long step = Math.min(left, 100);
            scheduler.advance(Duration.ofMillis(step));
            runTasks();
            left -= step;
        }
    }

    public void advanceSeconds(double s) {
        advance(Duration.ofMillis(Math.round(s * 1000)));
    }

    /** The CALLs the station sent on the current connection since the last take, parsed. */
    public List<JsonNode> takeSent() {
        return connection() == null ? List.of() : connection().take();
    }

    /** The single CALL the station sent since the last take, which must be of {@code action}. */
    public JsonNode takeCall(String action) {
        List<JsonNode> sent = takeSent();
        if (sent.size() != 1 || sent.get(0).get(0).asInt() != 2 || !action.equals(sent.get(0).get(2).asText())) {
            throw new AssertionError("expected exactly one " + action + " CALL, got " + sent);
        }
        return sent.get(0);
    }

    /** Answers {@code call} with a CALLRESULT carrying {@code payload}. */
    public void answer(JsonNode call, String payload) {
        connection().receive("[3,\"" + call.get(1).asText() + "\"," + payload + "]");
        runTasks();
    }

    /** Answers {@code call} with a CALLERROR. */
    public void answerError(JsonNode call) {
        connection().receive("[4,\"" + call.get(1).asText() + "\",\"InternalError\",\"boom\",{}]");
        runTasks();
    }

    /** Sends the station a CALL and returns the station's answer frame. */
    public JsonNode csmsCalls(String id, String action, String payload) {
        connection().receive("[2,\"" + id + "\",\"" + action + "\"," + payload + "]");
        runTasks();
        for (JsonNode f : takeSent()) {
            if (f.get(1).asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no answer to " + action);
    }

    /** The network drops the current connection. */
    public void drop() {
        connection().drop();
        runTasks();
    }

    public static ObjectNode obj(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static String bootAnswer(String status, int interval) {
        return "{\"status\":\"" + status + "\",\"currentTime\":\"2026-11-21T10:00:00Z\",\"interval\":" + interval + "}";
    }

    /** A transport whose connection attempts the test opens by hand. */
    public final class FakeTransport implements TransportClientFactory {
        public final List<Attempt> attempts = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
            Attempt a = new Attempt(listener);
            attempts.add(a);
            return a.future;
        }

        public Attempt lastAttempt() {
            if (attempts.isEmpty()) {
                throw new AssertionError("no connection attempt");
            }
            return attempts.get(attempts.size() - 1);
        }
    }

    public final class Attempt {
        final TransportListener listener;
        final CompletableFuture<TransportConnection> future = new CompletableFuture<>();
        FakeConnection connection;

        Attempt(TransportListener listener) {
            this.listener = listener;
        }

        public FakeConnection open() {
            connection = new FakeConnection(listener);
            listener.onOpen(connection);
            future.complete(connection);
            return connection;
        }
    }

    /** One fake WebSocket. Its close is delivered through the executor, as a transport thread would, later. */
    public final class FakeConnection implements TransportConnection {
        private final TransportListener listener;
        private final ArrayDeque<String> sent = new ArrayDeque<>();
        private boolean open = true;

        FakeConnection(TransportListener listener) {
            this.listener = listener;
        }

        @Override
        public ConnectionInfo info() {
            return new ConnectionInfo("CP1", "ocpp1.6", null, null, null, List.of(), Optional.empty());
        }

        @Override
        public synchronized CompletionStage<Void> sendText(String text) {
            if (!open) {
                return CompletableFuture.failedFuture(new IOException("closed"));
            }
            sent.add(text);
            afterSend.accept(text);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close(int code, String reason) {
            end(code, reason);
        }

        @Override
        public void abort() {
            end(1006, "aborted");
        }

        public void drop() {
            end(1006, "network gone");
        }

        private void end(int code, String reason) {
            synchronized (this) {
                if (!open) {
                    return;
                }
                open = false;
            }
            executor.execute(() -> listener.onClosed(this, code, reason));
        }

        public void receive(String text) {
            listener.onText(this, text);
        }

        @Override
        public synchronized boolean isOpen() {
            return open;
        }

        public synchronized List<JsonNode> take() {
            List<JsonNode> out = new ArrayList<>();
            String s;
            while ((s = sent.poll()) != null) {
                try {
                    out.add(JSON.readTree(s));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            return out;
        }
    }
}
