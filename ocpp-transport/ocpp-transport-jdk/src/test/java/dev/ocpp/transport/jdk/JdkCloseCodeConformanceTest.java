package dev.ocpp.transport.jdk;

import dev.ocpp.transport.testsuite.CloseCodeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link CloseCodeConformance} part of the transport conformance suite, with the JDK client. */
class JdkCloseCodeConformanceTest extends CloseCodeConformance {

    private final TransportFixture fixture = new JdkFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
