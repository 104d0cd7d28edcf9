package dev.ocpp.security;

import static dev.ocpp.security.RawUpgrade.ATTACKER;
import static dev.ocpp.security.RawUpgrade.OTHER_ATTACKER;
import static dev.ocpp.security.RawUpgrade.STATION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.AuthThrottle;
import dev.ocpp.core.OcppServer;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.transport.netty.NettyServerTransport;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Password guessing is throttled per address and per identity, over real sockets on the Netty transport: the
 * attacker on 127.0.0.2 (and 127.0.0.3), the real station on 127.0.0.1. Time is a manual clock; nothing sleeps.
 */
class AuthThrottleOverSocketsTest {

    private static final Map<String, String> PASSWORDS = Map.of("CP-001", "right-password-1", "CP-002",
            "right-password-2");

    private final RawUpgrade.ManualClock clock = new RawUpgrade.ManualClock();
    private final AtomicInteger authenticatorCalls = new AtomicInteger();
    private final List<AuthThrottle.Event> decisions = new CopyOnWriteArrayList<>();
    private OcppServer server;
    private int port;

    private void start(AuthThrottle.Builder throttle) {
        server = OcppServer.builder(new NettyServerTransport(1)).host("127.0.0.1").port(0).path("/ocpp")
                .authenticator((identity, credentials, request) -> {
                    authenticatorCalls.incrementAndGet();
                    return credentials.map(BasicCredentials::passwordAsString)
                            .filter(p -> p.equals(PASSWORDS.get(identity))).isPresent();
                })
                .authThrottle(throttle.clock(clock).build())
                .authThrottleListener(decisions::add)
                .serve(OcppVersion.OCPP16, RawUpgrade.HANDLERS)
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
        return RawUpgrade.status(from, port, "/ocpp/" + identity, "ocpp1.6", identity, password);
    }

    @Test
    void attackerIsRefusedEvenWithTheRightPasswordAfterFiveFailuresWhileTheRealStationGetsInEveryTime()
            throws Exception {
        start(AuthThrottle.builder());
        assertThat(connect(STATION, "CP-001", "right-password-1")).isEqualTo(101);
        for (int i = 0; i < 5; i++) {
            assertThat(connect(ATTACKER, "CP-001", "guess-" + i)).as("guess %d", i).isEqualTo(401);
            assertThat(connect(STATION, "CP-001", "right-password-1")).as("station after guess %d", i)
                    .isEqualTo(101);
        }
        int callsBefore = authenticatorCalls.get();
        for (int i = 0; i < 20; i++) {
            assertThat(connect(ATTACKER, "CP-001", "right-password-1")).isEqualTo(401);
            assertThat(connect(ATTACKER, "CP-001", "guess")).isEqualTo(401);
        }
        // Refused without asking the authenticator: no guess is checked while locked out.
        assertThat(authenticatorCalls.get()).isEqualTo(callsBefore);
        // The identity's lockout does not reach the address it last proved itself from, nor other stations.
        assertThat(connect(STATION, "CP-001", "right-password-1")).isEqualTo(101);
        assertThat(connect(STATION, "CP-002", "right-password-2")).isEqualTo(101);
        assertThat(decisions).anySatisfy(e -> {
            assertThat(e.decision()).isEqualTo(AuthThrottle.Decision.LOCKED_OUT);
            assertThat(e.scope()).isEqualTo(AuthThrottle.Scope.ADDRESS);
            assertThat(e.remote().getAddress()).isEqualTo(ATTACKER);
            assertThat(e.remaining()).isEqualTo(Duration.ofSeconds(1));
        });
        assertThat(decisions).filteredOn(e -> e.decision() == AuthThrottle.Decision.REFUSED).hasSize(40)
                .allSatisfy(e -> assertThat(e.remote().getAddress()).isEqualTo(ATTACKER));
    }

    @Test
    void identityLockedOutByFailuresIsRefusedFromAnotherAddressButNotFromItsLastGoodOne() throws Exception {
        start(AuthThrottle.builder());
        assertThat(connect(STATION, "CP-001", "right-password-1")).isEqualTo(101);
        for (int i = 0; i < 5; i++) {
            assertThat(connect(ATTACKER, "CP-001", "guess-" + i)).isEqualTo(401);
        }
        // A second attacker address is not locked out as an address, but the identity is.
        assertThat(connect(OTHER_ATTACKER, "CP-001", "right-password-1")).isEqualTo(401);
        assertThat(decisions).anySatisfy(e -> {
            assertThat(e.decision()).isEqualTo(AuthThrottle.Decision.REFUSED);
            assertThat(e.scope()).isEqualTo(AuthThrottle.Scope.IDENTITY);
            assertThat(e.remote().getAddress()).isEqualTo(OTHER_ATTACKER);
        });
        assertThat(connect(OTHER_ATTACKER, "CP-002", "right-password-2")).isEqualTo(101);
        assertThat(connect(STATION, "CP-001", "right-password-1")).isEqualTo(101);
    }

    @Test
    void lockoutEndsWhenTheClockMovesAndGrowsWithFurtherFailures() throws Exception {
        start(AuthThrottle.builder());
        for (int i = 0; i < 5; i++) {
            assertThat(connect(ATTACKER, "CP-001", "guess-" + i)).isEqualTo(401);
        }
        assertThat(connect(ATTACKER, "CP-001", "right-password-1")).isEqualTo(401);
        clock.advance(Duration.ofMillis(999));
        assertThat(connect(ATTACKER, "CP-001", "right-password-1")).isEqualTo(401);
        clock.advance(Duration.ofMillis(1));
        assertThat(connect(ATTACKER, "CP-001", "right-password-1")).isEqualTo(101);
        // One more failure: locked out again, for twice as long.
        assertThat(connect(ATTACKER, "CP-001", "guess")).isEqualTo(401);
        clock.advance(Duration.ofSeconds(1));
        assertThat(connect(ATTACKER, "CP-001", "right-password-1")).isEqualTo(401);
        clock.advance(Duration.ofSeconds(1));
        assertThat(connect(ATTACKER, "CP-001", "right-password-1")).isEqualTo(101);
        // A quiet period forgets the count: five free failures again.
        clock.advance(Duration.ofMinutes(15));
        for (int i = 0; i < 4; i++) {
            assertThat(connect(ATTACKER, "CP-001", "guess-" + i)).isEqualTo(401);
        }
        assertThat(connect(ATTACKER, "CP-001", "right-password-1")).isEqualTo(101);
    }

    @Test
    void lockoutIsCappedAtTheConfiguredMaximum() throws Exception {
        start(AuthThrottle.builder().failuresBeforeLockout(2).firstLockout(Duration.ofSeconds(10))
                .maxLockout(Duration.ofSeconds(30)));
        for (int round = 0; round < 5; round++) {
            assertThat(connect(ATTACKER, "CP-001", "guess")).isEqualTo(401);
            assertThat(connect(ATTACKER, "CP-001", "guess")).isEqualTo(401);
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(decisions).filteredOn(e -> e.decision() == AuthThrottle.Decision.LOCKED_OUT
                        && e.scope() == AuthThrottle.Scope.ADDRESS)
                .extracting(AuthThrottle.Event::remaining)
                .startsWith(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30))
                .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void disabledThrottleChecksEveryAttempt() throws Exception {
        start(AuthThrottle.builder().enabled(false));
        for (int i = 0; i < 20; i++) {
            assertThat(connect(ATTACKER, "CP-001", "guess-" + i)).isEqualTo(401);
        }
        assertThat(connect(ATTACKER, "CP-001", "right-password-1")).isEqualTo(101);
        assertThat(authenticatorCalls.get()).isEqualTo(21);
        assertThat(decisions).isEmpty();
    }

    @Test
    void throttleIsOnByDefault() throws Exception {
        server = OcppServer.builder(new NettyServerTransport(1)).host("127.0.0.1").port(0).path("/ocpp")
                .authenticator((identity, credentials, request) -> credentials.map(BasicCredentials::passwordAsString)
                        .equals(Optional.ofNullable(PASSWORDS.get(identity))))
                .serve(OcppVersion.OCPP16, RawUpgrade.HANDLERS)
                .build().start();
        port = server.port();
        for (int i = 0; i < 5; i++) {
            assertThat(connect(ATTACKER, "CP-001", "guess-" + i)).isEqualTo(401);
        }
        assertThat(connect(ATTACKER, "CP-001", "right-password-1")).isEqualTo(401);
    }
}
