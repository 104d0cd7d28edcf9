package dev.ocpp.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.examples.cli.OcppCli;
import dev.ocpp.examples.support.ExchangeLog;
import dev.ocpp.examples.testing.TestTransports;
import dev.ocpp.security.SecurityProfile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The demo under each security profile over real WebSockets: every station of the fleet gets in with what the
 * profile demands, the impostor is refused with the CSMS's security event, and the rest of the demo runs as without
 * a profile.
 */
class SecuredDemoTest {

    private static final List<String> FLEET = List.of("CP16-001", "CP16-002", "CP201-001", "CP201-002");

    @Test
    void demoWithSecurityProfileThreeRunsToCompletionShowingMutualTlsAndTheRefusedStation() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = OcppCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("demo", "--security-profile", "3", "--quiet");

        assertThat(exit).as(err.toString()).isZero();
        String summary = out.toString();
        assertThat(summary).contains("CSMS: wss://127.0.0.1:")
                .contains("Security profile 3 (TLS with client certificates)");
        for (String identity : FLEET) {
            assertThat(summary).contains(identity + " connected over wss:// with client certificate CN=" + identity
                    + " (security profile 3)");
        }
        assertThat(summary).contains("CP201-003 with a certificate from another CA was refused; the CSMS reported:")
                .contains("security-event InvalidChargingStationCertificate/InvalidChargePointCertificate - "
                        + "INVALID_CLIENT_CERTIFICATE")
                .contains("CALLERRORs: none")
                .contains("Result: OK");
    }

    @ParameterizedTest(name = "security profile {0}")
    @ValueSource(ints = {1, 2})
    void demoWithPasswordsLetsTheFleetInWithEachVersionsPasswordAndRefusesTheWrongOne(int number) {
        SecurityProfile profile = SecurityProfile.of(number);
        String scheme = profile.usesTls() ? "wss" : "ws";

        DemoReport report = new Demo(TestTransports.tyrus(), null, Duration.ofSeconds(20), profile).run();

        assertThat(report.problems()).isEmpty();
        assertThat(report.connections()).extracting(ExchangeLog.Connection::identity)
                .containsExactlyInAnyOrderElementsOf(FLEET);
        assertThat(report.security()).contains(
                "CP16-001 connected over " + scheme + ":// with HTTP Basic user CP16-001 and its OCPP 1.6 "
                        + "AuthorizationKey (security profile " + number + ")",
                "CP201-002 connected over " + scheme + ":// with HTTP Basic user CP201-002 and its OCPP 2.0.1 "
                        + "password (security profile " + number + ")",
                "CP201-003 with a wrong password was refused; the CSMS reported:",
                "  security-event FailedToAuthenticateAtCsms/FailedToAuthenticateAtCentralSystem CP201-003 "
                        + "WRONG_PASSWORD: password does not match");
        assertThat(report.summary()).contains("CSMS: " + scheme + "://127.0.0.1:").contains("Result: OK");
    }

    @Test
    void demoWithoutAProfileSaysNothingAboutSecurity() {
        DemoReport report = new Demo(TestTransports.inMemory(), null, Duration.ofSeconds(20)).run();

        assertThat(report.success()).isTrue();
        assertThat(report.security()).isEmpty();
        assertThat(report.summary()).doesNotContain("Security profile").contains("CSMS: ws://");
    }
}
