package dev.ocpp.transport.jdk;

import dev.ocpp.transport.testsuite.ReconnectConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ReconnectConformance} part of the transport conformance suite, on the JDK client (against the Netty server). */
class JdkReconnectConformanceTest extends ReconnectConformance {

    private final TransportFixture fixture = new JdkFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
