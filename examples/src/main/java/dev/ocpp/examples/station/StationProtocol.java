package dev.ocpp.examples.station;

import dev.ocpp.core.OcppSession;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.core.typed.TypedClientBuilder;
import dev.ocpp.examples.support.Transports;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The version-specific half of a simulated station: how it connects, what it sends and how it answers the CSMS.
 * Booting and the heartbeats are the library's {@link StationRuntime}, which each protocol sets up on its typed
 * station builder with the version's BootNotification; the {@link StationSimulator} runs the version-neutral half
 * around it (the status report after each accepted boot, the charging session, printing), so that each version can
 * use its own typed API without touching the lifecycle.
 */
public interface StationProtocol {

    /**
     * A station not yet connected.
     *
     * @param uri     where it goes: the endpoint plus the percent-encoded identity
     * @param runtime the library's runtime that boots it and sends its heartbeats, for its one session
     * @param connect opens the first connection; the future completes with the session once the WebSocket is open
     */
    record Client(URI uri, StationRuntime runtime, Supplier<CompletableFuture<OcppSession>> connect) {
        public Client {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(runtime, "runtime");
            Objects.requireNonNull(connect, "connect");
        }
    }

    /**
     * Builds the station this protocol connects with: it offers the protocol's version, answers the CSMS's calls and
     * gives the builder its BootNotification, so the library boots it and sends its heartbeats. Called once per
     * station: a builder with a boot notification builds one station.
     *
     * @param sessions the session settings to use, with the simulator's listeners; the protocol may add its own
     * @param settings applied to the typed builder before it is built: what the version does not decide, such as the
     *                 security profile, the reconnect back-off and a heartbeat interval of the station's own
     */
    Client client(Transports transports, URI endpoint, String identity, SessionConfig sessions,
                  Consumer<TypedClientBuilder<?>> settings);

    /** Reports the connector's status, after each accepted boot. */
    CompletableFuture<Void> reportAvailable(OcppSession session);

    /**
     * Runs once after the first accepted boot and status report, beside the heartbeats.
     *
     * @return the charging session it ran, or {@code null} if the version runs none
     */
    CompletableFuture<ChargingSession> afterBoot(OcppSession session);
}
