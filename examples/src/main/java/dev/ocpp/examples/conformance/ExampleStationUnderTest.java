package dev.ocpp.examples.conformance;

import dev.ocpp.examples.station.StationSimulator;
import dev.ocpp.examples.support.DaemonThreads;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.testkit.conformance.StationEndpoint;
import dev.ocpp.testkit.conformance.StationUnderTest;
import dev.ocpp.transport.netty.NettyServerTransport;
import java.time.Duration;
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
 * EVDisconnected. A session meters until it is stopped ({@value #METER_SAMPLES} samples at most), so that a scenario
 * decides when it ends.
 */
public final class ExampleStationUnderTest implements StationUnderTest {

    /** How long {@link #stop} waits for the station to have closed its connection. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
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
                        "dev.ocpp", "ExampleStation").withTransactions(0).withMeterValues(METER_SAMPLES),
                timers, sink);
        // The returned future says when the boot was accepted; the scenario watches that on the mock's side.
        station.start().exceptionally(e -> null);
    }

    @Override
    public synchronized void presentIdToken(String idToken) {
        // The future ends with the session; the scenario watches the session's messages on the mock's side.
        station.chargeWith(idToken).exceptionally(e -> null);
    }

    @Override
    public void plugIn(int connector) {
        requireConnector(connector);
    }

    @Override
    public synchronized void unplug(int connector) {
        requireConnector(connector);
        station.unplug();
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
