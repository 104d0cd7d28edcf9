package dev.ocpp.security;

import static dev.ocpp.security.RawUpgrade.ATTACKER;
import static dev.ocpp.security.RawUpgrade.STATION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.AuthThrottle;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.transport.netty.NettyServerTransport;
import dev.ocpp.transport.testsuite.Await;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A profile-1 CSMS ({@link CsmsSecurity}) under password guessing and identity enumeration, over real sockets on the
 * Netty transport: throttling decisions become security events, and unknown identities can be answered like wrong
 * passwords.
 */
class CsmsHandshakeHardeningTest {

    private static final String PASSWORD = "a-long-password-1234";

    private final BlockingQueue<SecurityEvent> events = new LinkedBlockingQueue<>();
    private final RawUpgrade.ManualClock clock = new RawUpgrade.ManualClock();
    private OcppServer server;
    private int port;

    private void start(boolean uniform) {
        CsmsSecurity security = CsmsSecurity.builder(SecurityProfile.UNSECURED_TRANSPORT_WITH_BASIC_AUTH)
                .credentials(CredentialStore.of(Map.of("CP-001", StationCredential.ocpp201(PASSWORD))))
                .uniformAuthenticationFailure(uniform)
                .onEvent(events::add)
                .build();
        server = security.applyTo(OcppServer.builder(new NettyServerTransport(1)))
                .host("127.0.0.1").port(0).path("/ocpp")
                .authThrottle(AuthThrottle.builder().clock(clock).build())
                .serve(OcppVersion.OCPP201, RawUpgrade.HANDLERS)
                .build().start();
        port = server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int connect(InetAddress from, String identity, String password) throws Exception {
        return RawUpgrade.status(from, port, "/ocpp/" + identity, "ocpp2.0.1", identity, password);
    }

    @Test
    void throttledRefusalsAreReportedAsFailedToAuthenticateEvents() throws Exception {
        start(false);
        assertThat(connect(STATION, "CP-001", PASSWORD)).isEqualTo(101);
        for (int i = 0; i < 5; i++) {
            assertThat(connect(ATTACKER, "CP-001", "wrong-password-000" + i)).isEqualTo(401);
        }
        assertThat(connect(ATTACKER, "CP-001", PASSWORD)).isEqualTo(401);
        assertThat(connect(STATION, "CP-001", PASSWORD)).isEqualTo(101);

        Await.until("a throttled refusal event", () -> events.stream().anyMatch(e -> e.reason()
                == SecurityEvent.Reason.THROTTLED && e.detail().contains("refused without checking")));
        assertThat(events).filteredOn(e -> e.reason() == SecurityEvent.Reason.WRONG_PASSWORD).hasSize(5);
        assertThat(events).filteredOn(e -> e.reason() == SecurityEvent.Reason.THROTTLED).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(SecurityEventType.FAILED_TO_AUTHENTICATE_AT_CSMS);
            assertThat(e.typeName(OcppVersion.OCPP201)).isEqualTo("FailedToAuthenticateAtCsms");
            assertThat(e.typeName(OcppVersion.OCPP16)).isEqualTo("FailedToAuthenticateAtCentralSystem");
            assertThat(e.techInfo()).startsWith("THROTTLED: throttled");
            assertThat(e.identity()).contains("CP-001");
            assertThat(e.remote().orElseThrow().getAddress()).isEqualTo(ATTACKER);
        }).anySatisfy(e -> assertThat(e.detail()).contains("locked out for 1 s after 5 failed"));
    }

    @Test
    void unknownIdentityIsAnswered404ByDefault() throws Exception {
        start(false);
        assertThat(connect(ATTACKER, "CP-999", PASSWORD)).isEqualTo(404);
        assertThat(connect(ATTACKER, "CP-001", "wrong-password-0000")).isEqualTo(401);
    }

    @Test
    void unknownIdentityIsAnswered401WhenFailuresAreUniform() throws Exception {
        start(true);
        assertThat(connect(ATTACKER, "CP-999", PASSWORD)).isEqualTo(401);
        assertThat(connect(ATTACKER, "CP-001", "wrong-password-0000")).isEqualTo(401);
        // An identity that cannot exist stays 404: the answer reveals nothing about which stations exist.
        assertThat(connect(ATTACKER, "CP%0A1", PASSWORD)).isEqualTo(404);
        assertThat(connect(STATION, "CP-001", PASSWORD)).isEqualTo(101);
    }
}
