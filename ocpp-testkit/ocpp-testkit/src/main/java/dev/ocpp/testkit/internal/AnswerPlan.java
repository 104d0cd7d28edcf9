package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.IncomingCall;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.testkit.Role;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What a simulator answers to the CALLs it receives: for each action, answers queued by the test are used first,
 * one per CALL, in order; then a standing rule, if the test set one; else the version's default answer
 * ({@link VersionKit#defaults}, one set per plan). Thread-safe.
 */
public final class AnswerPlan {

    /** One way to answer a CALL. */
    public sealed interface Answer {
    }

    /** Answer with this CALLRESULT payload. */
    public record Payload(ObjectNode payload) implements Answer {
        public Payload {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** Answer with what this function makes of the request (a thrown CallErrorException becomes that CALLERROR). */
    public record Computed(Function<ObjectNode, CompletionStage<ObjectNode>> answer) implements Answer {
        public Computed {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /** Answer with this CALLERROR. */
    public record Error(ErrorCode code, String description) implements Answer {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(description, "description");
        }
    }

    private final VersionKit kit;
    private final Role answerer;
    private final Clock clock;
    /** This simulator's own defaults, which may keep state (see {@link VersionKit#defaults}). */
    private final VersionKit.DefaultAnswers defaults;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<String, Deque<Answer>> queued = new HashMap<>();
    /** Guarded by {@link #lock}. */
    private final Map<String, Answer> standing = new HashMap<>();
    /** Told of each CALL the defaults answered, with the answer, before it goes out; or null. */
    private volatile java.util.function.BiConsumer<IncomingCall, ObjectNode> defaultAnswered;

    public AnswerPlan(VersionKit kit, Role answerer, Clock clock) {
        this.kit = Objects.requireNonNull(kit, "kit");
        this.answerer = Objects.requireNonNull(answerer, "answerer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaults = kit.defaults(answerer);
    }

    /** This plan's default answers (a station's keep state: {@link StationDefaults}). */
    public VersionKit.DefaultAnswers defaults() {
        return defaults;
    }

    /**
     * Tells {@code listener} of each CALL answered by the defaults (not by a queued answer or a standing rule), with
     * that answer, before it goes out: the simulated station's follow-ups of its own answers.
     */
    public void onDefaultAnswer(java.util.function.BiConsumer<IncomingCall, ObjectNode> listener) {
        defaultAnswered = listener;
    }

    /** The next CALL of {@code action} gets {@code answer}, after those queued before it. */
    public void enqueue(String action, Answer answer) {
        synchronized (lock) {
            queued.computeIfAbsent(action, a -> new ArrayDeque<>()).addLast(answer);
        }
    }

    /** Every CALL of {@code action} gets {@code answer} once the queued answers are used up. */
    public void always(String action, Answer answer) {
        synchronized (lock) {
            standing.put(action, answer);
        }
    }

    /** Back to the default answer for {@code action}: queued answers and the standing rule are dropped. */
    public void reset(String action) {
        synchronized (lock) {
            queued.remove(action);
            standing.remove(action);
        }
    }

    /** Answers {@code call} by the plan. */
    public CompletionStage<ObjectNode> answer(IncomingCall call) throws Exception {
        Answer answer;
        synchronized (lock) {
            Deque<Answer> q = queued.get(call.action());
            answer = q == null ? null : q.pollFirst();
            if (answer == null) {
                answer = standing.get(call.action());
            }
        }
        if (answer == null) {
            ObjectNode a = defaults.answer(call.action(), call.payload(), clock);
            java.util.function.BiConsumer<IncomingCall, ObjectNode> listener = defaultAnswered;
            if (listener != null) {
                listener.accept(call, a);
            }
            return CompletableFuture.completedFuture(a);
        }
        if (answer instanceof Payload p) {
            return CompletableFuture.completedFuture(p.payload().deepCopy());
        }
        if (answer instanceof Computed c) {
            return c.answer().apply(call.payload());
        }
        Error e = (Error) answer;
        throw new CallErrorException(e.code(), e.description());
    }

    /**
     * Handlers that answer every action the peer may send by this plan, with the version's validation outermost
     * (so an invalid CALL of the peer is refused with the version's error code before the plan is asked, and an
     * invalid planned answer shows as InternalError), then {@code interceptors} in order.
     */
    public Handlers handlers(ValidationOptions validation, dev.ocpp.core.CallInterceptor... interceptors) {
        Handlers.Builder b = Handlers.builder(kit.catalog()).intercept(kit.validation(validation));
        for (dev.ocpp.core.CallInterceptor i : interceptors) {
            b.intercept(i);
        }
        for (VersionKit.ActionInfo action : kit.actions()) {
            if (action.sentBy(answerer.peer())) {
                b.onAsync(action.name(), this::answer);
            }
        }
        return b.build();
    }
}
