package dev.ocpp.v16.internal;

import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.internal.typed.TypedEngine;
import dev.ocpp.core.typed.AsyncRequestHandler;
import dev.ocpp.core.typed.RequestHandler;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v16.Ocpp16Action;
import dev.ocpp.v16.Ocpp16Actions;
import dev.ocpp.v16.Ocpp16Validation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Wiring shared by the 1.6 handler builders and sessions of both roles. */
public final class TypedSupport {

    private TypedSupport() {
    }

    public static TypedEngine engine(ValidationOptions options) {
        return new TypedEngine(Ocpp16Validation.validator(), options, Ocpp16Validation::errorCode,
                OcppJson.mapper());
    }

    /**
     * The action of a request class, checked against who is about to send it.
     *
     * @throws IllegalArgumentException if the class is no 1.6 request or that side may not send it
     */
    public static Ocpp16Action<?, ?> action(Class<?> requestType, boolean sentByChargePoint, String refusal) {
        Ocpp16Action<?, ?> action = Ocpp16Actions.byRequestType(requestType).orElseThrow(() ->
                new IllegalArgumentException(requestType.getName() + " is not an OCPP 1.6 request class"));
        if (!(sentByChargePoint ? action.sentByChargePoint() : action.sentByCentralSystem())) {
            String sender = sentByChargePoint ? "central system" : "charge point";
            throw new IllegalArgumentException(action.name() + " is sent by the " + sender + " only; " + refusal);
        }
        return action;
    }

    /** Makes a typed call on {@code session}; {@code fromChargePoint} says which side is calling. */
    @SuppressWarnings("unchecked")
    public static <R> CompletableFuture<R> call(TypedEngine engine, OcppSession session, Object request,
                                                boolean fromChargePoint, Duration timeout) {
        Objects.requireNonNull(request, "request");
        Ocpp16Action<?, ?> action = action(request.getClass(), fromChargePoint,
                fromChargePoint ? "a charge point cannot call it" : "a central system cannot call it");
        return engine.call(session, action.name(), request, (Class<R>) action.responseType(), timeout);
    }

    /** Typed handlers of one role, collected before they become the engine's {@link Handlers}. */
    public static final class HandlerTable {
        private final boolean chargePointSends;
        private final Map<Ocpp16Action<?, ?>, AsyncRequestHandler<Object, Object>> handlers = new LinkedHashMap<>();
        private ValidationOptions options = ValidationOptions.defaults();

        /** @param chargePointSends whether the requests handled here are those the charge point sends */
        public HandlerTable(boolean chargePointSends) {
            this.chargePointSends = chargePointSends;
        }

        public void validation(ValidationOptions options) {
            this.options = Objects.requireNonNull(options, "options");
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
            Ocpp16Action<?, ?> action = action(requestType, chargePointSends,
                    chargePointSends ? "a charge point handles it" : "a central system handles it");
            handlers.put(action, (AsyncRequestHandler<Object, Object>) handler);
        }

        public Handlers build() {
            TypedEngine engine = engine(options);
            Handlers.Builder b = Handlers.builder(Ocpp16Actions.CATALOG);
            handlers.forEach((action, handler) -> b.onAsync(action.name(),
                    engine.handler(action.name(), (Class<Object>) action.requestType(), handler)));
            return b.build();
        }
    }
}
