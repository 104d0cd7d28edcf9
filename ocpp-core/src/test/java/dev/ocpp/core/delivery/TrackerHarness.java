package dev.ocpp.core.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallInterceptor;
import dev.ocpp.core.IncomingCall;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.delivery.TransactionTracker.Message;
import dev.ocpp.core.delivery.TransactionTracker.Phase;
import dev.ocpp.core.spi.ConnectionInfo;
import dev.ocpp.core.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link TransactionTracker} driven by hand: calls go straight into its {@code incoming}, the "handler" at the end
 * of the chain is a function the test sets, and the session's executor runs work on the calling thread (or where
 * the test says), so nothing depends on thread scheduling.
 *
 * <p>The fake rules read a version-neutral payload: {@code {"tx":"T1","seq":3,"phase":"START"}} is numbered;
 * {@code {"tx":"T1","print":"a","phase":"UPDATE","time":"..."}} is fingerprinted ({@code tx} absent: assigned by
 * the answer's {@code "assigned"} field). Any other action is no transaction message.
 */
final class TrackerHarness {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String NUMBERED = "Numbered";
    static final String PRINTED = "Printed";

    /** The fake version rules. */
    static final TransactionTracker.Rules RULES = new TransactionTracker.Rules() {
        @Override
        public Optional<Message> identify(String action, ObjectNode p) {
            if (p.has("boom")) {
                throw new IllegalStateException("rules broke");
            }
            Phase phase = Phase.valueOf(p.path("phase").asText("UPDATE"));
            String tx = p.has("tx") ? p.get("tx").asText() : null;
            switch (action) {
                case NUMBERED:
                    return Optional.of(Message.numbered(tx, phase, p.get("seq").asLong(), "seq"));
                case PRINTED:
                    Instant time = p.has("time") ? Instant.parse(p.get("time").asText()) : null;
                    return Optional.of(Message.fingerprinted(tx, phase, p.get("print").asText(), "print", time));
                default:
                    return Optional.empty();
            }
        }

        @Override
        public Optional<String> assignedTransaction(String action, ObjectNode answer) {
            return Optional.ofNullable(answer.path("assigned").asText(null));
        }
    };

    final TransactionTracker tracker;
    final List<TransactionTracker.Finding> findings = new CopyOnWriteArrayList<>();
    /** Every call the handler saw, in order. */
    final List<IncomingCall> handled = new CopyOnWriteArrayList<>();
    /** What the handler answers; by default a fresh answer naming how many calls it had handled. */
    volatile Function<IncomingCall, CompletionStage<ObjectNode>> handler =
            call -> CompletableFuture.completedFuture(JSON.createObjectNode().put("n", handled.size()));
    private final Map<String, FakeSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Where the tracker's continuations run: on the calling thread unless a test says otherwise. */
    volatile Executor executor = Runnable::run;
    private final SessionConfig config = SessionConfig.builder().executor(command -> executor.execute(command))
            .scheduler(new ManualScheduler()).build();

    TrackerHarness() {
        this(b -> b);
    }

    TrackerHarness(Function<TransactionTracker.Builder, TransactionTracker.Builder> settings) {
        tracker = settings.apply(TransactionTracker.builder(RULES)).build();
        tracker.onFinding(findings::add);
    }

    static ObjectNode numbered(String tx, long seq, Phase phase) {
        return JSON.createObjectNode().put("tx", tx).put("seq", seq).put("phase", phase.name());
    }

    static ObjectNode printed(String tx, String print, Phase phase, String time) {
        ObjectNode p = JSON.createObjectNode().put("print", print).put("phase", phase.name());
        if (tx != null) {
            p.put("tx", tx);
        }
        if (time != null) {
            p.put("time", time);
        }
        return p;
    }

    FakeSession session(String identity) {
        return sessions.computeIfAbsent(identity, FakeSession::new);
    }

    /** A new CALL from {@code identity}, with a message id of its own. */
    IncomingCall call(String identity, String action, ObjectNode payload) {
        return new IncomingCall(session(identity), "m" + ids.incrementAndGet(), action, payload.deepCopy());
    }

    /** Passes {@code call} through the tracker to the handler; the stage it answers with. */
    CompletableFuture<ObjectNode> receive(IncomingCall call) {
        try {
            CompletionStage<ObjectNode> s = tracker.incoming(call, new CallInterceptor.Incoming() {
                @Override
                public CompletionStage<ObjectNode> proceed(IncomingCall c) {
                    handled.add(c);
                    return handler.apply(c);
                }

                @Override
                public boolean hasHandler() {
                    return true;
                }
            });
            return s == null ? null : s.toCompletableFuture();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Receives {@code payload} from {@code identity} and returns the answer, which must be there already. */
    ObjectNode answer(String identity, String action, ObjectNode payload) {
        CompletableFuture<ObjectNode> f = receive(call(identity, action, payload));
        if (!f.isDone()) {
            throw new AssertionError("not answered yet");
        }
        return f.join();
    }

    <F extends TransactionTracker.Finding> List<F> findings(Class<F> type) {
        List<F> out = new ArrayList<>();
        for (TransactionTracker.Finding f : findings) {
            if (type.isInstance(f)) {
                out.add(type.cast(f));
            }
        }
        return out;
    }

    /** A session that knows only its identity and executor: all the tracker asks of it. */
    final class FakeSession implements OcppSession {
        private final String identity;
        private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();

        FakeSession(String identity) {
            this.identity = identity;
        }

        @Override
        public String identity() {
            return identity;
        }

        @Override
        public OcppVersion version() {
            return OcppVersion.OCPP201;
        }

        @Override
        public ConnectionInfo connectionInfo() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SessionConfig config() {
            return config;
        }

        @Override
        public State state() {
            return State.CONNECTED;
        }

        @Override
        public CompletableFuture<ObjectNode> call(String action, ObjectNode payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<ObjectNode> call(String action, ObjectNode payload, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<ObjectNode> call(String action, ObjectNode payload, dev.ocpp.core.CallOptions o) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> send(String action, ObjectNode payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public ConcurrentMap<String, Object> attributes() {
            return attributes;
        }

        @Override
        public CompletableFuture<CloseReason> closeFuture() {
            return new CompletableFuture<>();
        }

        @Override
        public void disconnect(int code, String reason) {
        }

        @Override
        public void close(int code, String reason) {
        }
    }
}
