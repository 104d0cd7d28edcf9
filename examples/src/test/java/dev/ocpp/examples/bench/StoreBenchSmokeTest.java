package dev.ocpp.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.examples.cli.OcppCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A tiny run of the store benchmark: proves the plumbing (cold recoveries in child JVMs too), measures nothing. */
class StoreBenchSmokeTest {

    @TempDir
    Path dir;

    @Test
    void aTinyRunMeasuresEveryStoreAgainstTheInMemoryOneAndCleansUp() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(out, true));

        int exit = cli.execute("bench-store", "--messages", "20", "--warmup", "5", "--recovery-messages", "600",
                "--recovery-repeats", "1", "--dir", dir.toString());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("| store | messages/s | µs per message | vs in-memory |")
                .contains("| in-memory |")
                .contains("| SQLite, SYNC |")
                .contains("| SQLite, PROCESS |")
                .contains("| MVStore, SYNC |")
                .contains("| MVStore, PROCESS |");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("store directories left behind").isEmpty();
        }
    }

    @Test
    void theQueuedMessageIsATransactionEventOfAboutSixHundredCharacters() {
        assertThat(StoreBench.message(1234).payload()).startsWith("{\"eventType\":\"Updated\"")
                .contains("\"seqNo\":1234,").hasSizeBetween(600, 660);
    }
}
