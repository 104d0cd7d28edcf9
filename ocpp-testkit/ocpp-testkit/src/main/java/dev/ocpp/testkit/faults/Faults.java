package dev.ocpp.testkit.faults;

import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.testkit.VirtualClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Entry point of the frame faults: {@link #wrap} puts a {@link FaultPlan} on the transport seam, and
 * {@link #skewedClock} makes a clock that is off by a given amount.
 *
 * <p>The faults act on the SPI ({@link dev.ocpp.core.spi.TransportConnection},
 * {@link dev.ocpp.core.spi.TransportListener}), so the same plan works over the in-memory transport and over real
 * WebSockets alike. For faults below the frames (TCP resets, byte-level holds, refused TCP connections) against a
 * server of any kind, see {@link FaultProxy}.
 */
public final class Faults {

    /**
     * Typical malformed frames, one per way of breaking OCPP-J (OCPP-J 1.6 §4.2.3, OCPP 2.0.1 Part 4 §4.2.3):
     * <ol>
     *   <li>not JSON: no id can be read (2.0.1 answers RpcFrameworkError with id {@code "-1"}; 1.6 cannot
     *       answer);</li>
     *   <li>JSON but not an array;</li>
     *   <li>a CALL whose payload is not an object (1.6 FormationViolation, 2.0.1 FormatViolation);</li>
     *   <li>a CALL missing its payload (1.6 GenericError, 2.0.1 RpcFrameworkError);</li>
     *   <li>an unknown message type (1.6 ignores it, 2.0.1 answers MessageTypeNotSupported, Part 4 §4.4);</li>
     *   <li>a truncated frame.</li>
     * </ol>
     */
    public static final List<String> TYPICAL_MALFORMED = List.of(
            "this is not json",
            "{\"not\":\"an array\"}",
            "[2,\"malformed-1\",\"Heartbeat\",\"not an object\"]",
            "[2,\"malformed-2\",\"Heartbeat\"]",
            "[7,\"malformed-3\",\"Heartbeat\",{}]",
            "[2,\"malformed-4\",\"Heartb");

    private Faults() {
    }

    /**
     * A client transport whose connections follow {@code plan}: it connects through {@code transport} and applies
     * the plan's rules to every text frame sent and received, and to every connection attempt. {@code transport}
     * stays the caller's to close; closing the returned transport aborts the connections it opened and stops its
     * timer thread, if it started one (it does when the plan has no {@link FaultPlan#scheduler scheduler}).
     */
    public static FaultyTransport wrap(TransportClientFactory transport, FaultPlan plan) {
        return new FaultyTransport(Objects.requireNonNull(transport, "transport"),
                Objects.requireNonNull(plan, "plan"));
    }

    /**
     * A clock {@code offset} ahead of {@code base} (behind it if negative): for a peer whose clock is wrong, as
     * OCPP 1.6 §4.2/§4.6 and 2.0.1 B01/G02 let the CSMS correct it with the {@code currentTime} of the
     * BootNotification and Heartbeat answers. Pass it where the code under test takes a {@link Clock}.
     */
    public static Clock skewedClock(Clock base, Duration offset) {
        return Clock.offset(Objects.requireNonNull(base, "base"), Objects.requireNonNull(offset, "offset"));
    }

    /** A clock {@code offset} ahead of {@code clock}'s virtual time: it moves only as {@code clock} advances. */
    public static Clock skewedClock(VirtualClock clock, Duration offset) {
        return skewedClock(clock.clock(), offset);
    }

    /** A clock {@code offset} ahead of the system clock (UTC). */
    public static Clock skewedSystemClock(Duration offset) {
        return skewedClock(Clock.systemUTC(), offset);
    }
}
