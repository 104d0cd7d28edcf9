package dev.ocpp.core.typed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.core.validation.ValidationOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The settings every typed station of one OCPP version shares: where it connects, as whom, session settings and
 * validation. The version modules' station builders (e.g. {@code Ocpp16ChargePoint.Builder},
 * {@code Ocpp201ChargingStation.Builder}) extend it with their typed handlers.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class TypedClientBuilder<B extends TypedClientBuilder<B>> {

    private final OcppClient.Builder client;
    private ValidationOptions validation = ValidationOptions.defaults();
    private String identity;
    /** Null until a boot notification is given: then the library runs boot and heartbeat. */
    private StationRuntime.Builder runtime;
    /** Null until delivery is asked for: then transaction messages are queued durably. */
    private DeliveryQueue.Builder delivery;

    /**
     * The key under which a station with both a runtime and a delivery queue keeps its last registration status in
     * the queue's {@link DeliveryQueue#state() state} (1.6 §4.2, 2.0.1 B01-B03), e.g. to show it after a restart.
     */
    public static final String REGISTRATION_STATE = "station/registration";

    /**
     * Hands what was built with a client (its runtime, its delivery queue) to the {@link TypedClient} made from it,
     * without the version modules' constructors having to pass it on. Weak keys: a client built but never wrapped is
     * not kept alive.
     */
    private static final Map<OcppClient, Built> BUILT = Collections.synchronizedMap(new WeakHashMap<>());

    /** The station runtime and delivery queue built with one client; either may be null. */
    record Built(StationRuntime runtime, DeliveryQueue delivery) {
    }

    protected TypedClientBuilder(TransportClientFactory transport) {
        this.client = OcppClient.builder(transport);
    }

    /** {@code this}, typed as the concrete builder. */
    protected abstract B self();

    /** The server's endpoint URL, without the identity. */
    public B endpoint(URI endpoint) {
        client.endpoint(endpoint);
        return self();
    }

    /** This station's identity, appended to the endpoint percent-encoded (OCPP-J §3.1.1 of both versions). */
    public B identity(String identity) {
        this.identity = identity;
        client.identity(identity);
        return self();
    }

    /** HTTP Basic credentials sent with the handshake. */
    public B credentials(BasicCredentials credentials) {
        client.credentials(credentials);
        return self();
    }

    /** Timeouts, limits, executor and listeners of the session. */
    public B sessionConfig(SessionConfig config) {
        client.sessionConfig(config);
        return self();
    }

    /** Any other client setting (TLS, ping interval, connect timeout, message size). */
    public B client(Consumer<OcppClient.Builder> settings) {
        settings.accept(client);
        return self();
    }

    /** How payloads are validated, both for handlers and for calls; on by default. */
    public B validation(ValidationOptions options) {
        this.validation = Objects.requireNonNull(options, "options");
        return self();
    }

    /**
     * Lets the library run the boot sequence and the heartbeat (see {@link StationRuntime}): {@code request}, a typed
     * BootNotification request of this station's version, is sent at start and again as the CSMS's answers say
     * (OCPP 1.6 §4.2; 2.0.1 Part 2 B01-B03), then Heartbeats at the interval the CSMS gave (1.6 §4.6, 2.0.1 G02).
     * Without it the application sends BootNotification itself, as before.
     */
    public B bootNotification(Object request) {
        Objects.requireNonNull(request, "request");
        return bootNotification(() -> request);
    }

    /**
     * Like {@link #bootNotification(Object)}, the request made afresh for each BootNotification sent (e.g. with
     * another boot reason after the first).
     */
    public B bootNotification(Supplier<?> request) {
        Objects.requireNonNull(request, "request");
        runtime().bootNotification(() -> (ObjectNode) OcppJson.mapper().valueToTree(request.get()));
        return self();
    }

    /** The heartbeat interval until the CSMS gives one; see {@link StationRuntime.Builder#heartbeatInterval}. */
    public B heartbeatInterval(Duration interval) {
        runtime().heartbeatInterval(interval);
        return self();
    }

    /** Whether other traffic stands in for Heartbeats; see {@link StationRuntime.Builder#skipHeartbeatWhileBusy}. */
    public B skipHeartbeatWhileBusy(boolean on) {
        runtime().skipHeartbeatWhileBusy(on);
        return self();
    }

    /** Any other setting of the station runtime (boot retry interval, following configuration changes). */
    public B stationRuntime(Consumer<StationRuntime.Builder> settings) {
        settings.accept(runtime());
        return self();
    }

    /**
     * Queues this station's transaction messages in {@code store} and delivers them in order until answered, across
     * lost connections and, with a durable store, restarts (OCPP 1.6 §3.7; 2.0.1 E04, E13, A04.FR.02): see
     * {@link DeliveryQueue} and {@link TypedClient#delivery()}. With a boot notification given, queued messages wait
     * for the registration to be accepted. Build one station per store.
     */
    public B delivery(MessageStore store) {
        Objects.requireNonNull(store, "store");
        return delivery(b -> b.store(store));
    }

    /** Like {@link #delivery(MessageStore)}, with any setting of the queue (bounds, pacing, listeners, retries). */
    public B delivery(Consumer<DeliveryQueue.Builder> settings) {
        if (delivery == null) {
            delivery = DeliveryQueue.builder(deliveryPolicy());
        }
        settings.accept(delivery);
        return self();
    }

    /** This version's delivery rules; the version modules' builders provide them. */
    protected DeliveryPolicy deliveryPolicy() {
        throw new UnsupportedOperationException("this station builder has no delivery rules");
    }

    private StationRuntime.Builder runtime() {
        if (runtime == null) {
            runtime = StationRuntime.builder();
        }
        return runtime;
    }

    /** The validation options set so far. */
    protected ValidationOptions validation() {
        return validation;
    }

    /** The identity set so far, or {@code null}. */
    protected String identity() {
        return identity;
    }

    /** The client that offers {@code version} with {@code handlers}. */
    protected OcppClient buildClient(OcppVersion version, Handlers handlers) {
        StationRuntime rt = null;
        if (runtime != null) {
            // Each station built gets its own runtime; its listener stays in the shared client builder, so it is
            // told to serve only the client built here.
            rt = runtime.build();
            rt.install(client);
            handlers = rt.intercept(handlers);
        }
        DeliveryQueue queue = null;
        if (delivery != null) {
            queue = delivery.build();
            queue.install(client);
            handlers = queue.intercept(handlers);
            if (rt != null) {
                queue.gateOn(rt);
                // Kept beside the messages so that a restarted station can tell what it last was before it boots.
                DeliveryQueue q = queue;
                rt.onRegistration(status -> q.state().put(REGISTRATION_STATE, status.value()));
            }
        }
        client.offer(version, handlers);
        OcppClient built = client.build();
        if (rt != null) {
            rt.serve(built);
        }
        if (queue != null) {
            queue.serve(built);
        }
        if (rt != null || queue != null) {
            BUILT.put(built, new Built(rt, queue));
        }
        return built;
    }

    /** The runtime and queue built with {@code client} (both null if none), handed over once. */
    static Built takeBuilt(OcppClient client) {
        Built b = BUILT.remove(client);
        return b != null ? b : new Built(null, null);
    }
}
