package dev.ocpp.transport.jdk;

import dev.ocpp.transport.testsuite.OrderingConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link OrderingConformance} part of the transport conformance suite, with the JDK client. */
class JdkOrderingConformanceTest extends OrderingConformance {

    private final TransportFixture fixture = new JdkFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
