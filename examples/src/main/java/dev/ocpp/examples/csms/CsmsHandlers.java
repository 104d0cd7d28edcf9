package dev.ocpp.examples.csms;

import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.v201.Ocpp201BootGating;
import java.time.Clock;
import java.time.Duration;

/**
 * The example CSMS's answers per version: {@link Csms16Handlers} for OCPP 1.6 and {@link Csms201Handlers} for
 * OCPP 2.0.1, typed answers to every action a station sends in either version.
 */
public final class CsmsHandlers {

    private CsmsHandlers() {
    }

    /**
     * The handlers for {@code version}, without boot gating.
     *
     * @param heartbeatInterval the interval returned in BootNotification, whole seconds
     */
    public static Handlers forVersion(OcppVersion version, Duration heartbeatInterval, Clock clock) {
        return forVersion(version, heartbeatInterval, clock, null);
    }

    /**
     * The handlers for {@code version}.
     *
     * @param heartbeatInterval the interval returned in BootNotification, whole seconds
     * @param gating            OCPP 2.0.1 boot gating (B01-B03), or {@code null} for none; 1.6 is never gated
     */
    public static Handlers forVersion(OcppVersion version, Duration heartbeatInterval, Clock clock,
                                      Ocpp201BootGating gating) {
        switch (version) {
            case OCPP16:
                return Csms16Handlers.create(heartbeatInterval, clock);
            case OCPP201:
                return Csms201Handlers.create(heartbeatInterval, clock, gating);
            default:
                throw new IllegalArgumentException("The example CSMS does not speak " + version);
        }
    }
}
