package dev.ocpp.examples.conformance;

import dev.ocpp.testkit.conformance.CsmsConformanceTest;
import dev.ocpp.testkit.conformance.CsmsUnderTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Every CSMS scenario of the testkit's catalogue of one version against the example CSMS serving that version over a
 * real WebSocket on 127.0.0.1, with every optional action of the adapter: all must pass, none may be skipped. One
 * subclass per version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceAgainstExampleCsms extends CsmsConformanceTest {

    private RunningExampleCsms running;

    @BeforeAll
    void startCsms() {
        running = new RunningExampleCsms(List.of(version()));
    }

    @AfterAll
    void stopCsms() {
        if (running != null) {
            running.close();
        }
    }

    @Override
    protected CsmsUnderTest csms() {
        return new ExampleCsmsUnderTest(running.csms());
    }
}
