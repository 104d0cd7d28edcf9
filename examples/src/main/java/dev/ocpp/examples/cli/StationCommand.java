package dev.ocpp.examples.cli;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.MessageStoreException;
import dev.ocpp.examples.station.StationIds;
import dev.ocpp.examples.station.StationSimulator;
import dev.ocpp.examples.station.StationStores;
import dev.ocpp.examples.support.DaemonThreads;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.security.StationSecurity;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code station}: one or more simulated charging stations of either version that boot, report status, send
 * heartbeats, charge (once, or {@code --transactions N} times) and answer every call their CSMS may make. Their
 * transaction messages go through the library's durable delivery queue, kept with {@code --store DIR} in
 * {@link StationStores}, so that a station restarted on the same directory delivers what the last run left and ends
 * the transaction it left open.
 */
@Command(name = "station",
        mixinStandardHelpOptions = true,
        description = {
            "Simulated charging stations: boot, status, heartbeats, charging sessions.",
            "Connects simulated charging stations to a CSMS: each sends BootNotification (again after the "
                    + "interval while the CSMS answers Pending or Rejected), StatusNotification, then Heartbeats at "
                    + "the interval the CSMS returned (or --heartbeat-interval), and stays connected until stopped "
                    + "(Ctrl-C); the library's station runtime (StationRuntime) does the booting and the heartbeats. "
                    + "Once booted, each runs --transactions charging sessions one after another (default one), "
                    + "each with --meter-values samples of Energy.Active.Import.Register in Wh, rising, "
                    + "--meter-interval apart. Prints one line per exchange.",
            "",
            "Reconnects: after its first connection each station reconnects by itself whenever the connection is "
                    + "lost, independently of the others, waiting as the OCPP 2.0.1 back-off says (--retry-back-off); "
                    + "it prints each connection state change and each back-off delay. A reconnect is not a reboot: "
                    + "no new BootNotification, the heartbeats and the charging session carry on.",
            "",
            "Durable delivery: the transaction messages (1.6 StartTransaction, MeterValues of a transaction, "
                    + "StopTransaction; 2.0.1 TransactionEvent) go through the library's delivery queue: stored "
                    + "before they are sent, delivered in order after each (re)connection, retried after a CALLERROR "
                    + "(or, in 2.0.1, no answer within --call-timeout) up to --message-attempts times, "
                    + "--message-retry-interval x n apart, then discarded. A charging session goes on metering "
                    + "without a connection and starts without Authorize when it has none. Each station prints "
                    + "'queued <action> <key> (depth N)', 'delivered ... after N attempt(s)', 'discarded ... "
                    + "(reason)'. With --store DIR the queue and the record of the open transaction are kept in "
                    + "DIR/<identity>: a station stopped mid-transaction (Ctrl-C, a crash) ends that transaction "
                    + "at its next start on the same DIR, before charging again: 1.6 StopTransaction with reason "
                    + "PowerLoss and the transactionId the CSMS assigned, 2.0.1 TransactionEvent Ended with "
                    + "stoppedReason PowerLoss and the next seqNo. Without --store the queue is in memory.",
            "",
            "The stations are the testkit's SimulatedStation (its class Javadoc lists every answer and what "
                    + "follows it). A charging session: the cable is plugged in, idTag TAG-<identity> is presented, "
                    + "--meter-values readings are taken, the driver stops (reason Local) and unplugs. Both versions "
                    + "answer every call their CSMS may make with valid responses, mostly Accepted: a remote start "
                    + "runs a session with the given idTag (with Authorize; Rejected while charging), a remote stop "
                    + "or Reset stops the transaction (Reset then boots again), TriggerMessage sends the message, "
                    + "GetDiagnostics and GetLog are followed by a failed upload, a signed firmware update is "
                    + "refused (InvalidCertificate).",
            "OCPP 1.6: StatusNotification Preparing, Authorize, StartTransaction, StatusNotification Charging, a "
                    + "MeterValues per reading, StopTransaction, StatusNotification Finishing and Available. "
                    + "GetConfiguration and ChangeConfiguration work on the core and profile keys.",
            "OCPP 2.0.1: StatusNotification Occupied and TransactionEvent Started (CablePluggedIn) at plug-in, "
                    + "Authorize and Updated (Authorized), an Updated (MeterValuePeriodic) per reading, Ended "
                    + "(StopAuthorized, Local), StatusNotification Available: seqNo 0 to --meter-values + 2. Until "
                    + "the CSMS accepts the BootNotification the station sends nothing else (boot gating, B01-B03). "
                    + "GetVariables, SetVariables, GetBaseReport and GetReport work on a device model of the usual "
                    + "controllers.",
            "",
            "Security profiles (--security-profile): 1 = ws:// with an HTTP Basic password (--password, or "
                    + "--authorization-key for OCPP 1.6), 2 = wss:// (TLS) with that password, checking the CSMS's "
                    + "certificate against --csms-ca, 3 = wss:// with the station's own certificate (--client-cert "
                    + "and --client-key, or --client-keystore). Under 2 and 3 a ws:// --url is refused (exit 2): "
                    + "a station never falls back to a lower profile. Each failure is printed as 'security-event "
                    + "<2.0.1 name>/<1.6 name> <identity> <techInfo>'. The pki command writes a throw-away PKI to "
                    + "try them with.",
            "",
            "Raising the security profile (1.6 security white paper A05, 2.0.1 A05/B09/B10): a station started on "
                    + "profile 1 goes to 2 when its CSMS asks, never back down. The CSMS first installs its root "
                    + "(InstallCertificate CentralSystemRootCertificate / CSMSRootCertificate). OCPP 1.6: "
                    + "ChangeConfiguration SecurityProfile 2 is Accepted with --secure-url (and Rejected without it, "
                    + "without the root or without a password); the station then drops the connection and "
                    + "reconnects to --secure-url with the same identity and password. OCPP 2.0.1: SetNetworkProfile "
                    + "into slot 1 or 2 (slot 0 is the --url profile), SetVariables "
                    + "OCPPCommCtrlr.NetworkConfigurationPriority with that slot first (RebootRequired), then Reset: "
                    + "the station boots on the new profile and deletes the slots of a lower one. If the new profile "
                    + "fails 3 times in a row the station falls back to the old one. The station prints the calls "
                    + "and its reconnection ('reconnected to wss://... (security profile 2)'); the library logs the "
                    + "switch and a fallback on stderr."
        },
        footer = {"", SecurityOptions.SECRETS_FOOTER})
public final class StationCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:8180/ocpp", paramLabel = "URL",
            description = "CSMS endpoint without the identity; wss://... under security profiles 2 and 3 "
                    + "(default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--secure-url", paramLabel = "URL",
            description = "OCPP 1.6: the wss:// CSMS endpoint without the identity where a station goes when the "
                    + "CSMS raises its security profile to 2 (ChangeConfiguration SecurityProfile, security white "
                    + "paper A05, which carries no URL), trusting the CentralSystemRootCertificate the CSMS installed "
                    + "first; the same identity and password. Without it such a raise is Rejected. A 2.0.1 station "
                    + "is told the URL in SetNetworkProfile and needs no option.")
    URI secureUrl;

    @Option(names = "--id", defaultValue = "CP001", paramLabel = "ID",
            description = "Station identity; with --count > 1 the first of a numbered series "
                    + "(CP001 -> CP001, CP002, ...) (default: ${DEFAULT-VALUE}).")
    String id;

    @Option(names = "--protocol", defaultValue = "ocpp1.6", paramLabel = "PROTOCOL",
            converter = VersionConverter.class,
            description = "ocpp1.6 or ocpp2.0.1 (default: ${DEFAULT-VALUE}).")
    OcppVersion protocol;

    @Option(names = "--count", defaultValue = "1", paramLabel = "K",
            description = "Number of stations (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--heartbeat-interval", paramLabel = "SECONDS",
            description = "Heartbeat interval in seconds (fractions allowed), kept instead of the one the CSMS "
                    + "returns in BootNotification (a later ChangeConfiguration / SetVariables of it still applies).")
    Double heartbeatInterval;

    @Option(names = "--meter-interval", defaultValue = "1", paramLabel = "SECONDS",
            description = "Seconds (fractions allowed) before each meter reading of a charging session, and between "
                    + "sessions (default: ${DEFAULT-VALUE}).")
    double meterInterval;

    @Option(names = "--transactions", defaultValue = "1", paramLabel = "N",
            description = "Charging sessions each station runs one after another once booted; 0 for none "
                    + "(default: ${DEFAULT-VALUE}).")
    int transactions;

    @Option(names = "--meter-values", defaultValue = "3", paramLabel = "N",
            description = "Meter samples per charging session: MeterValues (1.6) or TransactionEvent Updated "
                    + "(2.0.1) (default: ${DEFAULT-VALUE}).")
    int meterValues;

    @Option(names = "--store", paramLabel = "DIR",
            description = "Keep each station's delivery queue and open transaction in DIR/<identity>, so that a "
                    + "restarted station delivers what was left and ends the transaction it left open (default: "
                    + "in memory, lost when the station stops).")
    Path store;

    @Option(names = "--message-attempts", paramLabel = "N",
            description = "Transmissions of a transaction message that may fail before it is discarded, until the "
                    + "CSMS sets TransactionMessageAttempts / MessageAttempts (default: the library's, 3).")
    Integer messageAttempts;

    @Option(names = "--message-retry-interval", paramLabel = "SECONDS",
            description = "Wait before retransmitting a failed transaction message, times the failures so far "
                    + "(fractions allowed), until the CSMS sets TransactionMessageRetryInterval / "
                    + "MessageAttemptInterval (default: the library's, 60).")
    Double messageRetryInterval;

    @Option(names = "--replay-delay", paramLabel = "SECONDS",
            description = "After a (re)connection with messages queued, wait a random time up to this (fractions "
                    + "allowed) before sending them, so that many stations do not flood a restarted CSMS at once "
                    + "(default: the library's, 5).")
    Double replayDelay;

    @Option(names = "--call-timeout", paramLabel = "SECONDS",
            description = "How long a call waits for its answer, in seconds (fractions allowed; default: the "
                    + "library's, 30).")
    Double callTimeout;

    @Option(names = "--retry-back-off", paramLabel = "MIN,RANGE,TIMES",
            description = "Reconnect back-off: the minimum wait and the random range in seconds (fractions "
                    + "allowed) and how many times it doubles, as OCPP 2.0.1's RetryBackOffWaitMinimum, "
                    + "RetryBackOffRandomRange, RetryBackOffRepeatTimes (default: 10,10,5).")
    String retryBackOff;

    @Option(names = "--vendor", defaultValue = "dev.ocpp", paramLabel = "NAME",
            description = "Vendor sent in BootNotification (default: ${DEFAULT-VALUE}).")
    String vendor;

    @Option(names = "--model", defaultValue = "ExampleStation", paramLabel = "NAME",
            description = "Model sent in BootNotification; at most 20 characters for OCPP 2.0.1 "
                    + "(default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--transport", defaultValue = "netty", paramLabel = "netty|tyrus",
            description = "WebSocket transport: tyrus or netty (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--show-secrets",
            description = "Print personal data and secrets as they are: idTags, idTokens, passwords, keys, "
                    + "certificates and customer data. By default the output masks them as *** so that a log "
                    + "kept or shared does not hand them on. For debugging only: the output then holds personal "
                    + "data.")
    boolean showSecrets;

    @Mixin
    StationSecurityOptions security;

    @Spec
    CommandSpec spec;

    private Transports transports;
    /** The transports made from {@code --transport}, whose client this command therefore closes; null if given. */
    private volatile Transports created;

    /**
     * Looks the {@code --X-env} options up in {@code environment} instead of the process environment; for
     * embedding and tests.
     */
    public StationCommand environment(java.util.function.Function<String, String> environment) {
        security.environment(environment);
        return this;
    }

    /** Runs on transports given in code (overrides {@code --transport}); for embedding and tests. */
    public StationCommand transports(Transports transports) {
        this.transports = transports;
        return this;
    }

    /** Creates the stations (not yet connected); each connects and boots on {@link StationSimulator#start()}. */
    public List<StationSimulator> stations(ScheduledExecutorService timers) {
        if (count < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        Duration heartbeat = null;
        if (heartbeatInterval != null) {
            if (heartbeatInterval <= 0) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--heartbeat-interval must be positive");
            }
            heartbeat = Duration.ofMillis(Math.max(1, Math.round(heartbeatInterval * 1000)));
        }
        if (!(meterInterval >= 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--meter-interval must not be negative");
        }
        Duration meter = Duration.ofMillis(Math.round(meterInterval * 1000));
        Duration timeout = null;
        if (callTimeout != null) {
            if (!(callTimeout > 0)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--call-timeout must be positive");
            }
            timeout = Duration.ofMillis(Math.max(1, Math.round(callTimeout * 1000)));
        }
        RetryBackOff backOff = retryBackOff == null ? null : backOff(retryBackOff);
        StationSimulator.Delivery delivery = delivery();
        security.check(url, count);
        if (secureUrl != null && !"wss".equalsIgnoreCase(secureUrl.getScheme())) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--secure-url must be wss:// (security profile 2 runs over TLS), not " + secureUrl);
        }
        PrintWriter out = spec.commandLine().getOut();
        Transports t = transports;
        if (t == null) {
            t = TransportOption.resolve(spec, transport);
            created = t;
        }
        List<StationSimulator> stations = new ArrayList<>();
        for (String identity : StationIds.expand(id, count)) {
            // One configuration per station: its certificate may be its own, and its events name it.
            StationSecurity secured = security.build(identity, SecurityOptions.printer(out, identity)).orElse(null);
            stations.add(new StationSimulator(t, new StationSimulator.Settings(url, identity, protocol, heartbeat,
                    vendor, model, meter, secured, backOff, timeout, transactions, meterValues,
                    delivery.withStore(store(identity)), secureUrl), timers, out::println).showSecrets(showSecrets));
        }
        return stations;
    }

    /** The queueing options; the store is each station's own. */
    private StationSimulator.Delivery delivery() {
        if (transactions < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--transactions must not be negative");
        }
        if (meterValues < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--meter-values must not be negative");
        }
        if (messageAttempts != null && messageAttempts < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--message-attempts must be at least 1");
        }
        Duration retryInterval = null;
        if (messageRetryInterval != null) {
            if (!(messageRetryInterval >= 0)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--message-retry-interval must not be negative");
            }
            retryInterval = Duration.ofMillis(Math.round(messageRetryInterval * 1000));
        }
        StationSimulator.Delivery d = StationSimulator.Delivery.defaults().withRetries(messageAttempts,
                retryInterval);
        if (replayDelay != null) {
            if (!(replayDelay >= 0)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--replay-delay must not be negative");
            }
            d = d.withReplayPacing(Duration.ofMillis(Math.round(replayDelay * 1000)),
                    StationSimulator.Delivery.DEFAULT_REPLAY_INTERVAL);
        }
        return d;
    }

    /** The store of one station: {@code --store}/identity, or none (an in-memory one of its own). */
    private MessageStore store(String identity) {
        if (store == null) {
            return null;
        }
        try {
            return StationStores.open(store.resolve(identity));
        } catch (MessageStoreException | java.nio.file.InvalidPathException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--store " + store + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("station-timer-"));
        List<StationSimulator> stations;
        try {
            stations = stations(timers);
        } catch (RuntimeException e) {
            // A refused option (e.g. an unknown --transport) must not leave the timer thread behind.
            timers.shutdownNow();
            throw e;
        }
        Thread stopper = new Thread(() -> {
            stopAll(stations);
            closeCreatedClient();
        }, "station-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        startPaced(stations);
        // Stations reconnect by themselves once connected; they leave only when stopped or when their first
        // connection fails. The command ends when all have left.
        CompletableFuture.allOf(stations.stream().map(StationSimulator::closed)
                .toArray(CompletableFuture[]::new)).join();
        timers.shutdownNow();
        closeCreatedClient();
        // The security event of a refused station is the reason it left: print it before the JVM exits.
        security.flushEvents();
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            return 0;
        }
        spec.commandLine().getOut().println("All stations disconnected");
        return 1;
    }

    private RetryBackOff backOff(String text) {
        String[] parts = text.split(",");
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException("three values expected");
            }
            return new RetryBackOff(Duration.ofMillis(Math.round(Double.parseDouble(parts[0].trim()) * 1000)),
                    Duration.ofMillis(Math.round(Double.parseDouble(parts[1].trim()) * 1000)),
                    Integer.parseInt(parts[2].trim()));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--retry-back-off must be MIN,RANGE,TIMES (e.g. 10,10,5): " + e.getMessage());
        }
    }

    /** The client factory owns its I/O threads; the command made it, so the command stops it. */
    private void closeCreatedClient() {
        Transports t = created;
        if (t != null) {
            t.client().close();
        }
    }

    /** How many stations of a {@code --count} fleet connect at once. */
    private static final int CONNECTING_AT_ONCE = 8;
    /** How long a station may take to connect and boot before the next one starts anyway. */
    private static final Duration START_PACE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Starts the stations a few at a time, each next one once an earlier one has booted, failed, or taken
     * {@link #START_PACE_TIMEOUT}. A fleet on one machine shares one address: opened all at once, it would meet the
     * CSMS's cap on pending handshakes per address ({@code ConnectionLimits}, 16 by default in this library), and
     * a station whose first connection is refused leaves. Real stations come back spread out, by their back-off.
     */
    static void startPaced(List<StationSimulator> stations) {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < Math.min(CONNECTING_AT_ONCE, stations.size()); i++) {
            startNext(stations, next);
        }
    }

    private static void startNext(List<StationSimulator> stations, java.util.concurrent.atomic.AtomicInteger next) {
        int i = next.getAndIncrement();
        if (i >= stations.size()) {
            return;
        }
        stations.get(i).start().copy()
                .completeOnTimeout(null, START_PACE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((booted, failed) -> startNext(stations, next));
    }

    private static void stopAll(List<StationSimulator> stations) {
        stations.forEach(StationSimulator::close);
        try {
            CompletableFuture.allOf(stations.stream().map(StationSimulator::closed)
                    .toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | InterruptedException | java.util.concurrent.ExecutionException e) {
            // Exiting anyway: the JVM is going down and will drop the sockets.
        }
    }
}
