package dev.ocpp.core.typed;

import dev.ocpp.core.Authenticator;
import dev.ocpp.core.CallInterceptor;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.IdentityFilter;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.core.validation.ValidationOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The settings every typed server of one OCPP version shares, whatever the version: where it listens, who may
 * connect, session settings, validation, and connect/disconnect callbacks. The version modules' server builders
 * (e.g. {@code Ocpp16CentralSystem.Builder}, {@code Ocpp201Csms.Builder}) extend it with their typed handlers.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <S> the typed view of a connected station that the callbacks receive
 */
public abstract class TypedServerBuilder<B extends TypedServerBuilder<B, S>, S> {

    private final OcppServer.Builder server;
    private ValidationOptions validation = ValidationOptions.defaults();
    private SessionConfig sessionConfig = SessionConfig.defaults();
    private Consumer<S> onConnect = s -> { };
    private BiConsumer<S, OcppSession.CloseReason> onDisconnect = (s, why) -> { };
    private final List<CallInterceptor> interceptors = new ArrayList<>();

    protected TypedServerBuilder(TransportServerFactory transport) {
        this.server = OcppServer.builder(transport);
    }

    /** {@code this}, typed as the concrete builder. */
    protected abstract B self();

    public B host(String host) {
        server.host(host);
        return self();
    }

    public B port(int port) {
        server.port(port);
        return self();
    }

    /** The path stations connect under; their identity is the segment after it (OCPP-J §3.1.1 of both versions). */
    public B path(String path) {
        server.path(path);
        return self();
    }

    /** Timeouts, limits, executor and listeners of every session. */
    public B sessionConfig(SessionConfig config) {
        this.sessionConfig = Objects.requireNonNull(config, "config");
        return self();
    }

    /** Which identities may connect (others get HTTP 404, OCPP-J §3.2 of both versions). */
    public B identityFilter(IdentityFilter filter) {
        server.identityFilter(filter);
        return self();
    }

    /** Checks HTTP Basic credentials (a failure gets HTTP 401). */
    public B authenticator(Authenticator authenticator) {
        server.authenticator(authenticator);
        return self();
    }

    /** Any other server setting (transport, TLS, ping interval, message size). */
    public B server(Consumer<OcppServer.Builder> settings) {
        settings.accept(server);
        return self();
    }

    /** How payloads are validated, both for handlers and for calls; on by default. */
    public B validation(ValidationOptions options) {
        this.validation = Objects.requireNonNull(options, "options");
        return self();
    }

    /** Runs (on the handler executor) when a station has connected. */
    public B onConnect(Consumer<S> listener) {
        this.onConnect = Objects.requireNonNull(listener, "listener");
        return self();
    }

    /** Runs (on the handler executor) when a station's connection has closed, with the close code and reason. */
    public B onDisconnect(BiConsumer<S, OcppSession.CloseReason> listener) {
        this.onDisconnect = Objects.requireNonNull(listener, "listener");
        return self();
    }

    /**
     * Adds an interceptor to every session's chain (see {@link CallInterceptor}), after those added before it and
     * inside the ones the builder installs itself (boot gating, validation): it sees only calls that passed them,
     * and its answers are checked by them. For example a {@code dev.ocpp.core.delivery.TransactionTracker}.
     */
    public B intercept(CallInterceptor interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
        return self();
    }

    /** The validation options set so far. */
    protected ValidationOptions validation() {
        return validation;
    }

    /**
     * The server that serves {@code version} with {@code handlers} and reports connects and disconnects through
     * {@code view}. The callbacks run on the handler executor, never on a transport thread.
     */
    protected OcppServer buildServer(OcppVersion version, Handlers handlers, Function<OcppSession, S> view) {
        Consumer<S> connected = onConnect;
        BiConsumer<S, OcppSession.CloseReason> disconnected = onDisconnect;
        // Listener events may arrive on a transport thread, which must never run user code
        // (ocpp-core/docs/threading.md); the callbacks go to the session's handler executor.
        OcppEventListener lifecycle = new OcppEventListener() {
            @Override
            public void connected(OcppSession session) {
                session.config().executor().execute(() -> connected.accept(view.apply(session)));
            }

            @Override
            public void disconnected(OcppSession session, int code, String reason) {
                session.config().executor().execute(() ->
                        disconnected.accept(view.apply(session), new OcppSession.CloseReason(code, reason)));
            }
        };
        Handlers served = handlers;
        if (!interceptors.isEmpty()) {
            Handlers.Builder b = handlers.toBuilder();
            interceptors.forEach(b::intercept);
            served = b.build();
        }
        server.serve(version, served);
        server.sessionConfig(sessionConfig.toBuilder()
                .listener(OcppEventListener.compose(sessionConfig.listener(), lifecycle)).build());
        return server.build();
    }
}
