package dev.ocpp.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.spi.ConnectionLimits;
import dev.ocpp.examples.csms.ExampleCsms;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code csms}'s connection-limit options (issue 15) reach the server, and bad values are refused as usage errors. */
@Timeout(60)
class CsmsConnectionLimitsTest {

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void withoutOptionsTheCsmsHoldsToTheLibraryDefaults() {
        ExampleCsms csms = csms();
        assertThat(csms.server().transportConfig().connectionLimits()).isEqualTo(ConnectionLimits.defaults());
    }

    @Test
    void theOptionsBecomeTheServersLimits() {
        ExampleCsms csms = csms("--max-connections", "50", "--max-connections-per-address", "7",
                "--max-pending-handshakes", "20", "--max-pending-handshakes-per-address", "3",
                "--handshake-timeout", "4");
        assertThat(csms.server().transportConfig().connectionLimits()).isEqualTo(ConnectionLimits.builder()
                .maxConnections(50).maxConnectionsPerAddress(7).maxPendingHandshakes(20)
                .maxPendingHandshakesPerAddress(3).handshakeTimeout(Duration.ofSeconds(4)).build());
    }

    @Test
    void aSilentSocketBeyondThePendingCapOfItsAddressIsClosedAtOnce() throws Exception {
        ExampleCsms csms = csms("--max-pending-handshakes-per-address", "1", "--handshake-timeout", "600");
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", csms.port());
        Socket first = silentSocketFrom("127.0.0.2", server);
        Socket second = silentSocketFrom("127.0.0.2", server);

        // The second is closed by the server (end of stream or reset), long before the 600 s timeout ...
        assertThat(closedByServer(second)).isTrue();
        // ... while the first, within the cap, is left waiting for its upgrade request.
        first.setSoTimeout(300);
        InputStream in = first.getInputStream();
        try {
            int read = in.read();
            assertThat(read).as("the first socket must stay open").isNotEqualTo(-1);
        } catch (SocketTimeoutException stillOpen) {
            // expected: nothing to read, not closed
        }
    }

    @Test
    void aLimitThatCannotBeIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("csms", "--port", "0", "--max-connections", "0");

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("maxConnections");
    }

    private Socket silentSocketFrom(String local, InetSocketAddress server) throws Exception {
        Socket s = new Socket();
        opened.add(s);
        s.bind(new InetSocketAddress(local, 0));
        s.connect(server, 5_000);
        return s;
    }

    private static boolean closedByServer(Socket s) throws Exception {
        s.setSoTimeout(10_000);
        try {
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    private ExampleCsms csms(String... options) {
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
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
}
