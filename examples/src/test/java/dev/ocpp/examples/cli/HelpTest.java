package dev.ocpp.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every subcommand documents its options; the options named here are a contract. */
class HelpTest {

    @ParameterizedTest(name = "{0} --help")
    @CsvSource(delimiter = ';', value = {
        "csms;    --host --port --protocols --heartbeat-interval --no-boot-gating",
        "station; --url --id --protocol --count --heartbeat-interval --meter-interval",
        "demo;    --timeout",
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
        assertThat(out.toString()).contains("csms", "station", "demo", "validate", "bench")
                .doesNotContain("bench-server");
    }

    @Test
    void anUnknownProtocolIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("station", "--protocol", "ocpp9")).isEqualTo(2);
        assertThat(err.toString()).contains("ocpp9");
    }
}
