package dev.ocpp.core.internal.typed;

import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.typed.AsyncRequestHandler;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.typed.RequestHandler;
import dev.ocpp.core.validation.PayloadValidator;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.core.validation.Violation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What the typed API of one OCPP version needs from its registry and schemas, and the wiring both roles of every
 * version share on top of it: direction checks, typed calls, handler tables and the validation interceptor. The
 * version modules hold one instance each; their public classes stay thin typed faces over it.
 */
public final class TypedBinding {

    /** An action as this layer needs it: name, classes and who may send its request. */
    public record Action(String name, Class<?> requestType, Class<?> responseType, boolean sentByStation,
                         boolean sentByServer) {
    }

    private final String version;
    private final String station;
    private final String server;
    private final ActionCatalog catalog;
    private final Function<Class<?>, Optional<Action>> byRequestType;
    private final PayloadValidator validator;
    private final Function<Violation.Kind, ErrorCode> codes;
    private final TypedEngine engine;

    /**
     * @param version       the version as named in messages, e.g. {@code "OCPP 1.6"}
     * @param station       what the version calls the station side, e.g. {@code "charge point"}
     * @param server        what it calls the server side, e.g. {@code "central system"}
     * @param catalog       the version's action names
     * @param byRequestType the action of a request class
     * @param validator     the version's schema validator
     * @param codes         the CALLERROR code of each violation kind
     */
    public TypedBinding(String version, String station, String server, ActionCatalog catalog,
                        Function<Class<?>, Optional<Action>> byRequestType, PayloadValidator validator,
                        Function<Violation.Kind, ErrorCode> codes) {
        this.version = version;
        this.station = station;
        this.server = server;
        this.catalog = catalog;
        this.byRequestType = byRequestType;
        this.validator = validator;
        this.codes = codes;
        this.engine = new TypedEngine(codes, OcppJson.mapper());
    }

    /** The binder of this version's typed calls and handlers; it validates nothing (see {@link #validation}). */
    public TypedEngine engine() {
        return engine;
    }

    /** The schema-validation interceptor of this version, checking with {@code options}. */
    public ValidationInterceptor validation(ValidationOptions options) {
        return new ValidationInterceptor(validator, options, codes, OcppJson.mapper());
    }

    /**
     * The action of a request class, checked against who is about to send it.
     *
     * @throws IllegalArgumentException if the class is no request of this version or that side may not send it
     */
    public Action action(Class<?> requestType, boolean sentByStation, String refusal) {
        Action action = byRequestType.apply(requestType).orElseThrow(() ->
                new IllegalArgumentException(requestType.getName() + " is not an " + version + " request class"));
        if (!(sentByStation ? action.sentByStation() : action.sentByServer())) {
            throw new IllegalArgumentException(action.name() + " is sent by the " + (sentByStation ? server : station)
                    + " only; " + refusal);
        }
        return action;
    }

    /** Why {@code side} may not send a request: for the exception of {@link #action}. */
    public String cannotCall(boolean station) {
        return "a " + (station ? this.station : server) + " cannot call it";
    }

    /**
     * Makes a typed call on {@code session}; {@code fromStation} says which side is calling. The session's
     * interceptors (validation, gating) see it like any other call.
     *
     * @param options    the call's own settings (timeout, connection wait, validation)
     * @param validation validation options replacing the session's for this call when {@code options} name none, or
     *                   {@code null}
     * @throws IllegalArgumentException if the request is no request of this version or that side may not send it
     */
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> call(OcppSession session, Object request, boolean fromStation, CallOptions options,
                                         ValidationOptions validation) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(options, "options");
        Action action = action(request.getClass(), fromStation, cannotCall(fromStation));
        if (validation != null && options.validation() == null) {
            options = options.withValidation(validation);
        }
        return engine.call(session, action.name(), request, (Class<R>) action.responseType(), options);
    }

    /** A table for the handlers of one role; {@code stationSends} says whose requests it answers. */
    public HandlerTable handlerTable(boolean stationSends) {
        return new HandlerTable(stationSends);
    }

    /** Typed handlers of one role, collected before they become the engine's {@link Handlers}. */
    public final class HandlerTable {
        private final boolean stationSends;
        private final Map<Action, AsyncRequestHandler<Object, Object>> handlers = new LinkedHashMap<>();
        private ValidationOptions options = ValidationOptions.defaults();

        private HandlerTable(boolean stationSends) {
            this.stationSends = stationSends;
        }

        public void validation(ValidationOptions options) {
            this.options = Objects.requireNonNull(options, "options");
        }

        /** Registers a handler that needs only the request. */
        public <Q, R> void putSimple(Class<?> requestType, Function<? super Q, ? extends R> handler) {
            Objects.requireNonNull(handler, "handler");
            put(requestType, (RequestHandler<Q, R>) (q, c) -> handler.apply(q));
        }

        /** Registers a handler that answers at once. */
        public <Q, R> void put(Class<?> requestType, RequestHandler<Q, R> handler) {
            Objects.requireNonNull(handler, "handler");
            put(requestType, (AsyncRequestHandler<Q, R>) (q, c) ->
                    CompletableFuture.completedFuture(handler.handle(q, c)));
        }

        @SuppressWarnings("unchecked")
        public void put(Class<?> requestType, AsyncRequestHandler<?, ?> handler) {
            Objects.requireNonNull(handler, "handler");
            Action action = action(requestType, stationSends, "a " + (stationSends ? station : server)
                    + " handles it");
            handlers.put(action, (AsyncRequestHandler<Object, Object>) handler);
        }

        /**
         * The handlers, bound by the {@link TypedEngine}, with this version's {@link ValidationInterceptor}
         * outermost: it checks every call of a session that serves these handlers, incoming and outgoing, typed
         * or not.
         */
        @SuppressWarnings("unchecked")
        public Handlers build() {
            Handlers.Builder b = Handlers.builder(catalog);
            handlers.forEach((action, handler) -> b.onAsync(action.name(),
                    engine.handler(action.name(), (Class<Object>) action.requestType(), handler)));
            return b.interceptFirst(TypedBinding.this.validation(options)).build();
        }
    }
}
