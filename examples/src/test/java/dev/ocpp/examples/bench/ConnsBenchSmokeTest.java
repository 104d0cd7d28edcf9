package dev.ocpp.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.examples.cli.OcppCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** Tiny runs of {@code bench conns}: every connection held and every heartbeat answered, figures present. */
class ConnsBenchSmokeTest {

    @Test
    @Timeout(120)
    void fiftyConnectionsToTheRawNettyEchoAreHeldAndEveryHeartbeatIsAnswered() {
        String out = conns("netty-echo");

        assertThat(out).contains("| raw Netty echo | 50 / 50 |")
                .contains("every heartbeat answered: yes")
                .containsPattern("baseline RSS \\d+ KiB, heap after GC [0-9.]+ MiB");
    }

    @Test
    @Timeout(120)
    void theTypedCsmsOnTyrusBootsAndAnswersEveryConnection() {
        String out = conns("rpc-tyrus");

        assertThat(out).contains("| typed RPC (Tyrus) | 50 / 50 |").contains("every heartbeat answered: yes");
    }

    /** Needs the real Netty transport: skipped while it is the stub. */
    @Test
    @Timeout(120)
    void theTypedCsmsOnNettyBootsAndAnswersEveryConnection() {

        String out = conns("rpc-netty");

        assertThat(out).contains("| typed RPC (Netty) | 50 / 50 |").contains("every heartbeat answered: yes");
    }

    @Test
    @Timeout(120)
    void aServerThatCannotStartFailsTheRunWithItsName() {
        StringWriter out = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));

        // An -Xmx the JVM refuses: the child exits at once.
        int exit = cli.execute("bench", "conns", "--server", "netty-echo", "--connections", "2", "--no-pin",
                "--server-jvm-option=-Xmx1k");

        assertThat(exit).isNotZero();
        assertThat(out.toString()).contains("FAILED: the raw Netty echo server did not start");
    }

    /** Runs conns with 50 connections, heartbeats every second, one cycle; returns the output after checking exit 0. */
    private static String conns(String server) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("bench", "conns", "--server", server, "--connections", "50", "--batch", "20",
                "--heartbeat-seconds", "1", "--no-pin");

        assertThat(exit).as(out + "\n" + err).isZero();
        return out.toString();
    }
}
