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
import java.util.concurrent.ExecutionException;
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
 * <p>The physical actions are the steps of the testkit simulator underneath ({@link StationSimulator#simulated()}) on
 * the station's one connector: {@link #plugIn} plugs the cable in (1.6 StatusNotification Preparing; 2.0.1
 * StatusNotification Occupied and TransactionEvent Started), {@link #presentIdToken} authorizes and starts charging
 * (Authorize, then StartTransaction / TransactionEvent Updated) and {@link #unplug} pulls the cable, ending the
 * running transaction with reason EVDisconnected. It raises its security profile when the CSMS asks
 * ({@link #upgradesToSecureUrl}).
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
                        security(endpoint)).withTransactions(0)
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

    /**
     * Returns once what the token started was answered (or, offline, queued): Authorize and 1.6 StartTransaction /
     * 2.0.1 TransactionEvent, through the simulator's step.
     */
    @Override
    public synchronized void presentIdToken(String idToken) throws Exception {
        await(station.simulated().presentIdToken(idToken));
    }

    /** Returns once the plug-in's messages were answered (or, offline, the station has taken it in). */
    @Override
    public synchronized void plugIn(int connector) throws Exception {
        requireConnector(connector);
        if (station.simulated().isPluggedIn(connector)) {
            return;
        }
        try {
            await(station.simulated().plugIn(connector));
        } catch (ExecutionException e) {
            // A remote start plugged the cable in meanwhile: it is in, as asked.
            if (!(e.getCause() instanceof IllegalStateException)) {
                throw e;
            }
        }
    }

    /** Returns once the transaction's end and the status were answered (or queued offline); at once with no cable. */
    @Override
    public synchronized void unplug(int connector) throws Exception {
        requireConnector(connector);
        if (!station.simulated().isPluggedIn(connector)) {
            return;
        }
        try {
            await(station.simulated().unplug(connector));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof IllegalStateException)) {
                throw e;
            }
        }
    }

    private static void await(CompletableFuture<Void> step) throws Exception {
        step.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
