package dev.ocpp.examples.station;

import dev.ocpp.core.OcppClient;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.examples.support.Transports;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The version-specific half of a simulated station: how it connects, what it sends and how it answers the CSMS.
 * The {@link StationSimulator} runs the version-neutral half around it (boot retries, the heartbeat timer,
 * printing), so that each version can use its own typed API without touching the lifecycle.
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

    /**
     * A connection not yet opened.
     *
     * @param uri     where it goes: the endpoint plus the percent-encoded identity
     * @param connect opens it; the future completes with the session once the WebSocket is open
     */
    record Client(URI uri, Supplier<CompletableFuture<OcppSession>> connect) {
        public Client {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(connect, "connect");
        }
    }

    /**
     * The client this station connects with: it offers the protocol's version and answers the CSMS's calls. Called
     * once per station.
     *
     * @param sessions       the session settings to use, with the simulator's listeners; the protocol may add its own
     * @param clientSettings applied to the underlying client builder before it is built: what the version does not
     *                       decide, such as the security profile's password and TLS context
     */
    Client client(Transports transports, URI endpoint, String identity, SessionConfig sessions,
                  Consumer<OcppClient.Builder> clientSettings);

    /** Sends BootNotification. */
    CompletableFuture<Registration> boot(OcppSession session);

    /** Reports the connector's status, once booted. */
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
