package dev.ocpp.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.typed.RequestHandler;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the ocpp-rpc interop tests share: recording what our typed handlers were given, reading what the peer
 * received or answered, and bounded waits on our futures. Every wait is bounded by {@link #WAIT}; none sleeps.
 */
final class InteropSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = OcppRpcPeer.DEFAULT_TIMEOUT;

    private InteropSupport() {
    }

    /** A typed request our handler was given, and the identity of the connection it came over. */
    record Delivery<T>(T request, String identity) {
    }

    /** What our typed handlers were given, per request type, in arrival order. */
    static final class Inbox {
        private final Map<Class<?>, BlockingQueue<Delivery<?>>> byType = new ConcurrentHashMap<>();

        /** Wraps {@code answer} so that every request is recorded before it is answered. */
        <Q, R> RequestHandler<Q, R> answer(Function<Q, R> answer) {
            return (request, context) -> {
                queue(request.getClass()).add(new Delivery<>(request, context.identity()));
                return answer.apply(request);
            };
        }

        <T> T take(Class<T> type) {
            return takeDelivery(type).request();
        }

        @SuppressWarnings("unchecked")
        <T> Delivery<T> takeDelivery(Class<T> type) {
            try {
                Delivery<?> d = queue(type).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(d).as("a %s reaching our handler within %s", type.getSimpleName(), WAIT).isNotNull();
                return (Delivery<T>) d;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /**
         * Whether no {@code type} request is waiting. Meaningful once the call in question has been answered: a
         * handler records its request before it answers, so a request that reached one is already here.
         */
        boolean isEmpty(Class<?> type) {
            return queue(type).isEmpty();
        }

        private BlockingQueue<Delivery<?>> queue(Class<?> type) {
            return byType.computeIfAbsent(type, t -> new LinkedBlockingQueue<>());
        }
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** {@code value} as JSON, the way our mapper writes it (for comparing typed values with what crossed the wire). */
    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /** The event of this kind a peer's start-up already waited for (and so claimed). */
    static ObjectNode startupEvent(OcppRpcPeer peer, String event) {
        return peer.eventsSoFar().stream().filter(e -> event.equals(e.path("event").asText())).findFirst()
                .orElseThrow(() -> new AssertionError(peer + " has no '" + event + "' event: " + peer.eventsSoFar()));
    }

    /** The params of the next CALL of {@code method} the peer received whose params match. */
    static JsonNode receivedBy(OcppRpcPeer peer, String method, Predicate<JsonNode> params) {
        return peer.awaitEvent("call",
                e -> method.equals(e.path("method").asText()) && params.test(e.path("params")), WAIT).path("params");
    }

    /** The result of a peer's call, failing if it ended in a callerror (e.g. because strict mode refused it). */
    static JsonNode result(ObjectNode outcome) {
        assertThat(outcome.path("event").asText()).as("%s", outcome).isEqualTo("result");
        return outcome.path("result");
    }

    /** The callerror of a peer's call that the other side (not ocpp-rpc itself) answered, failing otherwise. */
    static ObjectNode remoteError(ObjectNode outcome) {
        assertThat(outcome.path("event").asText()).as("%s", outcome).isEqualTo("callerror");
        assertThat(outcome.path("source").asText()).as("%s", outcome).isEqualTo("remote");
        return outcome;
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("call failed: " + e.getCause(), e.getCause());
        }
    }

    static Throwable failureOf(CompletableFuture<?> future) {
        try {
            Object value = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("no outcome within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static CallErrorException callErrorOf(CompletableFuture<?> future) {
        Throwable failure = failureOf(future);
        assertThat(failure).isInstanceOf(CallErrorException.class);
        return (CallErrorException) failure;
    }

    static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
