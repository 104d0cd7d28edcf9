package dev.ocpp.examples.cli;

import dev.ocpp.examples.demo.Demo;
import dev.ocpp.examples.demo.DemoReport;
import dev.ocpp.examples.support.DaemonThreads;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.security.SecurityProfile;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: an embedded CSMS and four stations of both versions over real WebSockets, a CSMS restart, a network
 * cut survived by the stations' delivery queues, then a summary.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "A self-contained run: embedded CSMS and 1.6 + 2.0.1 stations, then a summary.",
            "Starts an embedded CSMS (2.0.1 boot gating on) on a free loopback port and two OCPP 1.6 and two "
                    + "OCPP 2.0.1 stations over WebSockets; runs Boot, Status, Heartbeats and a charging session per "
                    + "station (1.6: Authorize, StartTransaction, MeterValues, StopTransaction; 2.0.1: Authorize, "
                    + "TransactionEvent Started, Updated, Ended), and typed CSMS calls to each station with their "
                    + "answers (1.6: GetConfiguration and a Reset, which the simulator refuses; 2.0.1: GetVariables "
                    + "of OCPPCommCtrlr.HeartbeatInterval and ChargingStation.Model). Then the CSMS drops every "
                    + "connection and each station reconnects by itself; last, the network of one station of each "
                    + "version is cut while it charges a whole session offline, its transaction messages kept in "
                    + "its delivery queue and delivered in order once it reconnects ('N messages queued offline, N "
                    + "delivered, 0 lost'). Prints a summary and exits 0 on success, 1 on failure or timeout.",
            "With --security-profile the CSMS enforces that profile and the stations connect with matching "
                    + "credentials, all made in memory for the run (a throw-away PKI, random passwords: OCPP 2.0.1 "
                    + "passwords and OCPP 1.6 AuthorizationKeys). The demo prints how each station connected as "
                    + "the CSMS saw it, lets one more station try with a wrong password (profiles 1 and 2) or a "
                    + "certificate from another CA (profile 3), prints the security event the CSMS reported for "
                    + "that refusal, then goes on as without a profile."
        })
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Give up and fail after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary, not every frame.")
    boolean quiet;

    @Option(names = "--security-profile", paramLabel = "1|2|3", converter = SecurityProfileConverter.class,
            description = "Run under this OCPP security profile: 1 = ws:// with HTTP Basic passwords, 2 = TLS "
                    + "(wss://) with HTTP Basic passwords, 3 = TLS with client certificates. Keys, certificates "
                    + "and passwords are made for the run and thrown away. Without it: plain ws://, no "
                    + "authentication.")
    SecurityProfile securityProfile;

    @Option(names = "--transport", defaultValue = "netty", paramLabel = "netty|tyrus",
            description = "WebSocket transport of the CSMS and the stations: tyrus or netty "
                    + "(default: ${DEFAULT-VALUE}).")
    String transport;

    @Spec
    CommandSpec spec;

    private Transports transports;

    /** Runs on transports given in code (overrides {@code --transport}); for embedding and tests. */
    public DemoCommand transports(Transports transports) {
        this.transports = transports;
        return this;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        // Transports made here from --transport are closed here: their client owns I/O threads.
        Transports created = transports != null ? null : TransportOption.resolve(spec, transport);
        Demo demo = new Demo(transports != null ? transports : created, quiet ? null : out::println,
                timeout, securityProfile);
        // The demo bounds its own waits; the extra thread and margin guard against a shutdown that hangs.
        ExecutorService runner = Executors.newSingleThreadExecutor(DaemonThreads.named("demo-"));
        try {
            DemoReport report = CompletableFuture.supplyAsync(demo::run, runner)
                    .get(timeoutSeconds + 5, TimeUnit.SECONDS);
            out.print(report.summary());
            out.flush();
            if (!report.success()) {
                err.println("Demo failed: " + String.join("; ", report.problems()));
                return 1;
            }
            return 0;
        } catch (TimeoutException e) {
            err.println("Demo failed: did not finish within " + timeoutSeconds + " s");
            return 1;
        } catch (ExecutionException e) {
            err.println("Demo failed: " + e.getCause());
            return 1;
        } finally {
            runner.shutdownNow();
            if (created != null) {
                created.client().close();
            }
        }
    }
}
