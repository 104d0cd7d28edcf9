package dev.ocpp.v16;

import dev.ocpp.core.Authenticator;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.IdentityFilter;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.internal.typed.TypedBinding;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.core.typed.AsyncRequestHandler;
import dev.ocpp.core.typed.RequestHandler;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.v16.internal.TypedSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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
public final class Ocpp16CentralSystem implements AutoCloseable {

    private final OcppServer server;
    private final ValidationOptions validation;

    private Ocpp16CentralSystem(OcppServer server, ValidationOptions validation) {
        this.server = server;
        this.validation = validation;
    }

    public static Builder builder(TransportServerFactory transport) {
        return new Builder(transport);
    }

    /** Binds and starts accepting charge points. */
    public Ocpp16CentralSystem start() {
        server.start();
        return this;
    }

    /** The bound port (useful after binding port 0). */
    public int port() {
        return server.port();
    }

    /** The charge point connected under {@code identity}, if any. */
    public Optional<Ocpp16ChargePointSession> chargePoint(String identity) {
        return server.session(identity).map(this::typed);
    }

    /** The charge points connected now. */
    public List<Ocpp16ChargePointSession> chargePoints() {
        Collection<OcppSession> sessions = server.sessions();
        List<Ocpp16ChargePointSession> out = new ArrayList<>(sessions.size());
        sessions.forEach(s -> out.add(typed(s)));
        return out;
    }

    /**
     * Sends {@code request} to the charge point connected under {@code identity}. Fails with
     * {@link dev.ocpp.core.ConnectionClosedException} when none is; otherwise as
     * {@link Ocpp16ChargePointSession#call(FromCentralSystem)}.
     */
    public <R extends Ocpp16Response> CompletableFuture<R> call(String identity, FromCentralSystem<R> request) {
        return call(identity, request, null);
    }

    /** As {@link #call(String, FromCentralSystem)} with its own timeout. */
    public <R extends Ocpp16Response> CompletableFuture<R> call(String identity, FromCentralSystem<R> request,
                                                               Duration timeout) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(request, "request");
        Optional<Ocpp16ChargePointSession> cp = chargePoint(identity);
        if (cp.isEmpty()) {
            // The direction check still fails fast, before the missing connection is reported.
            TypedSupport.BINDING.action(request.getClass(), false, TypedSupport.BINDING.cannotCall(false));
            return CompletableFuture.failedFuture(new ConnectionClosedException(
                    "no charge point is connected as " + identity));
        }
        return timeout == null ? cp.get().call(request) : cp.get().call(request, timeout);
    }

    /** The untyped server underneath. */
    public OcppServer server() {
        return server;
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        server.close();
    }

    private Ocpp16ChargePointSession typed(OcppSession s) {
        return Ocpp16ChargePointSession.of(s, validation);
    }

    /** Builds an {@link Ocpp16CentralSystem}. */
    public static final class Builder {
        private final OcppServer.Builder server;
        private final Ocpp16CentralSystemHandlers.Builder handlers = Ocpp16CentralSystemHandlers.builder();
        private ValidationOptions validation = ValidationOptions.defaults();
        private SessionConfig sessionConfig = SessionConfig.defaults();
        private Consumer<Ocpp16ChargePointSession> onConnect = cp -> { };
        private BiConsumer<Ocpp16ChargePointSession, OcppSession.CloseReason> onDisconnect = (cp, why) -> { };

        private Builder(TransportServerFactory transport) {
            this.server = OcppServer.builder(transport);
        }

        public Builder host(String host) {
            server.host(host);
            return this;
        }

        public Builder port(int port) {
            server.port(port);
            return this;
        }

        /** The path charge points connect under; their identity is the segment after it. */
        public Builder path(String path) {
            server.path(path);
            return this;
        }

        /** Timeouts, limits, executor and listeners of every session. */
        public Builder sessionConfig(SessionConfig config) {
            this.sessionConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Which identities may connect (others get HTTP 404, OCPP-J 1.6 §3.2). */
        public Builder identityFilter(IdentityFilter filter) {
            server.identityFilter(filter);
            return this;
        }

        /** Checks HTTP Basic credentials (a failure gets HTTP 401). */
        public Builder authenticator(Authenticator authenticator) {
            server.authenticator(authenticator);
            return this;
        }

        /** Any other server setting (transport, TLS, ping interval, message size). */
        public Builder server(Consumer<OcppServer.Builder> settings) {
            settings.accept(server);
            return this;
        }

        /** How payloads are validated, both for handlers and for calls; on by default. */
        public Builder validation(ValidationOptions options) {
            this.validation = Objects.requireNonNull(options, "options");
            handlers.validation(options);
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

        /** Runs (on the handler executor) when a charge point has connected. */
        public Builder onConnect(Consumer<Ocpp16ChargePointSession> listener) {
            this.onConnect = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Runs when a charge point's connection has closed, with the close code and reason. */
        public Builder onDisconnect(BiConsumer<Ocpp16ChargePointSession, OcppSession.CloseReason> listener) {
            this.onDisconnect = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Ocpp16CentralSystem build() {
            ValidationOptions v = validation;
            Consumer<Ocpp16ChargePointSession> connected = onConnect;
            BiConsumer<Ocpp16ChargePointSession, OcppSession.CloseReason> disconnected = onDisconnect;
            OcppEventListener lifecycle = TypedBinding.lifecycle(
                    session -> connected.accept(Ocpp16ChargePointSession.of(session, v)),
                    (session, why) -> disconnected.accept(Ocpp16ChargePointSession.of(session, v), why));
            server.serve(OcppVersion.OCPP16, handlers.build());
            server.sessionConfig(sessionConfig.toBuilder()
                    .listener(OcppEventListener.compose(sessionConfig.listener(), lifecycle)).build());
            return new Ocpp16CentralSystem(server.build(), v);
        }
    }
}
