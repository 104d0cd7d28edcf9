package dev.ocpp.examples.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
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

/**
 * What tests of our typed API over real connections share: recording what typed handlers were given, sessions that
 * arrive on the other side, and bounded waits on futures. Every wait is bounded by {@link #WAIT}; none sleeps, so a
 * test that hangs fails with what it was waiting for rather than at the class timeout.
 */
public final class TypedApiSupport {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration WAIT = Duration.ofSeconds(20);

    private TypedApiSupport() {
    }

    /** A typed request a handler was given, and the identity of the connection it came over. */
    public record Delivery<T>(T request, String identity) {
    }

    /** What typed handlers were given, per request type, in arrival order. */
    public static final class Inbox {
        private final Map<Class<?>, BlockingQueue<Delivery<?>>> byType = new ConcurrentHashMap<>();

        /** Wraps {@code answer} so that every request is recorded before it is answered. */
        public <Q, R> RequestHandler<Q, R> answer(Function<Q, R> answer) {
            return (request, context) -> {
                queue(request.getClass()).add(new Delivery<>(request, context.identity()));
                return answer.apply(request);
            };
        }

        public <T> T take(Class<T> type) {
            return takeDelivery(type).request();
        }

        @SuppressWarnings("unchecked")
        public <T> Delivery<T> takeDelivery(Class<T> type) {
            try {
                Delivery<?> d = queue(type).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                // The full name: a mixed-version test has a BootNotificationRequest of each version.
                assertThat(d).as("a %s reaching a handler within %s", type.getName(), WAIT).isNotNull();
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
        public boolean isEmpty(Class<?> type) {
            return queue(type).isEmpty();
        }

        private BlockingQueue<Delivery<?>> queue(Class<?> type) {
            return byType.computeIfAbsent(type, t -> new LinkedBlockingQueue<>());
        }
    }

    /**
     * Sessions the other side opened, by identity, as an onConnect hook or a listener reports them. A test may ask
     * before or after its session arrives, and tests sharing one server may ask in any order.
     */
    public static final class Arrivals<S> {
        private final Map<String, CompletableFuture<S>> byIdentity = new ConcurrentHashMap<>();

        public void arrived(String identity, S session) {
            future(identity).complete(session);
        }

        public CompletableFuture<S> future(String identity) {
            return byIdentity.computeIfAbsent(identity, id -> new CompletableFuture<>());
        }

        public S await(String identity) {
            try {
                return future(identity).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("no session for " + identity + " within " + WAIT, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    public static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // The cause's text is in the message, so a test can check why without unwrapping.
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        }
    }

    public static Throwable failureOf(CompletableFuture<?> future) {
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

    public static CallErrorException callErrorOf(CompletableFuture<?> future) {
        Throwable failure = failureOf(future);
        assertThat(failure).isInstanceOf(CallErrorException.class);
        return (CallErrorException) failure;
    }

    public static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        // A cause chain may loop back on itself.
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
