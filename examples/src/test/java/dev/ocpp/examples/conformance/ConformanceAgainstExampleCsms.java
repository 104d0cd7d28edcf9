package dev.ocpp.examples.conformance;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.examples.csms.ExampleCsms;
import dev.ocpp.examples.support.Transports;
import dev.ocpp.testkit.conformance.CsmsConformanceTest;
import dev.ocpp.testkit.conformance.CsmsUnderTest;
import java.time.Duration;
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

    private Transports transports;
    private ExampleCsms csms;

    @BeforeAll
    void startCsms() {
        transports = Transports.netty();
        csms = ExampleCsms.start(transports, new ExampleCsms.Settings("127.0.0.1", 0,
                List.of(version()), Duration.ofSeconds(300)), null);
    }

    @AfterAll
    void stopCsms() {
        if (csms != null) {
            csms.close();
        }
        if (transports != null) {
            transports.close();
        }
    }

    @Override
    protected CsmsUnderTest csms() {
        return new ExampleCsmsUnderTest(csms);
    }
}
