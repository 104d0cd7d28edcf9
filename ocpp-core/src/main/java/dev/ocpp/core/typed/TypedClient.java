package dev.ocpp.core.typed;

import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.station.StationRuntime;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
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
    private final StationRuntime runtime;
    private final DeliveryQueue delivery;

    protected TypedClient(OcppClient client, Function<OcppSession, V> view) {
        this.client = Objects.requireNonNull(client, "client");
        this.view = Objects.requireNonNull(view, "view");
        TypedClientBuilder.Built built = TypedClientBuilder.takeBuilt(client);
        this.runtime = built.runtime();
        this.delivery = built.delivery();
    }

    /**
     * The runtime that boots this station and sends its Heartbeats (OCPP 1.6 §4.2/§4.6; 2.0.1 Part 2 B01-B03, G02),
     * if the builder was given a boot notification: registration status, acceptance, the CSMS's time, the heartbeat
     * interval. It serves the first session started.
     */
    public Optional<StationRuntime> runtime() {
        return Optional.ofNullable(runtime);
    }

    /**
     * The queue that delivers this station's transaction messages durably, if the builder was given
     * {@code delivery(...)}: its depth, pending messages, listeners, retry settings and station state.
     */
    public Optional<DeliveryQueue> delivery() {
        return Optional.ofNullable(delivery);
    }

    /**
     * Starts the station's session and returns its typed view at once; the session connects in the background and
     * reconnects after every loss until it is closed (see {@link OcppClient#start()}).
     *
     * @throws IllegalStateException if the client offers other versions than this view's
     */
    public V start() {
        OcppSession session = client.start();
        if (delivery != null) {
            // Before any call: boot gating asks the session's queue which calls it takes.
            delivery.bind(session);
        }
        try {
            return view.apply(session);
        } catch (IllegalArgumentException otherVersion) {
            session.close(1000, "this station speaks one version only");
            throw new IllegalStateException(otherVersion.getMessage(), otherVersion);
        }
    }

    /**
     * Opens a connection. The future completes with the typed session once the WebSocket is open, or
     * exceptionally when the handshake fails (e.g. {@code HandshakeRejectedException} for HTTP 401/404). If the
     * server chose another version this station also offered, the connection is closed again and the future fails
     * with {@link IllegalArgumentException}: this typed view speaks one version only. After the first connection the
     * session reconnects as {@link OcppClient#connect()} says.
     */
    public CompletableFuture<V> connect() {
        return client.connect().thenApply(session -> {
            try {
                return view.apply(session);
            } catch (IllegalArgumentException otherVersion) {
                session.close(1000, "negotiated " + session.version() + ", which this station does not speak");
                throw otherVersion;
            }
        });
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
