package dev.ocpp.testkit.conformance;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.Role;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The CSMS scenarios of the {@link Catalogue} as JUnit 5 tests: extend it, say which CSMS and version, and every
 * scenario of that version becomes a dynamic test named by its id and title. A failed scenario fails its test with
 * the message and a Mermaid diagram of the exchanges; a skipped one (the adapter lacks an action) is aborted, which
 * JUnit reports as skipped.
 *
 * <pre>{@code
 * class MyCsmsConformanceTest extends CsmsConformanceTest {
 *     protected CsmsUnderTest csms() { return () -> URI.create("ws://127.0.0.1:8180/ocpp"); }
 *     protected OcppVersion version() { return OcppVersion.OCPP201; }
 * }
 * }</pre>
 *
 * <p>The CSMS must be running while the dynamic tests run: start it in {@code @BeforeAll} or {@code @BeforeEach}
 * (JUnit runs those around the whole factory).
 */
public abstract class CsmsConformanceTest {

    /** The CSMS under test; asked once per run of the factory. */
    protected abstract CsmsUnderTest csms();

    /** The version to test. */
    protected abstract OcppVersion version();

    /** The scenarios to run (default: every CSMS scenario of the catalogue); those of another version are left out. */
    protected List<Scenario> scenarios() {
        return Catalogue.forRole(Role.CSMS);
    }

    /** A chance to configure the runner (timeout budget). */
    protected ScenarioRunner.Builder configure(ScenarioRunner.Builder runner) {
        return runner;
    }

    /** One dynamic test per applicable scenario (public, so JUnit may call it on the module path too). */
    @TestFactory
    public Stream<DynamicTest> conformance() {
        ScenarioRunner runner = configure(ScenarioRunner.forCsms(csms(), version())).build();
        return dynamicTests(runner, scenarios());
    }

    /** The dynamic tests of {@code scenarios} on {@code runner}; shared with {@link StationConformanceTest}. */
    static Stream<DynamicTest> dynamicTests(ScenarioRunner runner, List<Scenario> scenarios) {
        return scenarios.stream()
                .filter(s -> s.role() == runner.role() && s.appliesTo(runner.version()))
                .map(s -> DynamicTest.dynamicTest(s.id() + " — " + s.title(), () -> report(runner.run(s))));
    }

    private static void report(ScenarioResult r) {
        switch (r.outcome()) {
            case PASSED:
                return;
            case SKIPPED:
            case NOT_APPLICABLE:
                Assumptions.abort(r.message());
                return;
            default:
                throw new AssertionError(r.scenario().id() + " (" + String.join(", ", r.scenario().requirements())
                        + ") failed: " + r.message() + "\n\n```mermaid\n" + r.diagram().strip() + "\n```");
        }
    }
}
