package dev.ocpp.examples.cli;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.examples.conformance.ExternalStation;
import dev.ocpp.testkit.Role;
import dev.ocpp.testkit.conformance.Catalogue;
import dev.ocpp.testkit.conformance.ConformanceReport;
import dev.ocpp.testkit.conformance.CsmsUnderTest;
import dev.ocpp.testkit.conformance.Scenario;
import dev.ocpp.testkit.conformance.ScenarioResult;
import dev.ocpp.testkit.conformance.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code conformance}: the testkit's scenario catalogue ({@link Catalogue}) against a CSMS or a station running
 * elsewhere, with one line per scenario, a summary, an optional Markdown or HTML report, and an exit code for CI.
 */
// No mixinStandardHelpOptions: its -V/--version would take the name of the protocol option the issue asks for.
@Command(name = "conformance",
        description = {
            "Runs the testkit's conformance scenarios against a running CSMS or station.",
            "--role csms: acts as simulated stations that connect to the CSMS at --url (without the identity) as "
                    + "--identity, one connection per scenario, and check its answers: BootNotification, "
                    + "Heartbeat, Authorize, StatusNotification, transactions, MeterValues, DataTransfer, and the "
                    + "RPC framework's CALLERRORs for invalid payloads, unknown actions and frames that are not "
                    + "JSON. Scenarios in which the CSMS must send a CALL of its own (remote start, Reset, "
                    + "TriggerMessage, ChangeAvailability) need an adapter in code that the command line cannot "
                    + "give: they are reported SKIPPED, not failed.",
            "--role station: acts as the CSMS for a station pointed at the URL the command prints (listening on "
                    + "--host and --port) and connecting as --identity. Every scenario expects a cold boot: at "
                    + "the end of each in which the station was accepted it is sent a Reset (1.6 Hard, 2.0.1 "
                    + "Immediate), its connection is closed, and it must connect again and send BootNotification "
                    + "for the next one, within --timeout (which must cover its reboot and reconnect back-off). "
                    + "A station that refuses the Reset must be power-cycled "
                    + "by hand between scenarios, or run one --scenario at a time.",
            "",
            "Prints one line per scenario (PASSED, FAILED with the reason, SKIPPED with the reason) and a "
                    + "summary. --report FILE writes a Markdown report (FILE.html: the same, as HTML) with a "
                    + "sequence diagram (Mermaid) of the exchanges of each failure.",
            "Exit codes: 0 when every applicable scenario passed (skipped ones allowed), 1 when any failed, 2 on "
                    + "a usage error."
        })
public final class ConformanceCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--role", required = true, paramLabel = "csms|station",
            description = "What is under test: csms (the command acts as stations) or station (the command acts "
                    + "as the CSMS).")
    Role role;

    @Option(names = "--url", paramLabel = "URL",
            description = "--role csms: the CSMS endpoint without the identity, e.g. ws://127.0.0.1:8180/ocpp "
                    + "(required). --role station: where to listen instead of --host and --port, e.g. "
                    + "ws://0.0.0.0:9000/ocpp.")
    URI url;

    @Option(names = "--version", required = true, paramLabel = "PROTOCOL", converter = VersionConverter.class,
            description = "ocpp1.6 or ocpp2.0.1.")
    OcppVersion version;

    @Option(names = "--identity", paramLabel = "ID",
            description = "Station identity: the simulated stations' (--role csms, default TESTKIT-CS-1), or the "
                    + "one the station under test connects as (--role station, default TESTKIT-STATION-1).")
    String identity;

    @Option(names = "--password-env", paramLabel = "NAME",
            description = "--role csms: the environment variable holding the simulated stations' HTTP Basic "
                    + "password (security profile 1), for a CSMS that admits known stations only. --role station: "
                    + "the password the station under test must send with its identity (security profile 1; for "
                    + "1.6 the text whose UTF-8 bytes its AuthorizationKey decodes to); the mock CSMS refuses it "
                    + "otherwise.")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "A file holding that password (read as UTF-8, one trailing newline dropped).")
    Path passwordFile;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "--role station: address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
            description = "--role station: port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--timeout", defaultValue = "5", paramLabel = "SECONDS",
            description = "How long each wait of a scenario may take: an answer, a CALL, the station's "
                    + "(re)connection (fractions allowed; default: ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--scenario", paramLabel = "ID",
            description = "Run only this scenario (repeatable); default: every scenario of the role and version.")
    List<String> scenarioIds;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write a report: Markdown, or HTML when FILE ends in .html.")
    Path report;

    @Spec
    CommandSpec spec;

    private Function<String, String> environment = System::getenv;
    private CsmsUnderTest csmsAdapter;

    /** Looks {@code --password-env} up in {@code environment} instead of the process environment; for tests. */
    public ConformanceCommand environment(Function<String, String> environment) {
        this.environment = environment;
        return this;
    }

    /**
     * Tests this CSMS adapter (with the optional actions it implements) instead of one made from {@code --url};
     * for embedding and tests.
     */
    public ConformanceCommand csms(CsmsUnderTest adapter) {
        this.csmsAdapter = adapter;
        return this;
    }

    @Override
    public Integer call() throws IOException {
        List<Scenario> scenarios = scenarios();
        if (!(timeout > 0)) {
            throw usage("--timeout must be positive");
        }
        Duration budget = Duration.ofMillis(Math.max(1, Math.round(timeout * 1000)));
        if (version != OcppVersion.OCPP16 && version != OcppVersion.OCPP201) {
            throw usage("the scenarios cover ocpp1.6 and ocpp2.0.1, not " + version.subprotocol());
        }
        PrintWriter out = spec.commandLine().getOut();
        List<ScenarioResult> results;
        if (role == Role.CSMS) {
            CsmsUnderTest csms = csmsUnderTest();
            out.println("Conformance of the CSMS at " + csms.endpoint() + " (" + version.subprotocol() + "), as "
                    + csms.stationIdentity() + ": " + scenarios.size() + " scenario(s)");
            out.flush();
            results = run(ScenarioRunner.forCsms(csms, version).timeout(budget).build(), scenarios, out);
        } else {
            String id = identity != null ? identity : "TESTKIT-STATION-1";
            String listenHost = url != null ? url.getHost() : host;
            int listenPort = url != null ? Math.max(url.getPort(), 0) : port;
            if (listenHost == null) {
                throw usage("--url must name a host to listen on: " + url);
            }
            // Read first: a bad --password-file is a usage error before anything listens.
            byte[] password = password();
            try (ExternalStation station = new ExternalStation(listenHost, listenPort, out)) {
                out.println("Conformance of a station (" + version.subprotocol() + "): connect your station to "
                        + station.url() + " as " + id + " (" + station.url() + "/" + id + ")"
                        + (password != null ? " with the password given (HTTP Basic, security profile 1)" : "")
                        + "; "
                        + scenarios.size() + " scenario(s), each waiting " + budget.toSeconds()
                        + " s for it to connect and boot");
                out.flush();
                ScenarioRunner.Builder runner = ScenarioRunner.forStation(station, version).timeout(budget)
                        .stationIdentity(id)
                        .resetBetweenScenarios();
                if (password != null) {
                    runner.stationPassword(password);
                }
                results = run(runner.build(), scenarios, out);
            }
        }
        Map<ScenarioResult.Outcome, Integer> counts = new EnumMap<>(ScenarioResult.Outcome.class);
        results.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        int failed = counts.getOrDefault(ScenarioResult.Outcome.FAILED, 0);
        out.println((failed == 0 ? "PASS" : "FAIL") + ": " + counts.getOrDefault(ScenarioResult.Outcome.PASSED, 0)
                + " passed, " + failed + " failed, " + counts.getOrDefault(ScenarioResult.Outcome.SKIPPED, 0)
                + " skipped, " + counts.getOrDefault(ScenarioResult.Outcome.NOT_APPLICABLE, 0)
                + " not applicable");
        if (report != null) {
            writeReport(results);
            out.println("Report written to " + report);
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** Runs one scenario after another, printing each outcome as it comes. */
    private static List<ScenarioResult> run(ScenarioRunner runner, List<Scenario> scenarios, PrintWriter out) {
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario s : scenarios) {
            ScenarioResult r = runner.run(s);
            results.add(r);
            out.println(String.format(Locale.ROOT, "%-14s %s — %s%s", r.outcome(), s.id(), s.title(),
                    r.message().isEmpty() ? "" : ": " + r.message().lines().findFirst().orElse("")));
            out.flush();
        }
        return results;
    }

    /** The scenarios of {@code --scenario}, or every one of the role and version; an unknown id is a usage error. */
    private List<Scenario> scenarios() {
        if (scenarioIds == null || scenarioIds.isEmpty()) {
            return Catalogue.forRole(role).stream().filter(s -> s.appliesTo(version)).toList();
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String id : scenarioIds) {
            Scenario s = Catalogue.byId(id.trim()).orElseThrow(() -> usage("--scenario " + id
                    + ": no such scenario; the " + role.name().toLowerCase(Locale.ROOT) + " scenarios are "
                    + Catalogue.forRole(role).stream().map(Scenario::id).toList()));
            if (s.role() != role) {
                throw usage("--scenario " + id + " tests a " + s.role().name().toLowerCase(Locale.ROOT)
                        + ", not a " + role.name().toLowerCase(Locale.ROOT));
            }
            chosen.add(s);
        }
        return chosen;
    }

    private CsmsUnderTest csmsUnderTest() throws IOException {
        if (csmsAdapter != null) {
            return csmsAdapter;
        }
        if (url == null) {
            throw usage("--role csms needs --url, the CSMS endpoint without the identity");
        }
        if (!"ws".equals(url.getScheme()) && !"wss".equals(url.getScheme())) {
            throw usage("--url must be ws:// or wss://: " + url);
        }
        String id = identity != null ? identity : "TESTKIT-CS-1";
        byte[] password = password();
        URI endpoint = URI.create(url.toString().replaceAll("/+$", ""));
        return new CsmsUnderTest() {
            @Override
            public URI endpoint() {
                return endpoint;
            }

            @Override
            public String stationIdentity() {
                return id;
            }

            @Override
            public byte[] stationPassword() {
                return password == null ? null : password.clone();
            }
        };
    }

    /** The simulated stations' password, read as the other commands read their secrets' file and env forms. */
    private byte[] password() {
        String password = SecurityOptions.secret("--password", null, passwordFile, passwordEnv, environment,
                this::usage);
        return password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    }

    private void writeReport(List<ScenarioResult> results) throws IOException {
        String markdown = ConformanceReport.markdown(results);
        boolean html = report.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".html");
        Files.writeString(report, html ? html(markdown) : markdown, StandardCharsets.UTF_8);
    }

    /** The Markdown report as it is, inside a minimal HTML page: readable in any browser, diagrams as text. */
    private static String html(String markdown) {
        String escaped = markdown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>OCPP conformance report</title></head>\n"
                + "<body><pre>\n" + escaped + "</pre></body></html>\n";
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
