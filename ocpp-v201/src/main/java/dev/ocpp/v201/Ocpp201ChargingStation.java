package dev.ocpp.v201;

import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.typed.AsyncRequestHandler;
import dev.ocpp.core.typed.RequestHandler;
import dev.ocpp.core.typed.TypedClient;
import dev.ocpp.core.typed.TypedClientBuilder;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * An OCPP 2.0.1 charging station: connects to a CSMS over WebSocket (subprotocol {@code ocpp2.0.1}), answers its
 * requests with typed handlers and makes typed calls. A thin layer over {@link OcppClient}.
 *
 * <pre>{@code
 * Ocpp201ChargingStation station = Ocpp201ChargingStation.builder(new TyrusClientTransport())
 *         .endpoint(URI.create("ws://csms.example.com/ocpp")).identity("CS-1")
 *         .on(ResetRequest.class, reset -> new ResetResponse().withStatus(ResetStatusEnum.ACCEPTED))
 *         .build();
 * Ocpp201CsmsSession csms = station.connect().join();
 * BootNotificationResponse boot = csms.call(new BootNotificationRequest()
 *         .withReason(BootReasonEnum.POWER_UP)
 *         .withChargingStation(new ChargingStation().withVendorName("ACME").withModel("Wallbox"))).join();
 * }</pre>
 */
public final class Ocpp201ChargingStation extends TypedClient<Ocpp201CsmsSession> {

    private final Ocpp201BootGating gating;
    private final String identity;

    private Ocpp201ChargingStation(OcppClient client, Ocpp201BootGating gating, String identity) {
        super(client, Ocpp201CsmsSession::of);
        this.gating = gating;
        this.identity = identity;
    }

    public static Builder builder(TransportClientFactory transport) {
        return new Builder(transport);
    }

    /**
     * This station's registration status, as the last BootNotification answer set it, when boot gating is on
     * (it survives reconnects); empty otherwise or before any answer.
     */
    public Optional<RegistrationStatusEnum> registrationStatus() {
        return gating == null ? Optional.empty() : gating.status(identity);
    }

    /** Builds an {@link Ocpp201ChargingStation}. */
    public static final class Builder extends TypedClientBuilder<Builder> {
        private final Ocpp201ChargingStationHandlers.Builder handlers = Ocpp201ChargingStationHandlers.builder();
        private boolean bootGating;

        private Builder(TransportClientFactory transport) {
            super(transport);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Transaction messages follow {@link Ocpp201Delivery#policy()}. */
        @Override
        protected DeliveryPolicy deliveryPolicy() {
            return Ocpp201Delivery.policy();
        }

        /** How payloads are validated, both for handlers and for calls; on by default. */
        @Override
        public Builder validation(ValidationOptions options) {
            handlers.validation(options);
            return super.validation(options);
        }

        /** Handles a CSMS-initiated action. See {@link Ocpp201ChargingStationHandlers.Builder}. */
        public <Q extends FromCsms<R>, R extends Ocpp201Response> Builder on(
                Class<Q> requestType, Function<? super Q, ? extends R> handler) {
            handlers.on(requestType, handler);
            return this;
        }

        /** Handles a CSMS-initiated action, seeing where it came from. */
        public <Q extends FromCsms<R>, R extends Ocpp201Response> Builder on(
                Class<Q> requestType, RequestHandler<? super Q, ? extends R> handler) {
            handlers.on(requestType, handler);
            return this;
        }

        /** Handles a CSMS-initiated action asynchronously. */
        public <Q extends FromCsms<R>, R extends Ocpp201Response> Builder onAsync(
                Class<Q> requestType, AsyncRequestHandler<? super Q, ? extends R> handler) {
            handlers.onAsync(requestType, handler);
            return this;
        }

        /**
         * Turns on the station's side of boot gating (Part 2 B01-B03; see {@link Ocpp201BootGating}): until the
         * CSMS accepts its BootNotification the station's own calls are limited, and after Rejected the CSMS's
         * calls are answered SecurityError. Off by default.
         */
        public Builder bootGating(boolean on) {
            this.bootGating = on;
            return this;
        }

        /**
         * Lets the library boot this station and send its Heartbeats (Part 2 B01-B03, G02): see
         * {@link TypedClientBuilder#bootNotification(Object)} and {@link Ocpp201ChargingStation#runtime()}.
         */
        public Builder bootNotification(BootNotificationRequest request) {
            return super.bootNotification((Object) request);
        }

        public Ocpp201ChargingStation build() {
            // Validation and gating are interceptors of the handlers; the session views need neither.
            Ocpp201BootGating gating = bootGating ? Ocpp201BootGating.create() : null;
            if (gating != null) {
                handlers.bootGating(gating);
            }
            return new Ocpp201ChargingStation(buildClient(OcppVersion.OCPP201, handlers.build()), gating,
                    identity());
        }
    }
}
