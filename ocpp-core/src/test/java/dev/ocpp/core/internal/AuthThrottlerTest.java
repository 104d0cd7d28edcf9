package dev.ocpp.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.core.AuthThrottle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The throttle's memory stays bounded however many identities and addresses fail. */
class AuthThrottlerTest {

    private static InetSocketAddress address(int i) throws Exception {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8),
                (byte) i}), 40000);
    }

    @Test
    void manyDistinctIdentitiesAndAddressesStayWithinTheCap() throws Exception {
        AuthThrottler t = new AuthThrottler(AuthThrottle.builder().maxTracked(1000).build(), List.of());
        for (int i = 0; i < 200_000; i++) {
            t.failed("CP-" + i, address(i));
            t.succeeded("OK-" + i, address(i));
            assertThat(t.tracked()).isLessThanOrEqualTo(3000);
        }
        assertThat(t.tracked()).isEqualTo(3000);
    }

    @Test
    void quietEntriesExpire() throws Exception {
        Instant[] now = {Instant.parse("2026-12-07T06:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        AuthThrottler t = new AuthThrottler(AuthThrottle.builder().clock(clock).build(), List.of());
        for (int i = 0; i < 100; i++) {
            t.failed("CP-" + i, address(i));
        }
        assertThat(t.tracked()).isEqualTo(200);
        now[0] = now[0].plus(Duration.ofMinutes(16));
        for (int i = 0; i < 100; i++) {
            t.failed("NEW-" + i, address(1000 + i));
        }
        // Each change sweeps a few expired entries from the old end.
        assertThat(t.tracked()).isLessThan(400);
    }
}
