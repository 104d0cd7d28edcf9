package dev.ocpp.transport.jdk;

import dev.ocpp.transport.testsuite.ServerLifecycleConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ServerLifecycleConformance} part of the transport conformance suite, with the JDK client. */
class JdkServerLifecycleConformanceTest extends ServerLifecycleConformance {

    private final TransportFixture fixture = new JdkFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
