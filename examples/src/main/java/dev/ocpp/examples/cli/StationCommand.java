package dev.ocpp.examples.cli;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.examples.station.StationIds;
import dev.ocpp.examples.station.StationSimulator;
import dev.ocpp.examples.support.DaemonThreads;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.security.StationSecurity;
import java.io.PrintWriter;
import java.net.URI;
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
 * heartbeats, charge once and answer every call their CSMS may make.
 */
@Command(name = "station",
        mixinStandardHelpOptions = true,
        description = {
            "Simulated charging stations: boot, status, heartbeats, one charging session.",
            "Connects simulated charging stations to a CSMS: each sends BootNotification (again after the "
                    + "interval while the CSMS answers Pending or Rejected), StatusNotification, then Heartbeats at "
                    + "the interval the CSMS returned (or --heartbeat-interval), and stays connected until stopped "
                    + "(Ctrl-C); the library's station runtime (StationRuntime) does the booting and the heartbeats. "
                    + "Once booted, each runs one charging session with samples of "
                    + "Energy.Active.Import.Register in Wh, rising, --meter-interval apart. Prints one line per "
                    + "exchange.",
            "",
            "Reconnects: after its first connection each station reconnects by itself whenever the connection is "
                    + "lost, independently of the others, waiting as the OCPP 2.0.1 back-off says (--retry-back-off); "
                    + "it prints each connection state change and each back-off delay. A reconnect is not a reboot: "
                    + "no new BootNotification, the heartbeats and the charging session carry on. A charging-session "
                    + "message that gets no answer within --call-timeout, or whose connection is lost, is sent again "
                    + "until answered: the station never gives up its transaction for that.",
            "",
            "OCPP 1.6: Authorize, StartTransaction, three MeterValues, StopTransaction. The stations answer all 26 "
                    + "central-system calls with valid responses: Accepted where the simulator can keep the promise "
                    + "(TriggerMessage sends the message, RemoteStartTransaction starts a session), Rejected or "
                    + "NotFound where it cannot (Reset, firmware updates, certificates).",
            "OCPP 2.0.1: Authorize, TransactionEvent Started, three Updated and Ended (seqNo 0 to 4). Until the "
                    + "CSMS accepts the BootNotification the station sends nothing else (boot gating, B01-B03). The "
                    + "stations answer all 39 CSMS calls and DataTransfer with valid responses: GetVariables and "
                    + "SetVariables from a small device model (ChargingStation VendorName, Model, SerialNumber, "
                    + "AvailabilityState; OCPPCommCtrlr HeartbeatInterval; SampledDataCtrlr TxUpdatedInterval, "
                    + "TxUpdatedMeasurands; AuthCtrlr AuthorizeRemoteStart), RequestStart/StopTransaction start and "
                    + "stop the session, Reset Accepted (the station boots again), TriggerMessage sends the message, "
                    + "reports follow GetBaseReport and GetReport; Rejected or NotFound for firmware, certificates "
                    + "and network profiles.",
            "",
            "Security profiles (--security-profile): 1 = ws:// with an HTTP Basic password (--password, or "
                    + "--authorization-key for OCPP 1.6), 2 = wss:// (TLS) with that password, checking the CSMS's "
                    + "certificate against --csms-ca, 3 = wss:// with the station's own certificate (--client-cert "
                    + "and --client-key, or --client-keystore). Under 2 and 3 a ws:// --url is refused (exit 2): "
                    + "a station never falls back to a lower profile. Each failure is printed as 'security-event "
                    + "<2.0.1 name>/<1.6 name> <identity> <techInfo>'. The pki command writes a throw-away PKI to "
                    + "try them with."
        })
public final class StationCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:8180/ocpp", paramLabel = "URL",
            description = "CSMS endpoint without the identity; wss://... under security profiles 2 and 3 "
                    + "(default: ${DEFAULT-VALUE}).")
    URI url;

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
            description = "Seconds (fractions allowed) between the steps of the charging session after boot "
                    + "(default: ${DEFAULT-VALUE}).")
    double meterInterval;

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

    @Mixin
    StationSecurityOptions security;

    @Spec
    CommandSpec spec;

    private Transports transports;

    /** Runs on another transport than Tyrus; for embedding and tests. */
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
        security.check(url, count);
        PrintWriter out = spec.commandLine().getOut();
        Transports t = transports != null ? transports : Transports.tyrus();
        List<StationSimulator> stations = new ArrayList<>();
        for (String identity : StationIds.expand(id, count)) {
            // One configuration per station: its certificate may be its own, and its events name it.
            StationSecurity secured = security.build(identity, SecurityOptions.printer(out, identity)).orElse(null);
            stations.add(new StationSimulator(t, new StationSimulator.Settings(url, identity, protocol, heartbeat,
                    vendor, model, meter, secured, backOff, timeout), timers, out::println));
        }
        return stations;
    }

    @Override
    public Integer call() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("station-timer-"));
        List<StationSimulator> stations = stations(timers);
        Thread stopper = new Thread(() -> stopAll(stations), "station-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        stations.forEach(StationSimulator::start);
        // Stations reconnect by themselves once connected; they leave only when stopped or when their first
        // connection fails. The command ends when all have left.
        CompletableFuture.allOf(stations.stream().map(StationSimulator::closed)
                .toArray(CompletableFuture[]::new)).join();
        timers.shutdownNow();
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
