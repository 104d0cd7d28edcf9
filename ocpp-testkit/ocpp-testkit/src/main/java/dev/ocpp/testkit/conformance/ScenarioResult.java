package dev.ocpp.testkit.conformance;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.Exchange;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one {@link Scenario} went for one role and version.
 *
 * @param scenario the scenario
 * @param version  the version it ran for
 * @param outcome  passed, failed, skipped or not applicable
 * @param message  why it failed, was skipped or does not apply; empty when it passed
 * @param journal  every exchange of the simulators of the run, in the order the CALLs travelled
 * @param diagram  a Mermaid sequence diagram of {@code journal} when it failed ({@link dev.ocpp.testkit.SequenceDiagram}),
 *                 else empty
 * @param duration how long it ran
 */
public record ScenarioResult(Scenario scenario, OcppVersion version, Outcome outcome, String message,
        List<Exchange> journal, String diagram, Duration duration) {

    /** What became of a scenario. */
    public enum Outcome {
        /** Every check held. */
        PASSED,
        /** A check did not hold, or the system under test did not answer in time. */
        FAILED,
        /** The adapter lacks an action the scenario needs; says nothing about conformance. */
        SKIPPED,
        /** The scenario is for another version or role. */
        NOT_APPLICABLE
    }

    public ScenarioResult {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
        journal = List.copyOf(journal);
        diagram = diagram == null ? "" : diagram;
        Objects.requireNonNull(duration, "duration");
    }

    /** Whether it passed. */
    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    @Override
    public String toString() {
        return scenario.id() + " [" + version + "] " + outcome + (message.isEmpty() ? "" : ": " + message);
    }
}
