package dev.ocpp.testkit.conformance;

/**
 * What a {@link Scenario} does and checks, run against a {@link ScenarioContext}. It fails by throwing
 * {@link AssertionError} (the context's {@code check} and {@code fail} do); an {@link UnsupportedOperationException}
 * from an adapter, or {@link ScenarioContext#skip}, makes the scenario skipped; anything else fails it too.
 */
@FunctionalInterface
public interface ScenarioBody {

    /** Runs the scenario; returns normally when it passed. */
    void run(ScenarioContext context) throws Exception;
}
