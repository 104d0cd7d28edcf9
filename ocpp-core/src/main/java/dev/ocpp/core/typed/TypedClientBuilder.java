package dev.ocpp.core.typed;

import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.validation.ValidationOptions;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;

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
        client.offer(version, handlers);
        return client.build();
    }
}
