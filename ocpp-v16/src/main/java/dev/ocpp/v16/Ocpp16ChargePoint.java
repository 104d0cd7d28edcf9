package dev.ocpp.v16;

import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.typed.AsyncRequestHandler;
import dev.ocpp.core.typed.RequestHandler;
import dev.ocpp.core.typed.TypedClient;
import dev.ocpp.core.typed.TypedClientBuilder;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v16.messages.BootNotificationRequest;
import java.net.URI;
import java.util.function.Function;

/**
 * An OCPP 1.6J charge point: connects to a central system over WebSocket (subprotocol {@code ocpp1.6}), answers its
 * requests with typed handlers and makes typed calls. A thin layer over {@link OcppClient}.
 *
 * <pre>{@code
 * Ocpp16ChargePoint cp = Ocpp16ChargePoint.builder(new TyrusClientTransport())
 *         .endpoint(URI.create("ws://csms.example.com/ocpp")).identity("CP-1")
 *         .on(ResetRequest.class, reset -> new ResetResponse().withStatus(ResetStatus.ACCEPTED))
 *         .build();
 * Ocpp16CentralSystemSession cs = cp.connect().join();
 * BootNotificationResponse boot = cs.call(new BootNotificationRequest()
 *         .withChargePointVendor("ACME").withChargePointModel("Wallbox")).join();
 * }</pre>
 */
public final class Ocpp16ChargePoint extends TypedClient<Ocpp16CentralSystemSession> {

    private Ocpp16ChargePoint(OcppClient client) {
        super(client, Ocpp16CentralSystemSession::of);
    }

    public static Builder builder(TransportClientFactory transport) {
        return new Builder(transport);
    }

    /** Builds an {@link Ocpp16ChargePoint}. */
    public static final class Builder extends TypedClientBuilder<Builder> {
        private final Ocpp16ChargePointHandlers.Builder handlers = Ocpp16ChargePointHandlers.builder();

        private Builder(TransportClientFactory transport) {
            super(transport);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Transaction messages follow {@link Ocpp16Delivery#policy()}. */
        @Override
        protected DeliveryPolicy deliveryPolicy() {
            return Ocpp16Delivery.policy();
        }

        /** How payloads are validated, both for handlers and for calls; on by default. */
        @Override
        public Builder validation(ValidationOptions options) {
            handlers.validation(options);
            return super.validation(options);
        }

        /** Handles a central-system-initiated action. See {@link Ocpp16ChargePointHandlers.Builder}. */
        public <Q extends FromCentralSystem<R>, R extends Ocpp16Response> Builder on(
                Class<Q> requestType, Function<? super Q, ? extends R> handler) {
            handlers.on(requestType, handler);
            return this;
        }

        /** Handles a central-system-initiated action, seeing where it came from. */
        public <Q extends FromCentralSystem<R>, R extends Ocpp16Response> Builder on(
                Class<Q> requestType, RequestHandler<? super Q, ? extends R> handler) {
            handlers.on(requestType, handler);
            return this;
        }

        /** Handles a central-system-initiated action asynchronously. */
        public <Q extends FromCentralSystem<R>, R extends Ocpp16Response> Builder onAsync(
                Class<Q> requestType, AsyncRequestHandler<? super Q, ? extends R> handler) {
            handlers.onAsync(requestType, handler);
            return this;
        }

        /**
         * Lets the library boot this charge point and send its Heartbeats (OCPP 1.6 §4.2, §4.6): see
         * {@link TypedClientBuilder#bootNotification(Object)} and {@link Ocpp16ChargePoint#runtime()}.
         */
        public Builder bootNotification(BootNotificationRequest request) {
            return super.bootNotification((Object) request);
        }

        public Ocpp16ChargePoint build() {
            // The handlers carry the validation interceptor, so the views need no options of their own.
            return new Ocpp16ChargePoint(buildClient(OcppVersion.OCPP16, handlers.build()));
        }
    }
}
