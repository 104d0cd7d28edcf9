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
 * <p>The simulator has no card reader or cable to act on, so the physical actions stay unsupported and the
 * scenarios needing them are skipped.
 */
public final class ExampleStationUnderTest implements StationUnderTest {

    /** How long {@link #stop} waits for the station to have closed its connection. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

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
                        "dev.ocpp", "ExampleStation").withTransactions(0),
                timers, sink);
        // The returned future says when the boot was accepted; the scenario watches that on the mock's side.
        station.start().exceptionally(e -> null);
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
