package dev.ocpp.examples.cli;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.ConnectionLimits;
import dev.ocpp.core.frame.FrameRedactor;
import dev.ocpp.examples.csms.ExampleCsms;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.security.CsmsSecurity;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code csms}: an example CSMS that accepts any station, or under a security profile the stations it knows, and logs
 * every exchange until stopped.
 */
@Command(name = "csms",
        mixinStandardHelpOptions = true,
        description = {
            "An example CSMS that accepts any station (or, secured, the ones it knows) and logs every frame.",
            "Runs an example CSMS at ws://HOST:PORT/ocpp/<identity> (wss:// under security profiles 2 and 3), "
                    + "accepting any identity unless a security profile says otherwise. Logs one line per frame. "
                    + "Stop with Ctrl-C.",
            "",
            "OCPP 1.6: answers all 14 charge-point actions with schema-valid responses: BootNotification "
                    + "Accepted with the time and --heartbeat-interval; Heartbeat the time; Authorize, "
                    + "StartTransaction (a fresh transaction id) and StopTransaction idTag Accepted; DataTransfer "
                    + "Accepted; SignCertificate Rejected (no CA); the notifications and MeterValues their empty "
                    + "answer. Invalid requests get the 1.6 CALLERROR for the violation (e.g. "
                    + "OccurenceConstraintViolation).",
            "OCPP 2.0.1: answers all 24 station actions and DataTransfer with schema-valid responses: "
                    + "BootNotification Accepted with the time and --heartbeat-interval; Heartbeat the time; "
                    + "Authorize idToken Accepted; TransactionEvent idTokenInfo Accepted when the event carries an "
                    + "idToken; DataTransfer and NotifyEVChargingSchedule Accepted; SignCertificate and "
                    + "NotifyEVChargingNeeds Rejected; Get15118EVCertificate and GetCertificateStatus Failed; the "
                    + "notifications, reports and MeterValues their empty answer. Invalid requests get the 2.0.1 "
                    + "CALLERROR for the violation (e.g. OccurrenceConstraintViolation).",
            "Boot gating (OCPP 2.0.1 B01-B03) is on: a 2.0.1 station's calls before its BootNotification was "
                    + "Accepted are answered CALLERROR SecurityError. --no-boot-gating turns it off.",
            "",
            "Security profiles (--security-profile): 1 = ws:// with HTTP Basic passwords, 2 = wss:// (TLS) with "
                    + "HTTP Basic passwords, 3 = wss:// with client certificates (mutual TLS). Under 1 and 2 only "
                    + "the stations given a password connect (others get HTTP 404, a wrong password HTTP 401); under "
                    + "3 only stations whose certificate leads to a --station-ca and names their identity. Each "
                    + "refusal is printed as 'security-event <2.0.1 name>/<1.6 name> <identity> <techInfo>' "
                    + "(identity - when the TLS handshake failed before the URL was read). Without a profile the "
                    + "CSMS is unsecured and says so. The pki command writes a throw-away PKI to try them with."
        },
        footer = {"", SecurityOptions.SECRETS_FOOTER})
public final class CsmsCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8180", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--protocols", split = ",", defaultValue = "ocpp1.6,ocpp2.0.1", paramLabel = "LIST",
            converter = VersionConverter.class,
            description = "Subprotocols served, most preferred first (default: ${DEFAULT-VALUE}).")
    List<OcppVersion> protocols;

    @Option(names = "--heartbeat-interval", defaultValue = "300", paramLabel = "SECONDS",
            description = "Interval returned in BootNotification (default: ${DEFAULT-VALUE}).")
    long heartbeatInterval;

    @Option(names = "--no-boot-gating",
            description = "Answer OCPP 2.0.1 stations' calls even before their BootNotification was Accepted "
                    + "(by default such calls get CALLERROR SecurityError, OCPP 2.0.1 B01-B03).")
    boolean noBootGating;

    @Option(names = "--transport", defaultValue = "netty", paramLabel = "netty|tyrus",
            description = "WebSocket transport: tyrus or netty (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = {"-q", "--quiet"},
            description = "No line per frame (CALLERRORs are still printed), for CSMSs under load; start-up, "
                    + "connection and error lines stay.")
    boolean quiet;

    @Option(names = "--show-secrets",
            description = "Print personal data and secrets as they are: idTags, idTokens, passwords, keys, "
                    + "certificates and customer data. By default the output masks them as *** so that a log "
                    + "kept or shared does not hand them on. For debugging only: the output then holds personal "
                    + "data.")
    boolean showSecrets;

    @Option(names = "--max-connections", defaultValue = "" + ConnectionLimits.DEFAULT_MAX_CONNECTIONS,
            paramLabel = "N", description = "Connections held at once, upgraded or not (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            defaultValue = "" + ConnectionLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            description = "Connections held at once from one IP address (IPv6: one /64); raise it when stations "
                    + "share an address behind NAT or a proxy (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerAddress;

    @Option(names = "--max-pending-handshakes", paramLabel = "N",
            defaultValue = "" + ConnectionLimits.DEFAULT_MAX_PENDING_HANDSHAKES,
            description = "Connections not yet upgraded, in all; beyond it the oldest is closed "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxPendingHandshakes;

    @Option(names = "--max-pending-handshakes-per-address", paramLabel = "N",
            defaultValue = "" + ConnectionLimits.DEFAULT_MAX_PENDING_HANDSHAKES_PER_ADDRESS,
            description = "Connections not yet upgraded from one IP address; more are refused at once "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxPendingHandshakesPerAddress;

    @Option(names = "--handshake-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Time from accepting a connection to answering its upgrade, TLS included; a connection "
                    + "still silent then is closed (default: ${DEFAULT-VALUE}).")
    long handshakeTimeout;

    @Mixin
    CsmsSecurityOptions security;

    @Spec
    CommandSpec spec;

    private Transports transports;

    /**
     * Looks the {@code --X-env} options up in {@code environment} instead of the process environment; for
     * embedding and tests.
     */
    public CsmsCommand environment(java.util.function.Function<String, String> environment) {
        security.environment(environment);
        return this;
    }

    /** Runs on transports given in code (overrides {@code --transport}); for embedding and tests. */
    public CsmsCommand transports(Transports transports) {
        this.transports = transports;
        return this;
    }

    /**
     * Starts the CSMS and announces it with a line containing {@code listening} and the URL; returns the running
     * CSMS (its port is the actual one when started with {@code --port 0}).
     */
    public ExampleCsms start() {
        // First, so that a mistyped name is refused before anything is printed or bound.
        Transports chosen = transports;
        if (chosen == null) {
            chosen = TransportOption.resolve(spec, transport);
            // A CSMS only listens: the client factory made along with the server is never used, so it is closed at
            // once rather than left without an owner.
            chosen.client().close();
        }
        PrintWriter out = spec.commandLine().getOut();
        CsmsSecurity secured = security.build(SecurityOptions.printer(out, null)).orElse(null);
        if (secured == null) {
            spec.commandLine().getErr().println("WARNING: no --security-profile: this CSMS is unsecured, any station "
                    + "may connect over plain ws:// without a password. For trusted networks and tests only.");
        }
        ExampleCsms csms = ExampleCsms.start(chosen,
                new ExampleCsms.Settings(host, port, protocols, Duration.ofSeconds(heartbeatInterval),
                        !noBootGating, secured, limits()),
                out::println, !quiet, FrameRedactor.of(showSecrets));
        out.println("CSMS listening on " + csms.endpoint() + "/<identity> (protocols "
                + protocols.stream().map(OcppVersion::subprotocol).collect(Collectors.joining(", "))
                + (protocols.contains(OcppVersion.OCPP201)
                        ? ", 2.0.1 boot gating " + (noBootGating ? "off" : "on") : "")
                + (transports != null ? "" : ", transport " + transport.trim().toLowerCase(java.util.Locale.ROOT))
                + (quiet ? ", quiet" : "")
                + (showSecrets ? ", showing secrets" : "")
                + (secured == null ? ", unsecured" : ", security profile " + secured.profile().number()) + ")");
        return csms;
    }

    private ConnectionLimits limits() {
        try {
            return ConnectionLimits.builder()
                    .maxConnections(maxConnections)
                    .maxConnectionsPerAddress(maxConnectionsPerAddress)
                    .maxPendingHandshakes(maxPendingHandshakes)
                    .maxPendingHandshakesPerAddress(maxPendingHandshakesPerAddress)
                    .handshakeTimeout(Duration.ofSeconds(handshakeTimeout))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        ExampleCsms csms = start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            spec.commandLine().getOut().println("CSMS shutting down");
            csms.close();
            try {
                security.flushEvents();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "csms-shutdown"));
        stopped.await();
        return 0;
    }
}
