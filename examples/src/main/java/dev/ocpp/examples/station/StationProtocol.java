package dev.ocpp.examples.station;

import dev.ocpp.core.OcppSession;
import dev.ocpp.core.SessionConfig;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.station.StationRuntime;
import dev.ocpp.core.typed.TypedClientBuilder;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.security.StationSecurity;
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
 * use its own typed API without touching the lifecycle. Its transaction messages go through the station's
 * {@link DeliveryQueue}, which keeps them (and the record of the transaction open now) until delivered.
 */
public interface StationProtocol {

    /**
     * A station not yet connected.
     *
     * @param uri      where it goes: the endpoint plus the percent-encoded identity
     * @param runtime  the library's runtime that boots it and sends its heartbeats, for its one session
     * @param delivery the queue of its transaction messages, gated on the runtime (nothing goes out before an
     *                 accepted boot)
     * @param connect  opens the first connection; the future completes with the session once the WebSocket is open
     */
    record Client(URI uri, StationRuntime runtime, DeliveryQueue delivery,
                  Supplier<CompletableFuture<OcppSession>> connect) {
        public Client {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(runtime, "runtime");
            Objects.requireNonNull(delivery, "delivery");
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
     *                 security profile, the reconnect back-off, a heartbeat interval of the station's own and the
     *                 delivery queue's store, retries and listener (the protocol asks for the queue itself)
     */
    Client client(Transports transports, URI endpoint, String identity, SessionConfig sessions,
                  Consumer<TypedClientBuilder<?>> settings);

    /** Reports the connector's status, after each accepted boot. */
    CompletableFuture<Void> reportAvailable(OcppSession session);

    /**
     * Runs once after the first accepted boot and status report, before any charging: ends each transaction an
     * earlier run of the station left open (it crashed or lost power mid-transaction) with reason PowerLoss, through
     * the queue, and prints what it found. Returns once the messages are queued.
     */
    void recover(OcppSession session);

    /**
     * Runs one charging session as the station does by itself (the driver's own idTag), once the connector is free.
     * The future completes once the session's last message has been delivered.
     */
    CompletableFuture<ChargingSession> charge(OcppSession session);

    /**
     * A driver presents {@code idToken} at the station (the cable is always in: the simulated connector has one fixed
     * to it), which starts a charging session with it as {@link #charge(OcppSession)} does, once the connector is
     * free. The future completes once the session's last message has been delivered.
     */
    CompletableFuture<ChargingSession> charge(OcppSession session, String idToken);

    /**
     * The cable is pulled out of the EV: a running transaction ends at once (1.6 StopTransaction reason
     * EVDisconnected, §4.10; 2.0.1 TransactionEvent Ended, stoppedReason EVDisconnected, E06). Returns whether a
     * transaction was running.
     */
    boolean unplugged();

    /**
     * The station is switched off: its charging sessions stop where they are, without ending their transactions
     * (which stay on record for {@link #recover} at the next start), and nothing more is queued. Returns once no
     * step of a session is under way.
     */
    void halt();

    /**
     * Whether the station's output lines show idTags/idTokens (personal data); they are masked until this is
     * called with {@code true}.
     */
    void showSecrets(boolean show);

    /**
     * The security the station starts with ({@code null}: none, security profile 0), whose profile it reports (1.6
     * key {@code SecurityProfile}, 2.0.1 {@code SecurityCtrlr.SecurityProfile}) until it raises it (1.6 security white
     * paper A05, 2.0.1 A05 / B09 / B10), and, for OCPP 1.6, whose ChangeConfiguration of {@code SecurityProfile}
     * carries no URL, the {@code wss://} endpoint to go to then ({@code null}: none, and a raise to a TLS profile is
     * Rejected). Called once, before {@link #client}.
     */
    void security(StationSecurity security, URI secureEndpoint);
}
