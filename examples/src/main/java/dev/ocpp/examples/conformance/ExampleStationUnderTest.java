package dev.ocpp.examples.conformance;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.examples.station.StationSimulator;
import dev.ocpp.examples.support.DaemonThreads;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.security.SecurityProfile;
import dev.ocpp.security.StationPassword;
import dev.ocpp.security.StationSecurity;
import dev.ocpp.testkit.conformance.StationEndpoint;
import dev.ocpp.testkit.conformance.StationUnderTest;
import dev.ocpp.transport.netty.NettyServerTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The example station ({@link StationSimulator}) as the station under test of the conformance scenarios: each
 * scenario powers on a fresh one against the scenario's mock CSMS, on the client transport the endpoint gives, and
 * switches it off at the end. It runs no charging session of its own (a scenario decides what happens), and obeys
 * the heartbeat interval the CSMS returns, as a station in the field does (OCPP 1.6 §4.2, 2.0.1 B01).
 *
 * <p>The physical actions map onto the simulator's session: its connector has a cable fixed to it, so
 * {@link #plugIn} has nothing to do; {@link #presentIdToken} starts a charging session with the token (Authorize,
 * then StartTransaction / TransactionEvent Started) and {@link #unplug} ends the running one with reason
 * EVDisconnected. It raises its security profile when the CSMS asks ({@link #upgradesToSecureUrl}). A session meters
 * until it is stopped ({@value #METER_SAMPLES} samples at most), so that a scenario decides when it ends.
 */
public final class ExampleStationUnderTest implements StationUnderTest {

    /** How long {@link #stop} waits for the station to have closed its connection. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** How long a physical action waits for the station to have queued what it sends. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A quick reconnect (0.2 s, doubling twice, plus up to 0.2 s), so that a station the mock CSMS dropped is back
     * within the scenario's timeout budget.
     */
    private static final RetryBackOff QUICK_RECONNECT = new RetryBackOff(Duration.ofMillis(200), Duration.ofMillis(200),
            2);
    /** Meter samples per session, one a second: longer than any scenario waits, so only a stop ends a session. */
    static final int METER_SAMPLES = 600;

    private final Consumer<String> sink;
    private StationSimulator station;
    private ScheduledExecutorService timers;

    /** An adapter whose stations print nothing. */
    public ExampleStationUnderTest() {
        this(null);
    }

    /** An adapter whose stations print one line per exchange to {@code sink} ({@code null} for none). */
    public ExampleStationUnderTest(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void start(StationEndpoint endpoint) {
        timers = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("conformance-station-timer-"));
        // The client is the endpoint's, owned by the mock CSMS; the server side is never started (no threads).
        Transports transports = new Transports(new NettyServerTransport(1), endpoint.transport());
        station = new StationSimulator(transports,
                new StationSimulator.Settings(endpoint.url(), endpoint.identity(), endpoint.version(), null,
                        "dev.ocpp", "ExampleStation", StationSimulator.Settings.DEFAULT_METER_INTERVAL,
                        security(endpoint)).withTransactions(0).withMeterValues(METER_SAMPLES)
                        .withBackOff(QUICK_RECONNECT).withSecureEndpoint(endpoint.secureUrl()),
                timers, sink);
        // The returned future says when the boot was accepted; the scenario watches that on the mock's side.
        station.start().exceptionally(e -> null);
    }

    /**
     * Security profile 1 with the run's password when it gave one (1.6: the AuthorizationKey whose bytes it is; 2.0.1:
     * the password as text), else none.
     */
    private static StationSecurity security(StationEndpoint endpoint) {
        byte[] password = endpoint.password();
        if (password == null) {
            return null;
        }
        StationPassword p = endpoint.version() == OcppVersion.OCPP16
                ? StationPassword.ocpp16Key(HexFormat.of().formatHex(password))
                : StationPassword.ocpp201(new String(password, StandardCharsets.UTF_8));
        return StationSecurity.builder(SecurityProfile.UNSECURED_TRANSPORT_WITH_BASIC_AUTH).password(p).build();
    }

    /**
     * The example stations raise their security profile: a 1.6 one to the endpoint's secure URL, which {@link #start}
     * configures as its TLS endpoint, a 2.0.1 one to the URL of the network profile the CSMS sets; both trust the
     * CSMS root the CSMS installs first.
     */
    @Override
    public boolean upgradesToSecureUrl() {
        return true;
    }

    /** Returns once the session's StartTransaction / TransactionEvent Started is queued (sent, or kept offline). */
    @Override
    public synchronized void presentIdToken(String idToken) throws Exception {
        CompletableFuture<?> queued = station.nextTransactionStartQueued();
        // The session's own future ends with the session; the scenario watches its messages on the mock's side.
        station.chargeWith(idToken).exceptionally(e -> null);
        queued.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void plugIn(int connector) {
        requireConnector(connector);
    }

    /** Returns once the transaction's end is queued (sent, or kept offline); at once when none was running. */
    @Override
    public synchronized void unplug(int connector) throws Exception {
        requireConnector(connector);
        CompletableFuture<?> queued = station.nextTransactionEndQueued();
        if (station.unplug()) {
            queued.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void requireConnector(int connector) {
        if (connector != 1) {
            throw new IllegalArgumentException("the example station has connector 1 only, not " + connector);
        }
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        try {
            if (station != null) {
                station.close();
                try {
                    station.closed().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("the example station did not stop within " + STOP_TIMEOUT, e);
                }
            }
        } finally {
            if (timers != null) {
                timers.shutdownNow();
            }
            station = null;
            timers = null;
        }
    }

    @Override
    public String toString() {
        return "example station";
    }
}
