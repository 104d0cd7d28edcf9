package dev.ocpp.examples.cli;

import static dev.ocpp.examples.testing.TypedApiSupport.callErrorOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.examples.csms.ExampleCsms;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.examples.support.Versions;
import dev.ocpp.examples.testing.AwaitableOutput;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code csms --transport} and {@code --quiet}, and {@code station --transport}'s refusal of unknown names. */
@Timeout(60)
class CsmsTransportAndQuietTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AwaitableOutput output = new AwaitableOutput();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void byDefaultEveryFrameGetsALine() throws Exception {
        ExampleCsms csms = csms("--transport", "tyrus");
        OcppSession station = connect(csms, Transports.tyrus());

        station.call("Heartbeat", JsonNodeFactory.instance.objectNode()).get(10, TimeUnit.SECONDS);

        output.await("CALLRESULT", WAIT);
        assertThat(output.toString()).contains(" <- CALL ").contains("Heartbeat");
    }

    @Test
    void quietDropsTheFrameLinesButKeepsStartUpConnectionsAndCallErrors() throws Exception {
        ExampleCsms csms = csms("--transport", "tyrus", "--quiet");
        OcppSession station = connect(csms, Transports.tyrus());

        station.call("Heartbeat", JsonNodeFactory.instance.objectNode()).get(10, TimeUnit.SECONDS);
        callErrorOf(station.call("NoSuchAction", JsonNodeFactory.instance.objectNode()));

        // The CALLERROR line comes after the Heartbeat's frames would have: once it is there, they would be too.
        output.await("CALLERROR", WAIT);
        assertThat(output.toString())
                .contains("CSMS listening on")
                .contains(", quiet")
                .contains("connected with subprotocol ocpp1.6")
                .doesNotContain(" <- CALL ")
                .doesNotContain("CALLRESULT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tyrus", "netty"})
    void theCsmsAnswersOnTheTransportItWasToldToUse(String transport) throws Exception {
        ExampleCsms csms = csms("--transport", transport);
        OcppSession station = connect(csms, Transports.named(transport));

        assertThat(station.call("Heartbeat", JsonNodeFactory.instance.objectNode()).get(10, TimeUnit.SECONDS)
                .has("currentTime")).isTrue();
        assertThat(output.toString()).contains("transport " + transport);
    }

    @ParameterizedTest
    @ValueSource(strings = {"csms", "station"})
    void anUnknownTransportIsRefusedNamingTheKnownOnes(String command) {
        StringWriter err = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        int exit = command.equals("csms")
                ? cli.execute("csms", "--port", "0", "--transport", "jetty")
                : cli.execute("station", "--url", "ws://127.0.0.1:1/ocpp", "--transport", "jetty");

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("Invalid value for option '--transport': Unknown transport 'jetty'; "
                + "expected one of tyrus, netty");
    }

    private ExampleCsms csms(String... options) {
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(output, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        String[] args = new String[options.length + 5];
        args[0] = "csms";
        System.arraycopy(new String[] {"--host", "127.0.0.1", "--port", "0"}, 0, args, 1, 4);
        System.arraycopy(options, 0, args, 5, options.length);
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        CsmsCommand command = (CsmsCommand) parsed.subcommand().commandSpec().userObject();
        ExampleCsms csms = command.start();
        opened.add(csms);
        return csms;
    }

    private OcppSession connect(ExampleCsms csms, Transports transports) throws Exception {
        // The client transport owns its threads; closed after the session (the list closes in reverse).
        opened.add(transports.client());
        OcppSession session = OcppClient.builder(transports.client())
                .endpoint(csms.endpoint())
                .identity("CP-T")
                .offer(OcppVersion.OCPP16, Handlers.none(Versions.catalog(OcppVersion.OCPP16)))
                .build()
                .connect()
                .get(10, TimeUnit.SECONDS);
        opened.add(session::close);
        return session;
    }
}
