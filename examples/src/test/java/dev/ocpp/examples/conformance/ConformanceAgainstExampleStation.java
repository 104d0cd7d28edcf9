package dev.ocpp.examples.conformance;

import dev.ocpp.testkit.conformance.ScenarioRunner;
import dev.ocpp.testkit.conformance.StationConformanceTest;
import dev.ocpp.testkit.conformance.StationUnderTest;
import java.nio.charset.StandardCharsets;

/**
 * Every station scenario of the testkit's catalogue of one version against the example station, which connects to
 * each scenario's mock CSMS over a real WebSocket on 127.0.0.1 on security profile 1, as stations in the field do
 * at least (HTTP Basic with a password the mock requires): all must pass, none may be skipped. One subclass per
 * version.
 */
abstract class ConformanceAgainstExampleStation extends StationConformanceTest {

    /** Valid as a 1.6 AuthorizationKey (19 bytes) and as a 2.0.1 password (19 characters of the allowed set). */
    static final byte[] PASSWORD = "testkit-password-16".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected StationUnderTest station() {
        return new ExampleStationUnderTest();
    }

    @Override
    protected ScenarioRunner.Builder configure(ScenarioRunner.Builder runner) {
        return runner.stationPassword(PASSWORD);
    }
}
