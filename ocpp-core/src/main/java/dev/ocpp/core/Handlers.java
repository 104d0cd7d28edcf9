package dev.ocpp.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The handlers of one protocol version, keyed by action, plus the version's {@link ActionCatalog}. Immutable;
 * build with {@link #builder(ActionCatalog)}.
 *
 * <p>Dispatch rules (OCPP-J 1.6 §4.2.3, OCPP 2.0.1 Part 4 §4.3): an action with a handler runs it; an action the
 * catalog knows but no handler serves gets CALLERROR NotSupported; any other action gets NotImplemented.
 */
public final class Handlers {

    private final ActionCatalog catalog;
    private final Map<String, AsyncCallHandler> handlers;
    private final List<CallInterceptor> interceptors;

    private Handlers(ActionCatalog catalog, Map<String, AsyncCallHandler> handlers,
                     List<CallInterceptor> interceptors) {
        this.catalog = catalog;
        this.handlers = Map.copyOf(handlers);
        this.interceptors = List.copyOf(interceptors);
    }

    public static Builder builder(ActionCatalog catalog) {
        return new Builder(catalog);
    }

    /** No handlers; every CALL is answered NotSupported or NotImplemented. */
    public static Handlers none(ActionCatalog catalog) {
        return builder(catalog).build();
    }

    public ActionCatalog catalog() {
        return catalog;
    }

    /** The handler for {@code action}, if one is registered. */
    public Optional<AsyncCallHandler> handler(String action) {
        return Optional.ofNullable(handlers.get(action));
    }

    /**
     * The interceptors a session speaking this version runs on every call, in both directions, first added
     * outermost (see {@link CallInterceptor}).
     */
    public List<CallInterceptor> interceptors() {
        return interceptors;
    }

    /** A builder seeded with these handlers and interceptors. */
    public Builder toBuilder() {
        Builder b = new Builder(catalog);
        b.handlers.putAll(handlers);
        b.interceptors.addAll(interceptors);
        return b;
    }

    /** Builds {@link Handlers}. A later registration for the same action replaces the earlier one. */
    public static final class Builder {
        private final ActionCatalog catalog;
        private final Map<String, AsyncCallHandler> handlers = new HashMap<>();
        private final List<CallInterceptor> interceptors = new ArrayList<>();

        private Builder(ActionCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
        }

        /** Registers a synchronous handler. */
        public Builder on(String action, CallHandler handler) {
            Objects.requireNonNull(handler, "handler");
            handlers.put(Objects.requireNonNull(action, "action"),
                    call -> CompletableFuture.completedFuture(handler.handle(call)));
            return this;
        }

        /** Registers an asynchronous handler. */
        public Builder onAsync(String action, AsyncCallHandler handler) {
            handlers.put(Objects.requireNonNull(action, "action"), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Adds an interceptor after those added so far (so inside them: it sees calls after them and outcomes
         * before them).
         */
        public Builder intercept(CallInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** Adds an interceptor before those added so far (outermost). */
        public Builder interceptFirst(CallInterceptor interceptor) {
            interceptors.add(0, Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        public Handlers build() {
            return new Handlers(catalog, handlers, interceptors);
        }
    }
}
