package dev.ocpp.v201;

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
import dev.ocpp.v201.internal.TypedSupport;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An OCPP 2.0.1 CSMS: a WebSocket server that typed handlers answer and that makes typed calls to the
 * connected charging stations. A thin layer over {@link OcppServer}; to serve 2.0.1 beside 1.6 on one endpoint, use
 * {@link OcppServer} with {@link Ocpp201CsmsHandlers} and {@link Ocpp201ChargingStationSession} instead.
 *
 * <pre>{@code
 * Ocpp201Csms cs = Ocpp201Csms.builder(new TyrusServerTransport())
 *         .port(8180).path("/ocpp")
 *         .on(BootNotificationRequest.class, boot -> new BootNotificationResponse()
 *                 .withStatus(RegistrationStatusEnum.ACCEPTED).withCurrentTime(OffsetDateTime.now()).withInterval(300))
 *         .onConnect(station -> log.info("{} connected", station.identity()))
 *         .build().start();
 * ResetResponse r = cs.call("CS-1", new ResetRequest().withType(ResetEnum.IMMEDIATE)).join();
 * }</pre>
 */
public final class Ocpp201Csms extends TypedServer<Ocpp201ChargingStationSession> {

    private final Ocpp201BootGating gating;

    private Ocpp201Csms(OcppServer server, Ocpp201BootGating gating) {
        super(server, session -> Ocpp201ChargingStationSession.of(session, gating));
        this.gating = gating;
    }

    public static Builder builder(TransportServerFactory transport) {
        return new Builder(transport);
    }

    /** Binds and starts accepting charging stations. */
    @Override
    public Ocpp201Csms start() {
        super.start();
        return this;
    }

    /** The charging station connected under {@code identity}, if any. */
    public Optional<Ocpp201ChargingStationSession> chargingStation(String identity) {
        return station(identity);
    }

    /** The charging stations connected now. */
    public List<Ocpp201ChargingStationSession> chargingStations() {
        return stations();
    }

    /**
     * Sends {@code request} to the charging station connected under {@code identity}. Fails with
     * {@link dev.ocpp.core.NotConnectedException} (a {@code ConnectionClosedException}) when none is; otherwise as
     * {@link Ocpp201ChargingStationSession#call(FromCsms)}.
     */
    public <R extends Ocpp201Response> CompletableFuture<R> call(String identity, FromCsms<R> request) {
        return call(identity, request, (Duration) null);
    }

    /** As {@link #call(String, FromCsms)} with its own timeout. */
    public <R extends Ocpp201Response> CompletableFuture<R> call(String identity, FromCsms<R> request,
                                                               Duration timeout) {
        Objects.requireNonNull(request, "request");
        return callStation(identity, () -> TypedSupport.BINDING.action(request.getClass(), false,
                        TypedSupport.BINDING.cannotCall(false)),
                station -> timeout == null ? station.call(request) : station.call(request, timeout));
    }

    /**
     * As {@link #call(String, FromCsms)} with its own settings. With a
     * {@link CallOptions#withConnectionWait(Duration) connection wait}, a station that is not connected (or has not
     * connected since this server started) is waited for that long before the call fails with
     * {@link dev.ocpp.core.NotConnectedException}.
     */
    public <R extends Ocpp201Response> CompletableFuture<R> call(String identity, FromCsms<R> request, CallOptions options) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(options, "options");
        return callStation(identity, () -> TypedSupport.BINDING.action(request.getClass(), false,
                        TypedSupport.BINDING.cannotCall(false)),
                options.connectionWait() == null ? Duration.ZERO : options.connectionWait(),
                station -> station.call(request, options));
    }

    /** The boot-gating policy, when {@link Builder#bootGating} turned it on. */
    public Optional<Ocpp201BootGating> bootGating() {
        return Optional.ofNullable(gating);
    }

    /** Builds an {@link Ocpp201Csms}. */
    public static final class Builder extends TypedServerBuilder<Builder, Ocpp201ChargingStationSession> {
        private final Ocpp201CsmsHandlers.Builder handlers = Ocpp201CsmsHandlers.builder();
        private Ocpp201BootGating gating;

        private Builder(TransportServerFactory transport) {
            super(transport);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Handles a charge-point-initiated action. See {@link Ocpp201CsmsHandlers.Builder}. */
        public <Q extends FromChargingStation<R>, R extends Ocpp201Response> Builder on(
                Class<Q> requestType, Function<? super Q, ? extends R> handler) {
            handlers.on(requestType, handler);
            return this;
        }

        /** Handles a charge-point-initiated action, seeing where it came from. */
        public <Q extends FromChargingStation<R>, R extends Ocpp201Response> Builder on(
                Class<Q> requestType, RequestHandler<? super Q, ? extends R> handler) {
            handlers.on(requestType, handler);
            return this;
        }

        /** Handles a charge-point-initiated action asynchronously. */
        public <Q extends FromChargingStation<R>, R extends Ocpp201Response> Builder onAsync(
                Class<Q> requestType, AsyncRequestHandler<? super Q, ? extends R> handler) {
            handlers.onAsync(requestType, handler);
            return this;
        }

        /**
         * Turns on boot gating with a fresh {@link Ocpp201BootGating}: a station's calls are answered SecurityError
         * until its BootNotification is Accepted, and this CSMS's calls to a station it has not accepted are
         * limited as Part 2 B02/B03 say. Off by default.
         */
        public Builder bootGating() {
            return bootGating(Ocpp201BootGating.create());
        }

        /** Turns on boot gating with {@code gating}, e.g. one whose statuses were restored after a restart. */
        public Builder bootGating(Ocpp201BootGating gating) {
            this.gating = Objects.requireNonNull(gating, "gating");
            return this;
        }

        /** How payloads are validated, both for handlers and for calls; on by default. */
        @Override
        public Builder validation(ValidationOptions options) {
            handlers.validation(options);
            return super.validation(options);
        }

        public Ocpp201Csms build() {
            // Validation and gating are interceptors of the handlers, so the views need neither; they only learn
            // the gating to tell registration statuses.
            Ocpp201BootGating g = gating;
            if (g != null) {
                handlers.bootGating(g);
            }
            return new Ocpp201Csms(buildServer(OcppVersion.OCPP201, handlers.build(),
                    session -> Ocpp201ChargingStationSession.of(session, g)), g);
        }
    }
}
