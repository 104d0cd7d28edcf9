package dev.ocpp.v16;

import dev.ocpp.core.Handlers;
import dev.ocpp.core.internal.typed.TypedBinding;
import dev.ocpp.core.typed.AsyncRequestHandler;
import dev.ocpp.core.typed.RequestHandler;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v16.internal.TypedSupport;
import java.util.function.Function;

/**
 * The central system's typed handlers for the requests a charge point sends, as the engine's {@link Handlers}: for
 * {@link Ocpp16CentralSystem}, or for an {@link dev.ocpp.core.OcppServer} that serves 1.6 beside other versions.
 *
 * <p>Only {@link FromChargePoint} requests can be registered (checked by the compiler, and at run time for raw
 * types). Incoming requests are validated against their schema before a handler sees them, answered with the
 * 1.6 CALLERROR codes of {@link Ocpp16Validation} when invalid; responses are validated before they are sent. An
 * action without a handler is answered NotSupported (OCPP-J 1.6 §4.2.3).
 *
 * <p>Validation is a {@link dev.ocpp.core.CallInterceptor} of the built {@link Handlers}, first in their
 * {@link Handlers#interceptors() chain}: a session serving them also checks its own outgoing CALLs and their
 * CALLRESULTs with the same options, whether they are made through a typed view or on the untyped
 * {@link dev.ocpp.core.OcppSession} ({@link dev.ocpp.core.validation.PayloadValidationException}).
 */
public final class Ocpp16CentralSystemHandlers {

    private Ocpp16CentralSystemHandlers() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects handlers; a later registration for the same action replaces the earlier one. */
    public static final class Builder {
        private final TypedBinding.HandlerTable table = TypedSupport.BINDING.handlerTable(true);

        private Builder() {
        }

        /** How payloads are validated; {@link ValidationOptions#defaults()} unless set. */
        public Builder validation(ValidationOptions options) {
            table.validation(options);
            return this;
        }

        /** Registers a handler that needs only the request. */
        public <Q extends FromChargePoint<R>, R extends Ocpp16Response> Builder on(
                Class<Q> requestType, Function<? super Q, ? extends R> handler) {
            table.putSimple(requestType, handler);
            return this;
        }

        /** Registers a handler that also sees where the request came from. */
        public <Q extends FromChargePoint<R>, R extends Ocpp16Response> Builder on(
                Class<Q> requestType, RequestHandler<? super Q, ? extends R> handler) {
            table.put(requestType, (RequestHandler<? super Q, ? extends R>) handler);
            return this;
        }

        /** Registers a handler that answers later. */
        public <Q extends FromChargePoint<R>, R extends Ocpp16Response> Builder onAsync(
                Class<Q> requestType, AsyncRequestHandler<? super Q, ? extends R> handler) {
            table.put(requestType, handler);
            return this;
        }

        public Handlers build() {
            return table.build();
        }
    }
}
