package dev.ocpp.testkit.conformance;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.Exchange;
import dev.ocpp.testkit.Role;
import dev.ocpp.testkit.SequenceDiagram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs scenarios of the {@link Catalogue} (or one's own) for one role and one OCPP version, one after another, and
 * says how each went. A scenario for another version or role is {@link ScenarioResult.Outcome#NOT_APPLICABLE}; one
 * whose adapter lacks an action it needs is {@link ScenarioResult.Outcome#SKIPPED}; a failure carries its message
 * and a Mermaid diagram of the exchanges.
 *
 * <pre>{@code
 * List<ScenarioResult> results = ScenarioRunner.forCsms(myCsms, OcppVersion.OCPP201).build()
 *         .run(Catalogue.all());
 * System.out.println(ConformanceReport.markdown(results));
 * }</pre>
 */
public final class ScenarioRunner {

    /** The timeout budget of every wait unless {@link Builder#timeout} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Role role;
    private final OcppVersion version;
    private final CsmsUnderTest csms;
    private final StationUnderTest station;
    private final Duration timeout;
    private final String stationIdentity;
    private final boolean inMemory;
    private final boolean resetAfterEach;
    private final byte[] stationPassword;

    private ScenarioRunner(Builder b) {
        this.role = b.role;
        this.version = b.version;
        this.csms = b.csms;
        this.station = b.station;
        this.timeout = b.timeout;
        this.stationIdentity = b.stationIdentity;
        this.inMemory = b.inMemory;
        this.resetAfterEach = b.resetAfterEach;
        this.stationPassword = b.stationPassword;
    }

    /** A runner of the CSMS scenarios against {@code csms}, speaking {@code version}. */
    public static Builder forCsms(CsmsUnderTest csms, OcppVersion version) {
        return new Builder(Role.CSMS, version, Objects.requireNonNull(csms, "csms"), null);
    }

    /** A runner of the station scenarios against {@code station}, speaking {@code version}. */
    public static Builder forStation(StationUnderTest station, OcppVersion version) {
        return new Builder(Role.STATION, version, null, Objects.requireNonNull(station, "station"));
    }

    /** The role under test. */
    public Role role() {
        return role;
    }

    /** The version of the run. */
    public OcppVersion version() {
        return version;
    }

    /** Runs {@code scenarios} in order; one result each, in the same order. */
    public List<ScenarioResult> run(List<Scenario> scenarios) {
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario s : scenarios) {
            results.add(run(s));
        }
        return results;
    }

    /** Runs one scenario. Never throws for what the scenario finds; an interrupt ends it as failed. */
    public ScenarioResult run(Scenario scenario) {
        Objects.requireNonNull(scenario, "scenario");
        if (scenario.role() != role) {
            return new ScenarioResult(scenario, version, ScenarioResult.Outcome.NOT_APPLICABLE,
                    "tests a " + scenario.role() + ", not a " + role, List.of(), "", Duration.ZERO);
        }
        if (!scenario.appliesTo(version)) {
            return new ScenarioResult(scenario, version, ScenarioResult.Outcome.NOT_APPLICABLE,
                    "applies to " + scenario.versions() + " only", List.of(), "", Duration.ZERO);
        }
        long start = System.nanoTime();
        ScenarioContext context = new ScenarioContext(scenario, version, timeout, csms, station, stationIdentity,
                inMemory, stationPassword);
        ScenarioResult.Outcome outcome;
        String message;
        try {
            scenario.body().run(context);
            outcome = ScenarioResult.Outcome.PASSED;
            message = "";
        } catch (ScenarioContext.Skipped e) {
            outcome = ScenarioResult.Outcome.SKIPPED;
            message = e.getMessage();
        } catch (UnsupportedOperationException e) {
            outcome = ScenarioResult.Outcome.SKIPPED;
            message = "the adapter does not support " + e.getMessage();
        } catch (AssertionError e) {
            outcome = ScenarioResult.Outcome.FAILED;
            message = String.valueOf(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = ScenarioResult.Outcome.FAILED;
            message = "interrupted";
        } catch (Exception | Error e) {
            outcome = ScenarioResult.Outcome.FAILED;
            message = "unexpected " + e;
        }
        if (resetAfterEach) {
            context.resetAcceptedStation();
        }
        try {
            context.close();
        } catch (RuntimeException e) {
            if (outcome == ScenarioResult.Outcome.PASSED) {
                outcome = ScenarioResult.Outcome.FAILED;
                message = "the scenario passed, but stopping the system under test or a simulator failed: " + e
                        + (e.getSuppressed().length > 0 ? " (" + e.getSuppressed()[0] + ")" : "");
            }
        }
        List<Exchange> journal = context.exchanges();
        String diagram = outcome == ScenarioResult.Outcome.FAILED ? SequenceDiagram.of(journal) : "";
        return new ScenarioResult(scenario, version, outcome, message, journal, diagram,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Configures and builds a {@link ScenarioRunner}. */
    public static final class Builder {
        private final Role role;
        private final OcppVersion version;
        private final CsmsUnderTest csms;
        private final StationUnderTest station;
        private Duration timeout = DEFAULT_TIMEOUT;
        private String stationIdentity = "TESTKIT-STATION-1";
        private boolean inMemory;
        private boolean resetAfterEach;
        private byte[] stationPassword;

        private Builder(Role role, OcppVersion version, CsmsUnderTest csms, StationUnderTest station) {
            this.role = role;
            this.version = Objects.requireNonNull(version, "version");
            if (version != OcppVersion.OCPP16 && version != OcppVersion.OCPP201) {
                throw new IllegalArgumentException("the catalogue covers OCPP 1.6 and 2.0.1, not " + version);
            }
            this.csms = csms;
            this.station = station;
        }

        /**
         * How long any one wait of a scenario may take (default {@link ScenarioRunner#DEFAULT_TIMEOUT}); a scenario
         * that waits for a timer of the system under test (a heartbeat, a boot retry) adds the timer's interval.
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The identity a station under test is told to connect as (default {@code TESTKIT-STATION-1}). */
        public Builder stationIdentity(String identity) {
            this.stationIdentity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /**
         * Makes the mock CSMS of station scenarios listen in memory instead of on a WebSocket at 127.0.0.1, for a
         * station in the same JVM that connects with {@link StationEndpoint#transport()}.
         */
        public Builder inMemory() {
            this.inMemory = true;
            return this;
        }

        /**
         * Has the mock CSMS of station scenarios admit the station only with HTTP Basic credentials, its identity and
         * {@code password} (security profile 1: OCPP 1.6 security white paper §2.1, 2.0.1 Part 2 A00), given to
         * the adapter in {@link StationEndpoint#password()}. A station that connects with it runs on profile 1 and
         * must say so (STATION-A05-security-profile), and must refuse to go down to profile 0. Default: no password.
         */
        public Builder stationPassword(byte[] password) {
            Objects.requireNonNull(password, "password");
            if (password.length == 0) {
                throw new IllegalArgumentException("an empty password");
            }
            this.stationPassword = password.clone();
            return this;
        }

        /**
         * For a station that stays powered between scenarios, such as a real charger run through the whole catalogue
         * in one go: every station scenario expects a cold boot, and a station that merely reconnects does not boot
         * again (OCPP-J 1.6 §5.4, 2.0.1 Part 4 §5.3). With this, at the end of each station scenario in which the
         * station is still connected and its last BootNotification was accepted, the mock CSMS sends it a Reset
         * (1.6 {@code Hard}, §5.13; 2.0.1 {@code Immediate}, B11/B12) and waits up to the timeout for its answer
         * before the station is stopped; a station that accepted it boots again, and sends BootNotification, when it
         * is back for the next scenario. The Reset is not part of the scenario: its outcome changes no result (a
         * station that refused it fails the next scenario's wait for a boot instead). Off by default, as an adapter
         * that starts and stops its station per scenario gives it a cold boot anyway.
         */
        public Builder resetBetweenScenarios() {
            this.resetAfterEach = true;
            return this;
        }

        /** The runner. */
        public ScenarioRunner build() {
            return new ScenarioRunner(this);
        }
    }
}
