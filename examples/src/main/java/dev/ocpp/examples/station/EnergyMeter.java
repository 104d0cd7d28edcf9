package dev.ocpp.examples.station;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A station's energy register, in Wh, rising as a charge at {@link #POWER_W} would. Shared by both versions'
 * simulators so that their sessions read alike. Thread-safe.
 */
final class EnergyMeter {

    /** The simulated charging power: a common 11 kW AC wallbox. */
    static final int POWER_W = 11_000;
    /** The connector's current limit at that power on three phases. */
    static final double MAX_AMPS = 16.0;

    private final AtomicInteger wh = new AtomicInteger();

    /** The register now, Wh. */
    int wh() {
        return wh.get();
    }

    /** Sets the register to {@code wh} if it reads less: a restarted station goes on from its last reading. */
    void restore(int wh) {
        this.wh.accumulateAndGet(wh, Math::max);
    }

    /**
     * Charges for {@code interval} and returns the new reading. At least 1 Wh, so that the register visibly rises
     * even when the interval is too short for a real meter to notice.
     */
    int charge(Duration interval) {
        return wh.addAndGet((int) Math.max(1, Math.round(POWER_W * interval.toMillis() / 3_600_000.0)));
    }
}
