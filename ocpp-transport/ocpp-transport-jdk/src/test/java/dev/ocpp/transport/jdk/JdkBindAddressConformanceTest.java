package dev.ocpp.transport.jdk;

import dev.ocpp.transport.testsuite.BindAddressConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link BindAddressConformance} part of the transport conformance suite, with the JDK client. */
class JdkBindAddressConformanceTest extends BindAddressConformance {

    private final TransportFixture fixture = new JdkFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
