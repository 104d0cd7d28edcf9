package dev.ocpp.examples.station;

import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import java.util.concurrent.CompletableFuture;

/**
 * The version-specific half of a simulated station: what it sends and how it answers the CSMS. The
 * {@link StationSimulator} runs the version-neutral half around it (connecting, boot retries, the heartbeat timer,
 * printing), so that a version's messages can move to typed classes without touching the lifecycle.
 */
public interface StationProtocol {

    /**
     * What the CSMS answered to BootNotification.
     *
     * @param status          the registration status as spelled on the wire (Accepted, Pending, Rejected)
     * @param intervalSeconds the interval the CSMS asked for; 0 or less when it gave none
     */
    record Registration(String status, long intervalSeconds) {
        public boolean accepted() {
            return "Accepted".equals(status);
        }
    }

    /** The answers to the CSMS's calls, offered when connecting. */
    Handlers handlers();

    /** Sees the session's events; a protocol that acts after answering a call (TriggerMessage) hooks in here. */
    default OcppEventListener listener() {
        return new OcppEventListener() {
        };
    }

    /** Sends BootNotification. */
    CompletableFuture<Registration> boot(OcppSession session);

    /** Reports the connector as available, once booted. */
    CompletableFuture<Void> reportAvailable(OcppSession session);

    /** Sends a Heartbeat; completes with the CSMS's time as sent on the wire. */
    CompletableFuture<String> heartbeat(OcppSession session);

    /**
     * Runs once after the first accepted boot and status report, beside the heartbeats.
     *
     * @return the charging session it ran, or {@code null} if the version runs none
     */
    CompletableFuture<ChargingSession> afterBoot(OcppSession session);
}
