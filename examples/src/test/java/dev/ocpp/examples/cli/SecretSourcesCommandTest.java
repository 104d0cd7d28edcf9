package dev.ocpp.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.examples.csms.ExampleCsms;
import dev.ocpp.examples.testing.AwaitableOutput;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Passwords and keys of the {@code csms} and {@code station} commands taken from files and environment variables,
 * so that they need not be on a command line where other users of the machine can read them.
 */
class SecretSourcesCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PASSWORD = "correct-horse-battery-1";
    private static final String KEY_16 = "00112233445566778899aabbccddeeff00112233";
    private static final Function<String, String> ENV =
            Map.of("OCPP_PASSWORD", PASSWORD, "OCPP_KEY", KEY_16)::get;

    @TempDir
    Path dir;

    private final AwaitableOutput csmsOutput = new AwaitableOutput();
    private final StationCommandRunner runner = new StationCommandRunner(WAIT).environment(ENV);
    private final List<ExampleCsms> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        runner.stopAll();
        started.forEach(ExampleCsms::close);
    }

    @Test
    void profileOneStationsOfBothVersionsConnectWithSecretsFromFilesAndTheEnvironment() throws Exception {
        ExampleCsms csms = startCsms("--security-profile", "1",
                "--station-password-file", "CS-1=" + write("csms-password", PASSWORD + "\n"),
                "--station-key-env", "CP16-1=OCPP_KEY");

        runner.start(url(csms), "CS-1", "ocpp2.0.1", "--security-profile", "1", "--password-env", "OCPP_PASSWORD");
        runner.start(url(csms), "CP16-1", "ocpp1.6", "--security-profile", "1",
                "--authorization-key-file", write("station-key", KEY_16 + "\r\n"));

        csmsOutput.await("CS-1       connected", WAIT);
        csmsOutput.await("CP16-1     connected", WAIT);
        assertThat(runner.output().toString()).contains("(security profile 1)");
    }

    @Test
    void profileThreeWithPkcs12FilesConnectsWithTheKeystorePasswordFromAFileAndTheEnvironment() throws Exception {
        Path pki = dir.resolve("pki");
        assertThat(OcppCli.commandLine().setOut(new PrintWriter(new StringWriter()))
                .execute("pki", "--out", pki.toString(), "--identity", "CP16-1")).isZero();
        ExampleCsms csms = startCsms("--security-profile", "3", "--server-keystore", pki.resolve("csms.p12").toString(),
                "--keystore-password-file", write("keystore-password", "changeit\n"),
                "--station-ca", pki.resolve("station-ca.pem").toString());

        StationCommandRunner stations = new StationCommandRunner(WAIT).environment(Map.of("KS", "changeit")::get);
        try {
            stations.start(url(csms), "CP16-1", "ocpp1.6", "--security-profile", "3",
                    "--csms-ca", pki.resolve("csms-root.pem").toString(),
                    "--client-keystore", pki.resolve("station-{id}.p12").toString(), "--keystore-password-env", "KS");

            assertThat(stations.output().toString()).contains("(security profile 3)")
                    .contains("BootNotification -> Accepted");
        } finally {
            stations.stopAll();
        }
    }

    @Test
    void aSecretGivenInTwoFormsIsAUsageErrorNamingTheForms() throws Exception {
        String file = write("password", PASSWORD);

        assertThatThrownBy(() -> runner.unstarted("ws://127.0.0.1:1/ocpp", "CS-1", "ocpp2.0.1",
                "--security-profile", "1", "--password", PASSWORD, "--password-env", "OCPP_PASSWORD"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("give only one of --password, --password-file and --password-env");
        assertThatThrownBy(() -> startCsms("--security-profile", "1", "--station-password", "CS-1=" + PASSWORD,
                "--station-password-file", "CS-1=" + file))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("CS-1 is given by both --station-password and --station-password-file: give one");
    }

    @Test
    void anUnsetVariableOrMissingFileIsAUsageErrorThatNeverShowsASecret() {
        assertThatThrownBy(() -> runner.unstarted("ws://127.0.0.1:1/ocpp", "CS-1", "ocpp2.0.1",
                "--security-profile", "1", "--password-env", "NOT_SET_ANYWHERE"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--password-env: the environment variable NOT_SET_ANYWHERE is not set");
        assertThatThrownBy(() -> startCsms("--security-profile", "1",
                "--station-key-file", "CP16-1=" + dir.resolve("missing")))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("cannot read --station-key-file CP16-1")
                .hasMessageContaining("no such file");
    }

    @Test
    void onlyOneTrailingNewlineIsDroppedFromASecretFile() throws Exception {
        // Two newlines: the second is part of the password, which OCPP does not allow, so the station refuses it.
        String file = write("password", PASSWORD + "\n\n");

        assertThatThrownBy(() -> runner.unstarted("ws://127.0.0.1:1/ocpp", "CS-1", "ocpp2.0.1",
                "--security-profile", "1", "--password-file", file))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("--password: ")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void keystorePasswordFileFormsNeedAProfileLikeTheOptionItself() {
        assertThatThrownBy(() -> startCsms("--keystore-password-env", "OCPP_PASSWORD"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--keystore-password-env needs --security-profile (1, 2 or 3)");
    }

    private String write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file.toString();
    }

    private ExampleCsms startCsms(String... args) {
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(csmsOutput, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        List<String> all = new ArrayList<>(List.of("csms", "--host", "127.0.0.1", "--port", "0"));
        all.addAll(List.of(args));
        CsmsCommand command = (CsmsCommand) cli.parseArgs(all.toArray(String[]::new)).subcommand().commandSpec()
                .userObject();
        ExampleCsms csms = command.environment(ENV).transports(runner.transports()).start();
        started.add(csms);
        return csms;
    }

    private static String url(ExampleCsms csms) {
        return csms.endpoint().toString();
    }
}
