package dev.ocpp.examples.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.examples.cli.ConformanceCommand;
import dev.ocpp.examples.cli.OcppCli;
import dev.ocpp.examples.station.StationSimulator;
import dev.ocpp.examples.support.DaemonThreads;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.examples.testing.AwaitableOutput;
import dev.ocpp.security.SecurityProfile;
import dev.ocpp.security.StationPassword;
import dev.ocpp.security.StationSecurity;
import dev.ocpp.testkit.MockCsms;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/** The {@code conformance} command: its exit codes, its output and its reports, against real WebSockets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceCommandTest {

    private RunningExampleCsms csms;

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void freshOutput() {
        out = new StringWriter();
        err = new StringWriter();
    }

    @BeforeAll
    void startCsms() {
        csms = new RunningExampleCsms(List.of(OcppVersion.OCPP16, OcppVersion.OCPP201));
    }

    @AfterAll
    void stopCsms() {
        if (csms != null) {
            csms.close();
        }
    }

    private int run(String... args) {
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void exampleCsmsPassesEveryScenarioItCanBeDrivenThroughAndTheReportSaysSo() throws Exception {
        Path report = dir.resolve("report.md");

        int exit = run("conformance", "--role", "csms", "--url", csms.endpoint().toString(), "--version",
                "ocpp1.6", "--report", report.toString());

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString())
                .contains("PASSED         CSMS-B01-boot-accepted")
                // The CSMS's own CALLs need an adapter in code: skipped, which does not fail the run.
                .contains("SKIPPED        CSMS-F01-remote-start")
                .contains("PASS: 14 passed, 0 failed, 12 skipped, 0 not applicable");
        assertThat(Files.readString(report)).startsWith("# OCPP conformance report")
                .contains("`CSMS-G02-heartbeat`").doesNotContain("```mermaid");
    }

    @Test
    void aChosenScenarioRunsAloneAndAnHtmlReportIsAPage() throws Exception {
        Path report = dir.resolve("report.html");

        int exit = run("conformance", "--role", "csms", "--url", csms.endpoint() + "/", "--version", "ocpp2.0.1",
                "--scenario", "CSMS-G02-heartbeat", "--report", report.toString());

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("PASS: 1 passed, 0 failed, 0 skipped");
        assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("<pre>")
                .contains("CSMS-G02-heartbeat");
    }

    @Test
    void aBrokenCsmsFailsTheRunWithADiagramInTheReport() throws Exception {
        Path report = dir.resolve("broken.md");
        try (MockCsms broken = MockCsms.builder(OcppVersion.OCPP16).webSocket().build()) {
            broken.respondWithError(dev.ocpp.v16.messages.HeartbeatRequest.class, ErrorCode.INTERNAL_ERROR,
                    "broken on purpose");

            int exit = run("conformance", "--role", "csms", "--url", broken.url().toString(), "--version",
                    "ocpp1.6", "--scenario", "CSMS-B01-boot-accepted", "--scenario", "CSMS-G02-heartbeat",
                    "--report", report.toString());

            assertThat(exit).as(out + "\n" + err).isEqualTo(1);
        }
        assertThat(out.toString()).contains("PASSED         CSMS-B01-boot-accepted")
                .contains("FAILED         CSMS-G02-heartbeat").contains("InternalError")
                .contains("FAIL: 1 passed, 1 failed");
        assertThat(Files.readString(report)).contains("## CSMS-G02-heartbeat").contains("```mermaid")
                .contains("Heartbeat");
    }

    @Test
    void anUnknownScenarioIsAUsageError() {
        int exit = run("conformance", "--role", "csms", "--url", csms.endpoint().toString(), "--version",
                "ocpp1.6", "--scenario", "CSMS-X99-nothing");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("CSMS-X99-nothing").contains("no such scenario");
        assertThat(out.toString()).doesNotContain("PASS");
    }

    @Test
    void aScenarioOfTheOtherRoleIsAUsageError() {
        int exit = run("conformance", "--role", "csms", "--url", csms.endpoint().toString(), "--version",
                "ocpp1.6", "--scenario", "STATION-B11-reset");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("tests a station, not a csms");
    }

    @Test
    void thePasswordIsTakenFromOneFormOnlyAndAnUnreadableFileIsAUsageError() {
        int both = run("conformance", "--role", "csms", "--url", csms.endpoint().toString(), "--version",
                "ocpp1.6", "--password-env", "TESTKIT_PASSWORD", "--password-file", dir.resolve("pw").toString());
        assertThat(both).isEqualTo(2);
        assertThat(err.toString()).contains("give only one of --password, --password-file and --password-env");

        int missing = run("conformance", "--role", "csms", "--url", csms.endpoint().toString(), "--version",
                "ocpp1.6", "--password-file", dir.resolve("no-such-file").toString());
        assertThat(missing).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read --password-file").contains("no such file");
    }

    @Test
    void anUnknownVersionIsAUsageError() {
        int exit = run("conformance", "--role", "csms", "--url", csms.endpoint().toString(), "--version",
                "ocpp9");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("ocpp9");
    }

    @Test
    void aCsmsRunWithoutUrlIsAUsageError() {
        int exit = run("conformance", "--role", "csms", "--version", "ocpp1.6");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--url");
    }

    @Test
    void aStationPointedAtThePrintedUrlIsTested() throws Exception {
        String printed = runAgainstExampleStation(OcppVersion.OCPP201, "/some/other/path", "STATION-B11-reset");

        assertThat(printed).contains("PASSED         STATION-B11-reset").contains("PASS: 1 passed, 0 failed");
    }

    /**
     * A station is powered up once for the whole run: the command resets it at the end of each scenario, so that it
     * boots again for the next (a station that merely reconnects would not, OCPP-J 1.6 §5.4, 2.0.1 Part 4 §5.3).
     */
    @ParameterizedTest
    @EnumSource(value = OcppVersion.class, names = {"OCPP16", "OCPP201"})
    void aStationStartedOnceIsTestedInEveryScenarioOfTheRun(OcppVersion version) throws Exception {
        String printed = runAgainstExampleStation(version, "/ocpp", "STATION-B01-boot-first",
                "STATION-F05-unlock-connector", "STATION-B11-reset", "STATION-G-change-availability");

        assertThat(printed).contains("PASSED         STATION-B01-boot-first")
                .contains("PASSED         STATION-F05-unlock-connector")
                .contains("PASSED         STATION-B11-reset")
                .contains("PASSED         STATION-G-change-availability")
                .contains("PASS: 4 passed, 0 failed");
    }

    @Test
    void aStationMustBringThePasswordGivenToTheCommand() throws Exception {
        String password = "station-password-0123";
        StationSecurity withPassword = StationSecurity.builder(SecurityProfile.UNSECURED_TRANSPORT_WITH_BASIC_AUTH)
                .password(StationPassword.ocpp201(password)).build();
        Map<String, String> env = Map.of("STATION_PASSWORD", password);

        String printed = runAgainstExampleStation(OcppVersion.OCPP201, "/ocpp", withPassword, env, 0,
                List.of("--password-env", "STATION_PASSWORD"), "STATION-A05-security-profile");
        assertThat(printed).contains("with the password given").contains("PASSED         STATION-A05-security-profile");

        // Without it the mock refuses the station's upgrade (401), and the scenario fails.
        String refused = runAgainstExampleStation(OcppVersion.OCPP201, "/ocpp", null, env, 1,
                List.of("--password-env", "STATION_PASSWORD"), "STATION-A05-security-profile");
        assertThat(refused).contains("FAILED         STATION-A05-security-profile").contains("did not connect");
    }

    private String runAgainstExampleStation(OcppVersion version, String path, String... scenarios) throws Exception {
        return runAgainstExampleStation(version, path, null, Map.of(), 0, List.of(), scenarios);
    }

    /**
     * Runs {@code conformance --role station} for {@code scenarios} and points one example station at the URL it
     * prints (with {@code path} in front of the identity, and {@code security} when not null), started once, with
     * {@code options} and the environment {@code env}; returns what the command printed once it exited with
     * {@code expectedExit}.
     */
    private String runAgainstExampleStation(OcppVersion version, String path, StationSecurity security,
                                            Map<String, String> env, int expectedExit, List<String> options,
                                            String... scenarios) throws Exception {
        AwaitableOutput printed = new AwaitableOutput();
        CommandLine cli = OcppCli.commandLine();
        ((ConformanceCommand) cli.getSubcommands().get("conformance").getCommand()).environment(env::get);
        cli.setOut(new PrintWriter(printed, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("conformance", "--role", "station", "--version",
                version.subprotocol(), "--identity", "CP-UNDER-TEST", "--timeout", "10"));
        args.addAll(options);
        for (String id : scenarios) {
            args.add("--scenario");
            args.add(id);
        }
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread command = new Thread(() -> exit.complete(cli.execute(args.toArray(String[]::new))),
                "conformance-command");
        command.start();
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("test-station-timer-"));
        try (Transports stationTransports = Transports.netty()) {
            printed.await(" as CP-UNDER-TEST", Duration.ofSeconds(10));
            Matcher m = Pattern.compile("connect your station to (ws://\\S+) as").matcher(printed.toString());
            assertThat(m.find()).as(printed.toString()).isTrue();
            // A station configured with a path of its own: the relay keeps only the identity.
            URI url = URI.create(m.group(1).replace("/ocpp", path));
            StationSimulator station = new StationSimulator(stationTransports, new StationSimulator.Settings(
                    url, "CP-UNDER-TEST", version, null, "dev.ocpp", "ExampleStation",
                    StationSimulator.Settings.DEFAULT_METER_INTERVAL, security)
                    .withTransactions(0)
                    // Back within a fraction of a second of each cut, well inside the command's --timeout.
                    .withBackOff(new RetryBackOff(Duration.ofMillis(100), Duration.ofMillis(100), 1)),
                    timers, null);
            try {
                station.start();
                assertThat(exit.get(20L * scenarios.length, TimeUnit.SECONDS)).as(printed + "\n" + err)
                        .isEqualTo(expectedExit);
            } finally {
                station.close();
                station.closed().get(10, TimeUnit.SECONDS);
            }
        } finally {
            timers.shutdownNow();
            command.join(10_000);
        }
        return printed.toString();
    }
}
