package dev.ocpp.examples.station;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.examples.support.DaemonThreads;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.examples.testing.AwaitableOutput;
import dev.ocpp.security.SecurityProfile;
import dev.ocpp.security.StationPassword;
import dev.ocpp.security.StationSecurity;
import dev.ocpp.security.pki.TestPki;
import dev.ocpp.testkit.MockCsms;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * An example station started on security profile 1 against a plain mock CSMS ({@code ws://} with a password), and a
 * second mock CSMS over TLS with the same password, whose server certificate comes from a test PKI: the set-up of the
 * security profile upgrade (1.6 security white paper A05, 2.0.1 A05/B09/B10), on real sockets.
 */
final class UpgradeFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final String IDENTITY = "CP-UPGRADE";
    /** The 1.6 AuthorizationKey; its bytes are the password on the wire. */
    private static final String KEY_16 = "00112233445566778899aabbccddeeff";
    private static final String PASSWORD_201 = "upgrade-password-0123";
    /** Back within a fraction of a second, so that three failed attempts pass quickly. */
    private static final RetryBackOff QUICK = new RetryBackOff(Duration.ofMillis(100), Duration.ofMillis(100), 1);

    final TestPki pki = TestPki.builder().build();
    final OcppVersion version;
    final MockCsms plain;
    final MockCsms secure;
    final AwaitableOutput output = new AwaitableOutput();
    private final PrintWriter printer = new PrintWriter(output, true);
    private final Transports transports = Transports.netty();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("upgrade-test-timer-"));
    private StationSimulator station;

    /**
     * @param secureReachable whether the secure mock is up; if not, its URL points at a port nothing listens on
     *                        any more
     */
    UpgradeFixture(OcppVersion version, boolean secureReachable) throws GeneralSecurityException {
        this.version = version;
        byte[] password = password();
        plain = MockCsms.builder(version).webSocket().password(password).build();
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(pki.serverCertificate("127.0.0.1", "127.0.0.1", "localhost").keyManagers().getKeyManagers(),
                null, null);
        secure = MockCsms.builder(version).tls(server).password(password).build();
        if (!secureReachable) {
            secure.close();
        }
    }

    private byte[] password() {
        return version == OcppVersion.OCPP16 ? HexFormat.of().parseHex(KEY_16)
                : PASSWORD_201.getBytes(StandardCharsets.UTF_8);
    }

    /** Starts the station on profile 1 at the plain mock, 1.6 with {@code secureEndpoint}; returns once booted. */
    StationSimulator start(URI secureEndpoint) throws Exception {
        StationPassword p = version == OcppVersion.OCPP16 ? StationPassword.ocpp16Key(KEY_16)
                : StationPassword.ocpp201(PASSWORD_201);
        StationSecurity security = StationSecurity.builder(SecurityProfile.UNSECURED_TRANSPORT_WITH_BASIC_AUTH)
                .password(p).build();
        station = new StationSimulator(transports, new StationSimulator.Settings(plain.url(), IDENTITY, version,
                null, "dev.ocpp", "ExampleStation", StationSimulator.Settings.DEFAULT_METER_INTERVAL, security)
                .withTransactions(0).withBackOff(QUICK).withSecureEndpoint(secureEndpoint),
                timers, printer::println);
        station.start().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return station;
    }

    /** Waits for a line of the station's output that contains {@code part}. */
    void awaitOutput(String part) throws Exception {
        output.await(part, WAIT);
    }

    @Override
    public void close() throws Exception {
        try {
            if (station != null) {
                station.close();
                station.closed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            timers.shutdownNow();
            transports.close();
            secure.close();
            plain.close();
        }
    }
}
