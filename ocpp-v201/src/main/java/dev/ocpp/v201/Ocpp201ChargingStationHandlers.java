package dev.ocpp.v201;

import dev.ocpp.core.Handlers;
import dev.ocpp.core.internal.typed.TypedBinding;
import dev.ocpp.core.typed.AsyncRequestHandler;
import dev.ocpp.core.typed.RequestHandler;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v201.internal.TypedSupport;
import java.util.function.Function;

/**
 * The charging station's typed handlers for the requests a CSMS sends, as the engine's {@link Handlers}: for
 * {@link Ocpp201ChargingStation}, or for an {@link dev.ocpp.core.OcppClient} that offers 2.0.1 beside other versions.
 *
 * <p>Only {@link FromCsms} requests can be registered (checked by the compiler, and at run time for raw
 * types). Incoming requests are validated against their schema before a handler sees them, answered with the
 * 2.0.1 CALLERROR codes of {@link Ocpp201Validation} when invalid; responses are validated before they are sent. An
 * action without a handler is answered NotSupported (OCPP 2.0.1 Part 4 §4.3).
 *
 * <p>Validation is a {@link dev.ocpp.core.CallInterceptor} of the built {@link Handlers}, first in their
 * {@link Handlers#interceptors() chain} but for boot gating: a session serving them also checks its own outgoing CALLs and their
 * CALLRESULTs with the same options, whether they are made through a typed view or on the untyped
 * {@link dev.ocpp.core.OcppSession} ({@link dev.ocpp.core.validation.PayloadValidationException}).
 */
public final class Ocpp201ChargingStationHandlers {

    private Ocpp201ChargingStationHandlers() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects handlers; a later registration for the same action replaces the earlier one. */
    public static final class Builder {
        private final TypedBinding.HandlerTable table = TypedSupport.BINDING.handlerTable(false);
        private Ocpp201BootGating gating;

        private Builder() {
        }

        /** How payloads are validated; {@link ValidationOptions#defaults()} unless set. */
        public Builder validation(ValidationOptions options) {
            table.validation(options);
            return this;
        }

        /** Registers a handler that needs only the request. */
        public <Q extends FromCsms<R>, R extends Ocpp201Response> Builder on(
                Class<Q> requestType, Function<? super Q, ? extends R> handler) {
            table.putSimple(requestType, handler);
            return this;
        }

        /** Registers a handler that also sees where the request came from. */
        public <Q extends FromCsms<R>, R extends Ocpp201Response> Builder on(
                Class<Q> requestType, RequestHandler<? super Q, ? extends R> handler) {
            table.put(requestType, (RequestHandler<? super Q, ? extends R>) handler);
            return this;
        }

        /** Registers a handler that answers later. */
        public <Q extends FromCsms<R>, R extends Ocpp201Response> Builder onAsync(
                Class<Q> requestType, AsyncRequestHandler<? super Q, ? extends R> handler) {
            table.put(requestType, handler);
            return this;
        }

        /**
         * Boot gating on the station's side (Part 2 B01-B03; see {@link Ocpp201BootGating}) as an interceptor of
         * the built handlers, before validation: the CSMS's calls are answered SecurityError after this station's
         * BootNotification was Rejected (B03.FR.08), an accepted TriggerMessage opens the way for what it asked
         * for, and the station's own calls on a session serving these handlers, typed or not, are limited until
         * Accepted (B01.FR.08, B02.FR.02). Off unless set.
         */
        public Builder bootGating(Ocpp201BootGating gating) {
            this.gating = java.util.Objects.requireNonNull(gating, "gating");
            return this;
        }

        public Handlers build() {
            Handlers handlers = table.build();
            // Outermost, before validation: a call the registration status refuses is neither handled nor checked.
            return gating == null ? handlers : handlers.toBuilder().interceptFirst(gating.stationInterceptor()).build();
        }
    }
}
