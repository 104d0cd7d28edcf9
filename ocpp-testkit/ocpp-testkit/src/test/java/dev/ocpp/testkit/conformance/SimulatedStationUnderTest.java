package dev.ocpp.testkit.conformance;

import dev.ocpp.core.RetryBackOff;
import dev.ocpp.testkit.Role;
import dev.ocpp.testkit.SimulatedStation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A bare {@link SimulatedStation} as the station under test: one per scenario, on the endpoint's transport, with the
 * physical actions of the simulator and nothing added: its own defaults, follow-ups, post-boot status and delivery
 * queue are what the scenarios check. {@link #tweaked(Function)} changes it before it starts, for the tests that
 * need a station getting something wrong (with {@code respondWith} overrides).
 */
final class SimulatedStationUnderTest implements StationUnderTest {

    /**
     * The station scenarios this adapter passes in memory: all but the security-profile upgrade, which needs a TLS
     * socket (SecurityProfileUpgradeScenarioTest runs it over real ones).
     */
    static final List<Scenario> SCENARIOS = Catalogue.forRole(Role.STATION).stream()
            .filter(s -> !s.id().equals("STATION-A05-security-profile-upgrade")).toList();

    private static final long WAIT_SECONDS = 10;
    /** Back within a fraction of a second once the mock CSMS lets it in again. */
    private static final RetryBackOff QUICK_RECONNECT = new RetryBackOff(Duration.ofMillis(50), Duration.ofMillis(50),
            1);

    private final Function<SimulatedStation, SimulatedStation> tweak;
    private final boolean sendsPassword;
    private SimulatedStation station;

    SimulatedStationUnderTest() {
        this(s -> s, true);
    }

    private SimulatedStationUnderTest(Function<SimulatedStation, SimulatedStation> tweak, boolean sendsPassword) {
        this.tweak = tweak;
        this.sendsPassword = sendsPassword;
    }

    /** The bare simulator, changed by {@code tweak} before it starts (its answers override the defaults). */
    static SimulatedStationUnderTest tweaked(Function<SimulatedStation, SimulatedStation> tweak) {
        return new SimulatedStationUnderTest(tweak, true);
    }

    /** The bare simulator, connecting without the password the run gave: a station the mock must refuse. */
    static SimulatedStationUnderTest withoutPassword() {
        return new SimulatedStationUnderTest(s -> s, false);
    }

    @Override
    public void start(StationEndpoint endpoint) {
        SimulatedStation.Builder b = SimulatedStation.builder(endpoint.version()).identity(endpoint.identity())
                .endpoint(endpoint.url()).transport(endpoint.transport()).retryBackOff(QUICK_RECONNECT);
        if (sendsPassword) {
            // Security profile 1 when the run asks for it (ScenarioRunner.Builder.stationPassword).
            b.password(endpoint.password());
        }
        if (endpoint.secureUrl() != null) {
            // Where a 1.6 station goes on profile 2 (a 2.0.1 one is told in SetNetworkProfile).
            b.secureEndpoint(endpoint.secureUrl());
        }
        station = tweak.apply(b.build());
        station.start().exceptionally(e -> null);
    }

    @Override
    public void stop() {
        station.close();
    }

    @Override
    public boolean upgradesToSecureUrl() {
        return true;
    }

    /** The simulator of the running scenario. */
    SimulatedStation simulated() {
        return station;
    }

    @Override
    public void presentIdToken(String idToken) throws Exception {
        await(station.presentIdToken(idToken));
    }

    @Override
    public void plugIn(int connector) throws Exception {
        if (station.isPluggedIn(connector)) {
            return;
        }
        try {
            await(station.plugIn(connector));
        } catch (ExecutionException e) {
            // A remote start plugged the cable in meanwhile.
            if (!(e.getCause() instanceof IllegalStateException)) {
                throw e;
            }
        }
    }

    @Override
    public void unplug(int connector) throws Exception {
        await(station.unplug(connector));
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> step) throws Exception {
        step.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
