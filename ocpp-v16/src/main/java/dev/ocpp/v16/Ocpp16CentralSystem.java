package dev.ocpp.v16;

import dev.ocpp.core.CallOptions;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.core.typed.AsyncRequestHandler;
import dev.ocpp.core.typed.RequestHandler;
import dev.ocpp.core.typed.TypedServer;
import dev.ocpp.core.typed.TypedServerBuilder;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v16.internal.TypedSupport;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An OCPP 1.6J central system: a WebSocket server that typed handlers answer and that makes typed calls to the
 * connected charge points. A thin layer over {@link OcppServer}; to serve 1.6 beside 2.0.1 on one endpoint, use
 * {@link OcppServer} with {@link Ocpp16CentralSystemHandlers} and {@link Ocpp16ChargePointSession} instead.
 *
 * <pre>{@code
 * Ocpp16CentralSystem cs = Ocpp16CentralSystem.builder(new TyrusServerTransport())
 *         .port(8180).path("/ocpp")
 *         .on(BootNotificationRequest.class, boot -> new BootNotificationResponse()
 *                 .withStatus(RegistrationStatus.ACCEPTED).withCurrentTime(OffsetDateTime.now()).withInterval(300))
 *         .onConnect(cp -> log.info("{} connected", cp.identity()))
 *         .build().start();
 * ResetResponse r = cs.call("CP-1", new ResetRequest().withType(ResetType.SOFT)).join();
 * }</pre>
 */
public final class Ocpp16CentralSystem extends TypedServer<Ocpp16ChargePointSession> {

    private Ocpp16CentralSystem(OcppServer server) {
        super(server, Ocpp16ChargePointSession::of);
    }

    public static Builder builder(TransportServerFactory transport) {
        return new Builder(transport);
    }

    /** Binds and starts accepting charge points. */
    @Override
    public Ocpp16CentralSystem start() {
        super.start();
        return this;
    }

    /** The charge point connected under {@code identity}, if any. */
    public Optional<Ocpp16ChargePointSession> chargePoint(String identity) {
        return station(identity);
    }

    /** The charge points connected now. */
    public List<Ocpp16ChargePointSession> chargePoints() {
        return stations();
    }

    /**
     * Sends {@code request} to the charge point connected under {@code identity}. Fails with
     * {@link dev.ocpp.core.NotConnectedException} (a {@code ConnectionClosedException}) when none is; otherwise as
     * {@link Ocpp16ChargePointSession#call(FromCentralSystem)}.
     */
    public <R extends Ocpp16Response> CompletableFuture<R> call(String identity, FromCentralSystem<R> request) {
        return call(identity, request, (Duration) null);
    }

    /** As {@link #call(String, FromCentralSystem)} with its own timeout. */
    public <R extends Ocpp16Response> CompletableFuture<R> call(String identity, FromCentralSystem<R> request,
                                                               Duration timeout) {
        Objects.requireNonNull(request, "request");
        return callStation(identity, () -> TypedSupport.BINDING.action(request.getClass(), false,
                        TypedSupport.BINDING.cannotCall(false)),
                cp -> timeout == null ? cp.call(request) : cp.call(request, timeout));
    }

    /**
     * As {@link #call(String, FromCentralSystem)} with its own settings. With a
     * {@link CallOptions#withConnectionWait(Duration) connection wait}, a station that is not connected (or has not
     * connected since this server started) is waited for that long before the call fails with
     * {@link dev.ocpp.core.NotConnectedException}.
     */
    public <R extends Ocpp16Response> CompletableFuture<R> call(String identity, FromCentralSystem<R> request, CallOptions options) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(options, "options");
        return callStation(identity, () -> TypedSupport.BINDING.action(request.getClass(), false,
                        TypedSupport.BINDING.cannotCall(false)),
                options.connectionWait() == null ? Duration.ZERO : options.connectionWait(),
                cp -> cp.call(request, options));
    }

    /** Builds an {@link Ocpp16CentralSystem}. */
    public static final class Builder extends TypedServerBuilder<Builder, Ocpp16ChargePointSession> {
        private final Ocpp16CentralSystemHandlers.Builder handlers = Ocpp16CentralSystemHandlers.builder();

        private Builder(TransportServerFactory transport) {
            super(transport);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Handles a charge-point-initiated action. See {@link Ocpp16CentralSystemHandlers.Builder}. */
        public <Q extends FromChargePoint<R>, R extends Ocpp16Response> Builder on(
                Class<Q> requestType, Function<? super Q, ? extends R> handler) {
            handlers.on(requestType, handler);
            return this;
        }

        /** Handles a charge-point-initiated action, seeing where it came from. */
        public <Q extends FromChargePoint<R>, R extends Ocpp16Response> Builder on(
                Class<Q> requestType, RequestHandler<? super Q, ? extends R> handler) {
            handlers.on(requestType, handler);
            return this;
        }

        /** Handles a charge-point-initiated action asynchronously. */
        public <Q extends FromChargePoint<R>, R extends Ocpp16Response> Builder onAsync(
                Class<Q> requestType, AsyncRequestHandler<? super Q, ? extends R> handler) {
            handlers.onAsync(requestType, handler);
            return this;
        }

        /** How payloads are validated, both for handlers and for calls; on by default. */
        @Override
        public Builder validation(ValidationOptions options) {
            handlers.validation(options);
            return super.validation(options);
        }

        public Ocpp16CentralSystem build() {
            // The handlers carry the validation interceptor, so the views need no options of their own.
            return new Ocpp16CentralSystem(buildServer(OcppVersion.OCPP16, handlers.build(),
                    Ocpp16ChargePointSession::of));
        }
    }
}
