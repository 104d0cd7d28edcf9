package dev.ocpp.testkit.conformance;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.testkit.Role;
import java.util.List;
import dev.ocpp.testkit.MockCsms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The CSMS catalogue, OCPP 2.0.1, against the testkit's own mock CSMS: every scenario passes. */
class MockCsms201ConformanceTest extends CsmsConformanceTest {

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

    /** All but boot gating: the mock lets a station call before booting on purpose, so that scenario fails here. */
    @Override
    protected List<Scenario> scenarios() {
        return Catalogue.forRole(Role.CSMS).stream().filter(s -> !s.id().equals("CSMS-B01-boot-gating")).toList();
    }

    @Override
    protected OcppVersion version() {
        return OcppVersion.OCPP201;
    }
}
