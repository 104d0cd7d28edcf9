package dev.ocpp.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.frame.Frame;
import dev.ocpp.core.internal.RpcSession;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.testing.ManualScheduler;
import dev.ocpp.core.testing.QueueExecutor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A session on a fake connection, driven by hand: the test plays the transport I/O thread (it calls
 * {@link #receive}), runs queued executor work with {@link #runTasks()}, and moves time with {@link #advance}.
 * Nothing depends on real time or thread scheduling.
 */
final class EngineHarness {

    static final ObjectMapper JSON = new ObjectMapper();

    final FakeConnection connection = new FakeConnection();
    final ManualScheduler scheduler = new ManualScheduler();
    final QueueExecutor executor = new QueueExecutor();
    final RecordingListener events = new RecordingListener();
    final RpcSession session;
    final RpcSession.Link link;

    EngineHarness(OcppVersion version, Handlers handlers) {
        this(version, handlers, b -> { });
    }

    EngineHarness(OcppVersion version, Handlers handlers, java.util.function.Consumer<SessionConfig.Builder> tweak) {
        SessionConfig.Builder b = SessionConfig.builder()
                .executor(executor)
                .scheduler(scheduler)
                .listener(events)
                .callTimeout(Duration.ofSeconds(30));
        tweak.accept(b);
        // Like a station that does not reconnect: a lost connection ends the session.
        session = new RpcSession("CP001", version, handlers, b.build(), new RpcSession.Owner() {
            @Override
            public void connectionClosed(RpcSession s, int code, String reason,
                                         dev.ocpp.core.ConnectionEvent.ClosedBy by) {
                s.close(code, reason);
            }
        });
        link = session.newLink(connection, version);
        link.onOpen(connection);
    }

    /** Delivers a text message as the transport would. */
    void receive(String text) {
        link.onText(connection, text);
    }

    /** Runs executor work until none is left. */
    void runTasks() {
        executor.runAll();
    }

    void advance(Duration d) {
        scheduler.advance(d);
        runTasks();
    }

    /** The frames sent so far, parsed, and forgets them. */
    List<JsonNode> takeSent() {
        List<JsonNode> out = new ArrayList<>();
        String s;
        while ((s = connection.sent.poll()) != null) {
            try {
                out.add(JSON.readTree(s));
            } catch (IOException e) {
                throw new AssertionError("engine sent invalid JSON: " + s, e);
            }
        }
        return out;
    }

    /** The single frame sent since the last take. */
    JsonNode takeOnlySent() {
        List<JsonNode> sent = takeSent();
        if (sent.size() != 1) {
            throw new AssertionError("expected exactly one frame, got " + sent);
        }
        return sent.get(0);
    }

    static ObjectNode obj(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static final class FakeConnection implements TransportConnection {
        final ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();
        volatile boolean open = true;
        volatile boolean failSends;
        volatile int closeCode = -1;
        /**
         * Runs after each accepted write, on the writing thread. Lets a test play a peer whose answer arrives
         * before {@code sendText} has even returned, as a fast transport's I/O thread can deliver it.
         */
        volatile java.util.function.Consumer<String> afterSend = text -> { };

        @Override
        public ConnectionInfo info() {
            return new ConnectionInfo("CP001", "ocpp2.0.1", null, null, null, List.of(), Optional.empty());
        }

        @Override
        public CompletionStage<Void> sendText(String text) {
            if (!open || failSends) {
                return CompletableFuture.failedFuture(new IOException("closed"));
            }
            sent.add(text);
            afterSend.accept(text);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close(int code, String reason) {
            open = false;
            closeCode = code;
        }

        @Override
        public void abort() {
            open = false;
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }


    static final class RecordingListener implements OcppEventListener {
        final List<Frame> unmatched = new CopyOnWriteArrayList<>();
        final List<String> malformed = new CopyOnWriteArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final List<Frame.Call> started = new CopyOnWriteArrayList<>();
        final List<Frame.CallResult> ended = new CopyOnWriteArrayList<>();
        volatile int closed;

        @Override
        public void callStarted(dev.ocpp.core.OcppSession session, Frame.Call call) {
            started.add(call);
        }

        @Override
        public void callEnded(dev.ocpp.core.OcppSession session, Frame.Call call, Frame.CallResult result,
                              Duration elapsed) {
            ended.add(result);
        }

        @Override
        public void callFailed(dev.ocpp.core.OcppSession session, Frame.Call call, Throwable cause, Duration e) {
            failures.add(cause);
        }

        @Override
        public void unmatchedResponse(dev.ocpp.core.OcppSession session, Frame response) {
            unmatched.add(response);
        }

        @Override
        public void malformedMessage(dev.ocpp.core.OcppSession session, String text, String reason, boolean a) {
            malformed.add(reason);
        }

        @Override
        public void sessionClosed(dev.ocpp.core.OcppSession session, int code, String reason) {
            closed++;
        }
    }

    static String idOf(JsonNode frame) {
        return frame.get(1).asText();
    }
}
