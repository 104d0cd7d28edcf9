package dev.ocpp.core.typed;

import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.NotConnectedException;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What every typed server of one OCPP version shares: the untyped server underneath, its lifecycle, and the typed
 * views of the stations connected now. The version modules' servers ({@code Ocpp16CentralSystem},
 * {@code Ocpp201Csms}) add their typed calls and name the station lookups in their version's words.
 *
 * @param <S> the typed view of a connected station
 */
public abstract class TypedServer<S extends TypedSession> implements AutoCloseable {

    private final OcppServer server;
    private final Function<OcppSession, S> view;

    protected TypedServer(OcppServer server, Function<OcppSession, S> view) {
        this.server = Objects.requireNonNull(server, "server");
        this.view = Objects.requireNonNull(view, "view");
    }

    /** Binds and starts accepting stations. */
    public TypedServer<S> start() {
        server.start();
        return this;
    }

    /** The bound port (useful after binding port 0). */
    public int port() {
        return server.port();
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

    /** The station connected under {@code identity}, if any. */
    protected Optional<S> station(String identity) {
        return server.session(identity).map(view);
    }

    /** The stations connected now. */
    protected List<S> stations() {
        Collection<OcppSession> sessions = server.sessions();
        List<S> out = new ArrayList<>(sessions.size());
        sessions.forEach(s -> out.add(view.apply(s)));
        return out;
    }

    /**
     * Makes {@code call} on the station connected under {@code identity}, or fails with
     * {@link ConnectionClosedException} when there is none. {@code check} runs first either way, so that a request
     * the server may not send fails fast even when nobody is connected.
     */
    protected <R> CompletableFuture<R> callStation(String identity, Runnable check,
                                                   Function<S, CompletableFuture<R>> call) {
        return callStation(identity, check, Duration.ZERO, call);
    }

    /**
     * As {@link #callStation(String, Runnable, Function)}, but a station the server has no session of yet is waited
     * for up to {@code wait} (then {@link NotConnectedException}); a known station that is disconnected is handled
     * by the call's own connection wait.
     */
    protected <R> CompletableFuture<R> callStation(String identity, Runnable check, Duration wait,
                                                   Function<S, CompletableFuture<R>> call) {
        Objects.requireNonNull(identity, "identity");
        check.run();
        Optional<S> station = station(identity);
        if (station.isPresent()) {
            return call.apply(station.get());
        }
        if (wait == null || wait.isZero()) {
            return CompletableFuture.failedFuture(new NotConnectedException(
                    "no station is connected as " + identity));
        }
        return server.session(identity, wait).thenCompose(s -> call.apply(view.apply(s)));
    }
}
