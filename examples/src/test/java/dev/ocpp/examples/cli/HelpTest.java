package dev.ocpp.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every subcommand documents its options; the options named here are a contract. */
class HelpTest {

    @ParameterizedTest(name = "{0} --help")
    @CsvSource(delimiter = ';', value = {
        "csms;    --host --port --protocols --heartbeat-interval --no-boot-gating --security-profile "
                + "--station-password --station-key --credentials --server-cert --server-key --server-keystore "
                + "--keystore-password --station-ca --organization --show-secrets --station-password-file "
                + "--station-password-env --station-key-file --station-key-env --keystore-password-file "
                + "--keystore-password-env",
        "station; --url --id --protocol --count --heartbeat-interval --meter-interval --security-profile --password "
                + "--authorization-key --send-key-as-text --csms-ca --client-cert --client-key --client-keystore "
                + "--keystore-password --show-secrets --password-file --password-env --authorization-key-file "
                + "--authorization-key-env --keystore-password-file --keystore-password-env --secure-url",
        "conformance; --role --url --version --identity --password-env --password-file --host --port --timeout "
                + "--scenario --report",
        "demo;    --timeout --quiet --security-profile",
        "pki;     --out --identity --host --key-type --organization",
        "validate; --protocol FILE",
        "bench;   --stations --seconds --warmup-seconds"
    })
    void everySubcommandHelpExitsZeroAndNamesItsOptions(String subcommand, String options) {
        StringWriter out = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(out, true));

        int exit = cli.execute(subcommand, "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage:").contains(subcommand).contains("--help");
        for (String option : options.trim().split(" +")) {
            assertThat(out.toString()).contains(option);
        }
    }

    @Test
    void topLevelHelpListsThePublicSubcommandsOnly() {
        StringWriter out = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("csms", "station", "demo", "pki", "validate", "bench")
                .doesNotContain("bench-server");
    }

    @Test
    void pkiHelpSaysItIsForTestsAndDemosOnly() {
        StringWriter out = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("pki", "--help")).isZero();
        // The help is wrapped to the terminal width: compare the words, not the line breaks.
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("For tests and demos only")
                .contains("FOR TESTS AND DEMOS ONLY");
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"csms", "station"})
    void helpOfCommandsTakingSecretsSaysOptionsAreVisibleToOtherUsersAndNamesTheFileAndEnvForms(String command) {
        StringWriter out = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute(command, "--help")).isZero();
        // The help is wrapped to the terminal width: compare the words, not the line breaks.
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("Values given directly as options are visible to other users of the machine (ps, "
                        + "/proc/<pid>/cmdline)")
                .contains("--X-file PATH").contains("--X-env NAME")
                .contains("--show-secrets Print personal data and secrets as they are");
    }

    @Test
    void anUnknownProtocolIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("station", "--protocol", "ocpp9")).isEqualTo(2);
        assertThat(err.toString()).contains("ocpp9");
    }

    @Test
    void aSecureUrlThatIsNotWssIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setErr(new PrintWriter(err, true));

        // Security profile 2 runs over TLS: a station never raises its profile onto plain ws://.
        assertThat(cli.execute("station", "--secure-url", "ws://127.0.0.1:8443/ocpp")).isEqualTo(2);
        assertThat(err.toString()).contains("--secure-url must be wss://");
    }
}
