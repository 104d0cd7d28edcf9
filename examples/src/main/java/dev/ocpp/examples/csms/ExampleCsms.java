package dev.ocpp.examples.csms;

import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.examples.support.ExchangeLog;
import dev.ocpp.examples.support.Transports;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A running example CSMS: an {@link OcppServer} that serves {@code ws://host:port/ocpp/<identity>} for any
 * identity, answers with {@link CsmsHandlers}, and reports every frame and connection to an {@link ExchangeLog}.
 * Closing it closes every session and stops listening.
 */
public final class ExampleCsms implements AutoCloseable {

    /** The path in front of the station identity. */
    public static final String PATH = "/ocpp";

    /**
     * What to serve.
     *
     * @param host              the address to bind (a loopback address unless exposing the CSMS is intended)
     * @param port              the port; 0 picks a free one
     * @param protocols         the versions served, most preferred first
     * @param heartbeatInterval the interval returned in BootNotification
     */
    public record Settings(String host, int port, List<OcppVersion> protocols, Duration heartbeatInterval) {
        public Settings {
            Objects.requireNonNull(host, "host");
            protocols = List.copyOf(protocols);
            if (protocols.isEmpty()) {
                throw new IllegalArgumentException("serve at least one protocol");
            }
            Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        }
    }

    private final OcppServer server;
    private final ExchangeLog log;
    private final Settings settings;

    private ExampleCsms(OcppServer server, ExchangeLog log, Settings settings) {
        this.server = server;
        this.log = log;
        this.settings = settings;
    }

    /**
     * Binds and starts the CSMS; returns once it accepts connections.
     *
     * @param sink receives one line per frame and per connection event; {@code null} for none
     */
    public static ExampleCsms start(Transports transports, Settings settings, Consumer<String> sink) {
        ExchangeLog log = new ExchangeLog("csms", sink);
        SessionConfig sessions = SessionConfig.builder().listener(log).frameListener(log).build();
        OcppServer.Builder b = OcppServer.builder(transports.server())
                .host(settings.host())
                .port(settings.port())
                .path(PATH)
                .sessionConfig(sessions);
        for (OcppVersion v : settings.protocols()) {
            b.serve(v, CsmsHandlers.forVersion(v, settings.heartbeatInterval(), Clock.systemUTC()));
        }
        OcppServer server = b.build().start();
        return new ExampleCsms(server, log, settings);
    }

    /** The engine underneath, e.g. to call a station. */
    public OcppServer server() {
        return server;
    }

    /** The actual port, useful when started on port 0. */
    public int port() {
        return server.port();
    }

    /** The endpoint stations connect to, without the identity: {@code ws://host:port/ocpp}. */
    public URI endpoint() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return URI.create("ws://" + host + ":" + port() + PATH);
    }

    /** What was exchanged so far. */
    public ExchangeLog log() {
        return log;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        server.close();
    }
}
