package dev.ocpp.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.examples.cli.OcppCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** Tiny runs of the harness: they prove the plumbing and measure nothing. */
class LoadHarnessSmokeTest {

    /** A result row: server, stations, calls, ..., errors (last column). */
    private static final Pattern ROW = Pattern.compile("^\\| ([^|]+?) \\| (\\d+) \\| (\\d+) \\|.*\\| (\\d+) \\|$",
            Pattern.MULTILINE);

    @Test
    @Timeout(120)
    void aTinyInProcessRunMeasuresTheServersAndPrintsTheRatiosAgainstTheRawNettyEcho() {
        Run run = bench("--in-process", "--servers", "netty-echo,tyrus-echo,rpc-tyrus");

        assertThat(run.exit).as(run.out).isZero();
        assertThat(run.out)
                .contains("| server | stations | calls | calls/s | p50 ms | p99 ms | p99.9 ms")
                .contains("CPU pinning: not pinned: servers in this JVM (--in-process)")
                .contains("| typed RPC (Tyrus) / raw Netty echo: server CPU per call |")
                .contains("| typed RPC (Tyrus) / raw Tyrus echo: server CPU per call |")
                .contains("Goal: typed RPC (Netty) CPU per call <= 1.5x raw Netty echo: not measured");
        assertCallsAndNoErrors(run.out, List.of("raw Netty echo", "raw Tyrus echo", "typed RPC (Tyrus)"));
    }

    @Test
    @Timeout(180)
    void serversInTheirOwnJvmsAnswerEveryCallWhenUnpinned() {
        Run run = bench("--no-pin", "--servers", "netty-echo,rpc-tyrus");

        assertThat(run.exit).as(run.out).isZero();
        assertThat(run.out).contains("CPU pinning: not pinned: turned off (--no-pin)");
        assertCallsAndNoErrors(run.out, List.of("raw Netty echo", "typed RPC (Tyrus)"));
    }

    /** Needs the real Netty transport: skipped while it is the stub. */
    @Test
    @Timeout(180)
    void typedRpcOnNettyIsJudgedAgainstTheRawNettyEchoOfTheSameRun() {

        Run run = bench("--no-pin", "--servers", "netty-echo,rpc-netty");

        assertThat(run.exit).as(run.out).isZero();
        assertCallsAndNoErrors(run.out, List.of("raw Netty echo", "typed RPC (Netty)"));
        assertThat(run.out).containsPattern("Goal: typed RPC \\(Netty\\) CPU per call <= 1.5x raw Netty echo: "
                + "[0-9.]+x, (met|NOT met)");
    }

    @Test
    void anUnknownServerIsRefusedNamingTheKnownOnes() {
        Run run = bench("--servers", "netty-echo,nginx");

        assertThat(run.exit).isNotZero();
        assertThat(run.err).contains("Unknown server 'nginx'")
                .contains("netty-echo, tyrus-echo, rpc-tyrus, rpc-netty");
    }

    private static void assertCallsAndNoErrors(String out, List<String> servers) {
        Matcher m = ROW.matcher(out);
        int rows = 0;
        while (m.find()) {
            assertThat(servers).as(m.group()).contains(m.group(1));
            assertThat(Long.parseLong(m.group(3))).as(m.group()).isPositive();
            assertThat(Long.parseLong(m.group(4))).as(m.group()).isZero();
            rows++;
        }
        assertThat(rows).as(out).isEqualTo(servers.size());
    }

    private static Run bench(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = new String[options.length + 7];
        args[0] = "bench";
        System.arraycopy(options, 0, args, 1, options.length);
        System.arraycopy(new String[] {"--stations", "2", "--seconds", "1", "--warmup-seconds", "0.2"}, 0, args,
                options.length + 1, 6);
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private record Run(int exit, String out, String err) {
    }
}
