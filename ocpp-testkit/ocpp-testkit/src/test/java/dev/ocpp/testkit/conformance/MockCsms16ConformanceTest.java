package dev.ocpp.testkit.conformance;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.MockCsms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The CSMS catalogue, OCPP 1.6, against the testkit's own mock CSMS: every scenario passes. */
class MockCsms16ConformanceTest extends CsmsConformanceTest {

    private MockCsms mock;

    @BeforeEach
    void startMock() {
        mock = MockCsms.start(version());
    }

    @AfterEach
    void closeMock() {
        mock.close();
    }

    @Override
    protected CsmsUnderTest csms() {
        return new MockCsmsUnderTest(mock);
    }

    @Override
    protected OcppVersion version() {
        return OcppVersion.OCPP16;
    }
}
