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
         * Answers the CSMS's calls SecurityError after this station's BootNotification was Rejected (Part 2
         * B03.FR.08) and lets TriggerMessage open the way for what it asked for; see {@link Ocpp201BootGating}.
         * Pair it with {@link Ocpp201CsmsSession#of(dev.ocpp.core.OcppSession,
         * dev.ocpp.core.validation.ValidationOptions, Ocpp201BootGating)} on the same instance. Off unless set.
         */
        public Builder bootGating(Ocpp201BootGating gating) {
            this.gating = java.util.Objects.requireNonNull(gating, "gating");
            return this;
        }

        public Handlers build() {
            Handlers handlers = table.build();
            return gating == null ? handlers : gating.gateStationHandlers(handlers);
        }
    }
}
