package dev.ocpp.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.OcppSession;
import dev.ocpp.examples.csms.ExampleCsms;
import dev.ocpp.examples.station.StationSimulator;
import dev.ocpp.examples.testing.AwaitableOutput;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code csms} and {@code station} commands under security profiles 2 and 3, with the files the {@code pki}
 * command writes, over real TLS on 127.0.0.1: the right credentials connect and boot, wrong ones are refused and
 * both sides print the security event, and options that cannot work are usage errors.
 */
class SecuredCommandsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PASSWORD = "correct-horse-battery-1";
    private static final String KEY_16 = "00112233445566778899aabbccddeeff00112233";
    private static final String TEXT_KEY_16 = "ffeeddccbbaa99887766554433221100";

    @TempDir
    static Path pki;

    private final AwaitableOutput csmsOutput = new AwaitableOutput();
    private final StringWriter csmsErrors = new StringWriter();
    private final StationCommandRunner runner = new StationCommandRunner(WAIT);
    private final List<ExampleCsms> started = new ArrayList<>();

    @BeforeAll
    static void writePki() {
        int exit = OcppCli.commandLine().setOut(new PrintWriter(new StringWriter()))
                .execute("pki", "--out", pki.toString(), "--identity", "CS-1,CP16-1");
        assertThat(exit).isZero();
    }

    @AfterEach
    void stopAll() throws Exception {
        runner.stopAll();
        started.forEach(ExampleCsms::close);
    }

    @Test
    void profileThreeStationWithItsCertificateFilesConnectsAndIsBooted() throws Exception {
        ExampleCsms csms = startCsms("--security-profile", "3", "--server-cert", file("csms-chain.pem"),
                "--server-key", file("csms-key.pem"), "--station-ca", file("station-ca.pem"),
                "--organization", "OCPP Test PKI");

        runner.start(url(csms), "CS-1", "ocpp2.0.1", "--security-profile", "3",
                "--csms-ca", file("csms-root.pem"),
                "--client-cert", file("station-CS-1-chain.pem"), "--client-key", file("station-CS-1-key.pem"));

        assertThat(csmsOutput.toString()).contains("CSMS listening on wss://127.0.0.1:" + csms.port()
                + "/ocpp/<identity>").contains("security profile 3");
        assertThat(runner.output().toString())
                .contains("connected to wss://127.0.0.1:" + csms.port() + "/ocpp/CS-1 with subprotocol ocpp2.0.1 "
                        + "(security profile 3)")
                .contains("BootNotification -> Accepted");
        OcppSession csmsSide = csms.server().session("CS-1").orElseThrow();
        assertThat(csmsSide.connectionInfo().peerCertificates()).first()
                .satisfies(c -> assertThat(c.getSubjectX500Principal().getName()).startsWith("CN=CS-1,"));
    }

    @Test
    void profileThreeWorksWithPkcs12FilesOnBothSidesAndTheIdentityInTheStationsPath() throws Exception {
        ExampleCsms csms = startCsms("--security-profile", "3", "--server-keystore", file("csms.p12"),
                "--keystore-password", "changeit", "--station-ca", file("station-ca.pem"));

        runner.start(url(csms), "CP16-1", "ocpp1.6", "--security-profile", "3", "--csms-ca", file("csms-root.pem"),
                "--client-keystore", pki.resolve("station-{id}.p12").toString(), "--keystore-password", "changeit");

        assertThat(runner.output().toString()).contains("(security profile 3)")
                .contains("BootNotification -> Accepted");
        assertThat(csms.server().session("CP16-1")).isPresent();
    }

    @Test
    void profileTwoStationsOfBothVersionsConnectWithTheirPasswordsAndKeys() throws Exception {
        Path credentials = pki.resolve("credentials.txt");
        Files.writeString(credentials, "# the test bench\n\nCS-1 = " + PASSWORD + "\nCP16-1=hex:" + KEY_16 + "\n");
        ExampleCsms csms = startCsms("--security-profile", "2", "--server-cert", file("csms-chain.pem"),
                "--server-key", file("csms-key.pem"), "--credentials", credentials.toString(),
                "--station-key", "CP16-2=" + TEXT_KEY_16);
        String root = file("csms-root.pem");

        runner.start(url(csms), "CS-1", "ocpp2.0.1", "--security-profile", "2", "--password", PASSWORD,
                "--csms-ca", root);
        // 1.6 keys as the specification sends them (bytes) and as some stations do (the hex text, upper case here).
        runner.start(url(csms), "CP16-1", "ocpp1.6", "--security-profile", "2",
                "--authorization-key", KEY_16, "--csms-ca", root);
        runner.start(url(csms), "CP16-2", "ocpp1.6", "--security-profile", "2",
                "--authorization-key", TEXT_KEY_16.toUpperCase(), "--send-key-as-text", "--csms-ca", root);

        assertThat(csmsOutput.toString()).contains("CSMS listening on wss://").doesNotContain("security-event");
        for (String identity : List.of("CS-1", "CP16-1", "CP16-2")) {
            assertThat(csms.server().session(identity)).as(identity).get()
                    .satisfies(s -> assertThat(s.connectionInfo().credentials()).get()
                            .satisfies(c -> assertThat(c.username()).isEqualTo(identity)));
        }
        assertThat(runner.output().toString()).contains("(security profile 2)");
    }

    @Test
    void wrongPasswordIsRefusedAndBothSidesPrintTheSecurityEvent() throws Exception {
        ExampleCsms csms = startProfileTwoCsms();
        StationSimulator station = runner.unstarted(url(csms), "CS-1", "ocpp2.0.1", "--security-profile", "2",
                "--password", "wrong-password-000000", "--csms-ca", file("csms-root.pem"));

        assertThatThrownBy(() -> station.start().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("401");

        csmsOutput.await("security-event FailedToAuthenticateAtCsms/FailedToAuthenticateAtCentralSystem CS-1 "
                + "WRONG_PASSWORD: password does not match", WAIT);
        runner.output().await("security-event FailedToAuthenticateAtCsms/FailedToAuthenticateAtCentralSystem CS-1 "
                + "CREDENTIALS_REJECTED", WAIT);
        assertThat(csmsOutput.toString()).doesNotContain("wrong-password");
        assertThat(csms.server().session("CS-1")).isEmpty();
    }

    @Test
    void unknownStationIsRefusedWith404AndTheEventNamesIt() throws Exception {
        ExampleCsms csms = startProfileTwoCsms();
        StationSimulator station = runner.unstarted(url(csms), "CS-9", "ocpp2.0.1", "--security-profile", "2",
                "--password", PASSWORD, "--csms-ca", file("csms-root.pem"));

        assertThatThrownBy(() -> station.start().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("404");

        csmsOutput.await("security-event FailedToAuthenticateAtCsms/FailedToAuthenticateAtCentralSystem CS-9 "
                + "UNKNOWN_IDENTITY", WAIT);
    }

    @Test
    void stationThatTrustsAnotherRootRefusesTheCsmsAndPrintsTheEvent() throws Exception {
        ExampleCsms csms = startProfileTwoCsms();
        StationSimulator station = runner.unstarted(url(csms), "CS-1", "ocpp2.0.1", "--security-profile", "2",
                "--password", PASSWORD, "--csms-ca", file("station-ca.pem"));

        assertThatThrownBy(() -> station.start().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);

        runner.output().await("security-event InvalidCsmsCertificate/InvalidCentralSystemCertificate CS-1 "
                + "INVALID_SERVER_CERTIFICATE", WAIT);
        assertThat(csms.server().session("CS-1")).isEmpty();
    }

    @Test
    void stationUnderProfileTwoRefusesAPlainWsUrlWithExitCode2() {
        StringWriter err = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("station", "--url", "ws://127.0.0.1:1/ocpp", "--security-profile", "2",
                "--password", PASSWORD, "--csms-ca", file("csms-root.pem"));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("security profile 2 runs over TLS: --url must be wss://, not "
                + "ws://127.0.0.1:1/ocpp");
    }

    @Test
    void csmsWithoutAProfileWarnsThatItIsUnsecured() throws Exception {
        ExampleCsms csms = startCsms();

        assertThat(csmsErrors.toString()).contains("WARNING: no --security-profile: this CSMS is unsecured");
        assertThat(csmsOutput.toString()).contains("CSMS listening on ws://127.0.0.1:" + csms.port())
                .contains("unsecured");
    }

    @Test
    void optionsTheChosenProfileWouldNotUseAndInvalidPasswordsAreUsageErrors() {
        // Checked before anything starts: a password beside certificates would suggest a protection not in force.
        assertThatThrownBy(() -> startCsms("--security-profile", "3", "--server-keystore", file("csms.p12"),
                "--keystore-password", "changeit", "--station-ca", file("station-ca.pem"),
                "--station-password", "CS-1=" + PASSWORD))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--station-password is not used under security profile 3: stations authenticate with "
                        + "their client certificates");
        assertThatThrownBy(() -> startCsms("--server-cert", file("csms-chain.pem")))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--server-cert needs --security-profile (1, 2 or 3)");
        assertThatThrownBy(() -> runner.unstarted("wss://127.0.0.1:1/ocpp", "CS-1", "ocpp2.0.1",
                "--security-profile", "3", "--csms-ca", file("csms-root.pem"),
                "--client-keystore", file("station-CS-1.p12"), "--keystore-password", "changeit",
                "--password", PASSWORD))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("--password is not used under security profile 3");
        assertThatThrownBy(() -> runner.unstarted("ws://127.0.0.1:1/ocpp", "CS-1", "ocpp2.0.1",
                "--security-profile", "1", "--password", "too-short"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("--password: an OCPP 2.0.1 password is 16 to 40 characters")
                .hasMessageNotContaining("too-short");
    }

    private ExampleCsms startProfileTwoCsms() {
        return startCsms("--security-profile", "2", "--server-cert", file("csms-chain.pem"),
                "--server-key", file("csms-key.pem"), "--station-password", "CS-1=" + PASSWORD);
    }

    /** Starts the command as {@code csms --port 0 ARGS} on loopback; its output goes to {@link #csmsOutput}. */
    private ExampleCsms startCsms(String... args) {
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(csmsOutput, true));
        cli.setErr(new PrintWriter(csmsErrors, true));
        List<String> all = new ArrayList<>(List.of("csms", "--host", "127.0.0.1", "--port", "0"));
        all.addAll(List.of(args));
        CsmsCommand command = (CsmsCommand) cli.parseArgs(all.toArray(String[]::new)).subcommand().commandSpec()
                .userObject();
        ExampleCsms csms = command.transports(runner.transports()).start();
        started.add(csms);
        return csms;
    }

    private static String url(ExampleCsms csms) {
        return csms.endpoint().toString();
    }

    private static String file(String name) {
        Path file = pki.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("the pki command did not write " + name);
        }
        return file.toString();
    }
}
