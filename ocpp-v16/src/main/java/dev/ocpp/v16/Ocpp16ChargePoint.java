package dev.ocpp.v16;

import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.typed.AsyncRequestHandler;
import dev.ocpp.core.typed.RequestHandler;
import dev.ocpp.core.validation.ValidationOptions;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
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
public final class Ocpp16ChargePoint {

    private final OcppClient client;
    private final ValidationOptions validation;

    private Ocpp16ChargePoint(OcppClient client, ValidationOptions validation) {
        this.client = client;
        this.validation = validation;
    }

    public static Builder builder(TransportClientFactory transport) {
        return new Builder(transport);
    }

    /**
     * Opens a connection. The future completes with the typed session once the WebSocket is open, or
     * exceptionally when the handshake fails (e.g. {@code HandshakeRejectedException} for HTTP 401/404).
     */
    public CompletableFuture<Ocpp16CentralSystemSession> connect() {
        return client.connect().thenApply(s -> Ocpp16CentralSystemSession.of(s, validation));
    }

    /** The URL connected to: endpoint plus the percent-encoded identity. */
    public URI uri() {
        return client.uri();
    }

    /** The untyped client underneath. */
    public OcppClient client() {
        return client;
    }

    /** Builds an {@link Ocpp16ChargePoint}. */
    public static final class Builder {
        private final OcppClient.Builder client;
        private final Ocpp16ChargePointHandlers.Builder handlers = Ocpp16ChargePointHandlers.builder();
        private ValidationOptions validation = ValidationOptions.defaults();

        private Builder(TransportClientFactory transport) {
            this.client = OcppClient.builder(transport);
        }

        /** The central system's endpoint URL, without the identity. */
        public Builder endpoint(URI endpoint) {
            client.endpoint(endpoint);
            return this;
        }

        /** This charge point's identity (appended to the endpoint, OCPP-J 1.6 §3.1.1). */
        public Builder identity(String identity) {
            client.identity(identity);
            return this;
        }

        /** HTTP Basic credentials sent with the handshake. */
        public Builder credentials(BasicCredentials credentials) {
            client.credentials(credentials);
            return this;
        }

        /** Timeouts, limits, executor and listeners of the session. */
        public Builder sessionConfig(SessionConfig config) {
            client.sessionConfig(config);
            return this;
        }

        /** Any other client setting (TLS, ping interval, connect timeout, message size). */
        public Builder client(Consumer<OcppClient.Builder> settings) {
            settings.accept(client);
            return this;
        }

        /** How payloads are validated, both for handlers and for calls; on by default. */
        public Builder validation(ValidationOptions options) {
            this.validation = Objects.requireNonNull(options, "options");
            handlers.validation(options);
            return this;
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

        public Ocpp16ChargePoint build() {
            client.offer(OcppVersion.OCPP16, handlers.build());
            return new Ocpp16ChargePoint(client.build(), validation);
        }
    }
}
