package dev.ocpp.security;

import static dev.ocpp.security.RawUpgrade.ATTACKER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.IdentityRules;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.transport.netty.NettyServerTransport;
import dev.ocpp.transport.testsuite.Await;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Text a peer chose never reaches a log line raw: a newline in a station identity must not forge a line
 * ({@code ... ADMIN connected}). The tests' SLF4J backend (slf4j-simple) writes to {@link System#err}, which each
 * test captures.
 */
class PeerTextInLogsTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private OcppServer server;

    @BeforeEach
    void capture() {
        originalErr = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                originalErr.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                originalErr.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        if (server != null) {
            server.close();
        }
        System.setErr(originalErr);
    }

    private List<String> lines() {
        synchronized (captured) {
            return Arrays.asList(captured.toString(StandardCharsets.UTF_8).split("\n"));
        }
    }

    private int start(IdentityRules rules) {
        server = OcppServer.builder(new NettyServerTransport(1)).host("127.0.0.1").port(0).path("/ocpp")
                .identityRules(rules)
                .serve(OcppVersion.OCPP16, RawUpgrade.HANDLERS)
                .build().start();
        return server.port();
    }

    /** Connects twice with {@code identity}, the first connection kept open, as a station that reconnects. */
    private void connectTwice(int port, String rawIdentity, String identity) throws Exception {
        try (RawUpgrade first = RawUpgrade.send(ATTACKER, port, "/ocpp/" + rawIdentity, "ocpp1.6", null, null)) {
            if (first.status == 101) {
                Await.until("the first connection's session", () -> server.session(identity)
                        .map(OcppSession::isOpen).orElse(false));
            }
            RawUpgrade.status(ATTACKER, port, "/ocpp/" + rawIdentity, "ocpp1.6", null, null);
        }
    }

    private static void assertNoRawControlCharacters(List<String> lines) {
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.chars().filter(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                    || c == 0x202e)).as("raw control character in log line: %s", line).isEmpty();
            assertThat(line).doesNotStartWith("ADMIN");
        });
    }

    @Test
    void newlineInARefusedIdentityCannotForgeALogLine() throws Exception {
        int port = start(IdentityRules.defaults());
        connectTwice(port, "CP%0AADMIN%20connected", "CP\nADMIN connected");
        // Refused now; before identities were checked it got in, and its reconnection was logged.
        Await.until("a log line about the identity", () -> lines().stream()
                .anyMatch(l -> l.contains("Refused upgrade") || l.contains("reconnected")));
        assertNoRawControlCharacters(lines());
        assertThat(lines()).anySatisfy(l -> assertThat(l).contains("Refused upgrade /ocpp/CP%0AADMIN%20connected")
                .contains("404"));
    }

    @Test
    void oddButAllowedCharactersOfAnAcceptedIdentityAreEscapedInLogLines() throws Exception {
        // Everything but control characters allowed: line and paragraph separators and a right-to-left override
        // are not control characters, yet can still fake or hide log text.
        int port = start(IdentityRules.builder().ocpp16Characters(c -> true).build());
        String identity = "CP\u2028ADMIN\u202Econnected\\";
        connectTwice(port, "CP%E2%80%A8ADMIN%E2%80%AEconnected%5C", identity);
        Await.until("the reconnection's log line", () -> lines().stream().anyMatch(l -> l.contains("reconnected")));
        assertNoRawControlCharacters(lines());
        assertThat(lines()).anySatisfy(l -> assertThat(l).contains("CP\\u2028ADMIN\\u202econnected\\\\ reconnected"));
    }
}
