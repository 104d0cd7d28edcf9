package dev.ocpp.examples.csms;

import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.spi.ConnectionLimits;
import dev.ocpp.core.frame.FrameRedactor;
import dev.ocpp.examples.support.ExchangeLog;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.security.CsmsSecurity;
import dev.ocpp.v16.Ocpp16ChargePointSession;
import dev.ocpp.v201.Ocpp201BootGating;
import dev.ocpp.v201.Ocpp201ChargingStationSession;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A running example CSMS: an {@link OcppServer} that serves {@code ws://host:port/ocpp/<identity>} for any
 * identity, answers with {@link CsmsHandlers}, and reports every frame and connection to an {@link ExchangeLog}.
 * With a {@link CsmsSecurity} it enforces that security profile instead: only the stations it knows, and under
 * profiles 2 and 3 only over TLS ({@code wss://}).
 * With boot gating on, OCPP 2.0.1 stations must have their BootNotification Accepted before anything else (Part 2
 * B01-B03), both for their calls and for the CSMS's calls to them through {@link #station201}. Closing it closes
 * every session and stops listening.
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
     * @param bootGating        whether OCPP 2.0.1 boot gating is on
     * @param security          the security profile enforced; {@code null} for none: any identity over plain
     *                          {@code ws://} without authentication
     * @param limits            the connection and handshake limits; {@code null} for
     *                          {@link ConnectionLimits#defaults()}
     */
    public record Settings(String host, int port, List<OcppVersion> protocols, Duration heartbeatInterval,
                           boolean bootGating, CsmsSecurity security, ConnectionLimits limits) {
        public Settings {
            Objects.requireNonNull(host, "host");
            protocols = List.copyOf(protocols);
            if (protocols.isEmpty()) {
                throw new IllegalArgumentException("serve at least one protocol");
            }
            Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
            limits = limits == null ? ConnectionLimits.defaults() : limits;
        }

        /** Settings with the default connection limits. */
        public Settings(String host, int port, List<OcppVersion> protocols, Duration heartbeatInterval,
                        boolean bootGating, CsmsSecurity security) {
            this(host, port, protocols, heartbeatInterval, bootGating, security, null);
        }

        /** Settings without a security profile. */
        public Settings(String host, int port, List<OcppVersion> protocols, Duration heartbeatInterval,
                        boolean bootGating) {
            this(host, port, protocols, heartbeatInterval, bootGating, null);
        }

        /** Settings with boot gating on and without a security profile. */
        public Settings(String host, int port, List<OcppVersion> protocols, Duration heartbeatInterval) {
            this(host, port, protocols, heartbeatInterval, true);
        }
    }

    private final OcppServer server;
    private final ExchangeLog log;
    private final Settings settings;
    private final Ocpp201BootGating gating;

    private ExampleCsms(OcppServer server, ExchangeLog log, Settings settings, Ocpp201BootGating gating) {
        this.server = server;
        this.log = log;
        this.settings = settings;
        this.gating = gating;
    }

    /**
     * Binds and starts the CSMS; returns once it accepts connections.
     *
     * @param sink receives one line per frame and per connection event; {@code null} for none
     */
    public static ExampleCsms start(Transports transports, Settings settings, Consumer<String> sink) {
        return start(transports, settings, sink, true);
    }

    /**
     * Binds and starts the CSMS; returns once it accepts connections.
     *
     * @param sink       receives log lines; {@code null} for none
     * @param frameLines whether every frame gets a line; without, only CALLERRORs and connection events do
     */
    public static ExampleCsms start(Transports transports, Settings settings, Consumer<String> sink,
                                    boolean frameLines) {
        return start(transports, settings, sink, frameLines, FrameRedactor.defaults());
    }

    /**
     * Binds and starts the CSMS; returns once it accepts connections.
     *
     * @param sink       receives log lines; {@code null} for none
     * @param frameLines whether every frame gets a line; without, only CALLERRORs and connection events do
     * @param redactor   what the frame lines mask; {@link FrameRedactor#none()} prints personal data and secrets
     */
    public static ExampleCsms start(Transports transports, Settings settings, Consumer<String> sink,
                                    boolean frameLines, FrameRedactor redactor) {
        ExchangeLog log = new ExchangeLog("csms", sink, frameLines, redactor);
        SessionConfig sessions = SessionConfig.builder().listener(log).frameListener(log).build();
        OcppServer.Builder b = OcppServer.builder(transports.server())
                .host(settings.host())
                .port(settings.port())
                .path(PATH)
                .connectionLimits(settings.limits())
                .sessionConfig(sessions);
        if (settings.security() != null) {
            settings.security().applyTo(b);
        }
        Ocpp201BootGating gating = settings.bootGating() ? Ocpp201BootGating.create() : null;
        for (OcppVersion v : settings.protocols()) {
            b.serve(v, CsmsHandlers.forVersion(v, settings.heartbeatInterval(), Clock.systemUTC(), gating));
        }
        OcppServer server = b.build().start();
        return new ExampleCsms(server, log, settings, gating);
    }

    /** The engine underneath, e.g. to call a station. */
    public OcppServer server() {
        return server;
    }

    /** The OCPP 2.0.1 boot gating, when on: the registration status of each station that booted. */
    public Optional<Ocpp201BootGating> bootGating() {
        return Optional.ofNullable(gating);
    }

    /**
     * The typed view of the OCPP 1.6 station connected as {@code identity}, for calls to it.
     *
     * @throws ConnectionClosedException if no such station is connected
     */
    public Ocpp16ChargePointSession station16(String identity) {
        return Ocpp16ChargePointSession.of(session(identity));
    }

    /**
     * The typed view of the OCPP 2.0.1 station connected as {@code identity}, for calls to it; its calls follow the
     * boot gating, if on (an interceptor of the session's 2.0.1 handlers, so the view needs no gating of its own).
     *
     * @throws ConnectionClosedException if no such station is connected
     */
    public Ocpp201ChargingStationSession station201(String identity) {
        return Ocpp201ChargingStationSession.of(session(identity));
    }

    private OcppSession session(String identity) {
        return server.session(identity).orElseThrow(() ->
                new ConnectionClosedException("no station is connected as " + identity));
    }

    /** The actual port, useful when started on port 0. */
    public int port() {
        return server.port();
    }

    /**
     * The endpoint stations connect to, without the identity: {@code ws://host:port/ocpp}, or {@code wss://} under
     * security profiles 2 and 3, where the port speaks nothing but TLS.
     */
    public URI endpoint() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        boolean tls = settings.security() != null && settings.security().profile().usesTls();
        return URI.create((tls ? "wss://" : "ws://") + host + ":" + port() + PATH);
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
