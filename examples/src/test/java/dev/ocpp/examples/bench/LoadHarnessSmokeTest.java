package dev.ocpp.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.examples.cli.OcppCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A tiny in-process run of the harness: proves the plumbing, measures nothing. */
class LoadHarnessSmokeTest {

    @Test
    void aTinyInProcessRunMeasuresBothServersAndPrintsTheTable() {
        StringWriter out = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(out, true));

        int exit = cli.execute("bench", "--in-process", "--stations", "2", "--seconds", "1",
                "--warmup-seconds", "0.2");

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("| server | stations | calls | calls/s | p50 ms | p99 ms | p99.9 ms")
                .contains("| raw Tyrus echo | 2 |")
                .contains("| OcppServer RPC (Tyrus) | 2 |")
                .contains("| server CPU per call |")
                .contains("| throughput (calls/s) |");
    }
}
