package dev.ocpp.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.examples.csms.ExampleCsms;
import dev.ocpp.examples.testing.AwaitableOutput;
import dev.ocpp.examples.testing.HostileWebSocket;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The {@code csms} and {@code station} commands over real WebSockets on loopback: what they print masks idTags and
 * idTokens unless {@code --show-secrets} is given, and a hostile peer's huge action name is not echoed.
 */
class SecretRedactionCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final AwaitableOutput csmsOutput = new AwaitableOutput();
    private final StationCommandRunner stations = new StationCommandRunner(WAIT);
    private ExampleCsms csms;

    @AfterEach
    void stopAll() throws Exception {
        stations.stopAll();
        if (csms != null) {
            csms.close();
        }
    }

    private void startCsms(String... options) {
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(csmsOutput, true));
        List<String> args = new ArrayList<>(List.of("csms", "--host", "127.0.0.1", "--port", "0",
                "--protocols", "ocpp1.6,ocpp2.0.1"));
        args.addAll(List.of(options));
        CsmsCommand command = (CsmsCommand) cli.parseArgs(args.toArray(String[]::new)).subcommand().commandSpec()
                .userObject();
        csms = command.transports(stations.transports()).start();
    }

    private String url() {
        return "ws://127.0.0.1:" + csms.port() + ExampleCsms.PATH;
    }

    /** Runs one charging session of a 1.6 and a 2.0.1 station; returns once the CSMS has logged both. */
    private void chargeWithBothVersions(String... stationOptions) throws Exception {
        List<String> options = new ArrayList<>(List.of("--meter-interval", "0", "--meter-values", "1"));
        options.addAll(List.of(stationOptions));
        stations.start(url(), "CP16", "ocpp1.6", options.toArray(String[]::new)).charged()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        stations.start(url(), "CP201", "ocpp2.0.1", options.toArray(String[]::new)).charged()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        csmsOutput.await("CALLRESULT StopTransaction", WAIT);
        csmsOutput.await("\"eventType\":\"Ended\"", WAIT);
    }

    @Test
    void masksIdTagsAndIdTokensInCsmsAndStationOutputByDefault() throws Exception {
        startCsms();

        chargeWithBothVersions();

        assertThat(csmsOutput.toString()).contains("CALL       Authorize").contains("\"idTag\":\"***\"")
                .contains("\"idToken\":\"***\"").doesNotContain("TAG-CP16").doesNotContain("TAG-CP201");
        assertThat(stations.output().toString()).contains("Authorize *** -> Accepted")
                .doesNotContain("TAG-CP16").doesNotContain("TAG-CP201");
    }

    @Test
    void showsIdTagsAndIdTokensWithShowSecrets() throws Exception {
        startCsms("--show-secrets");

        chargeWithBothVersions("--show-secrets");

        assertThat(csmsOutput.toString()).contains("\"idTag\":\"TAG-CP16\"").contains("\"idToken\":\"TAG-CP201\"")
                .contains("showing secrets");
        assertThat(stations.output().toString()).contains("Authorize TAG-CP16 -> Accepted")
                .contains("Authorize TAG-CP201 -> Accepted");
    }

    @Test
    void answersAMegabyteUnknownActionWithASmallCallErrorAndLogsItCut() throws Exception {
        startCsms();
        String action = "A".repeat(1_000_000);

        for (String protocol : List.of("ocpp1.6", "ocpp2.0.1")) {
            try (HostileWebSocket peer = HostileWebSocket.connect(csms.port(), ExampleCsms.PATH + "/EVIL-"
                    + protocol.length(), protocol, (int) WAIT.toMillis())) {
                assertThat(peer.statusLine).contains("101");
                peer.sendText("[2,\"huge-1\",\"" + action + "\",{}]");

                HostileWebSocket.Frame answer = peer.readDataOrClose();

                assertThat(answer.opcode()).isEqualTo(1);
                assertThat(answer.payload().length).as(protocol).isLessThan(1024);
                assertThat(answer.text()).startsWith("[4,\"huge-1\",\"NotImplemented\"");
            }
        }
        csmsOutput.await("CALLERROR", WAIT);
        assertThat(csmsOutput.toString().length()).isLessThan(20_000);
    }
}
