package dev.ocpp.core.typed;

import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What every typed station of one OCPP version shares: the untyped client underneath and a connect that yields the
 * typed view of the server.
 *
 * @param <V> the typed view of the server this station talks to
 */
public abstract class TypedClient<V extends TypedSession> {

    private final OcppClient client;
    private final Function<OcppSession, V> view;

    protected TypedClient(OcppClient client, Function<OcppSession, V> view) {
        this.client = Objects.requireNonNull(client, "client");
        this.view = Objects.requireNonNull(view, "view");
    }

    /**
     * Opens a connection. The future completes with the typed session once the WebSocket is open, or
     * exceptionally when the handshake fails (e.g. {@code HandshakeRejectedException} for HTTP 401/404).
     */
    public CompletableFuture<V> connect() {
        return client.connect().thenApply(view);
    }

    /** The URL connected to: endpoint plus the percent-encoded identity. */
    public URI uri() {
        return client.uri();
    }

    /** The untyped client underneath. */
    public OcppClient client() {
        return client;
    }
}
