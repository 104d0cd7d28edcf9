package dev.ocpp.transport.jdk;

import dev.ocpp.transport.testsuite.ListenerContractConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link ListenerContractConformance} part of the transport conformance suite, with the JDK client. */
class JdkListenerContractConformanceTest extends ListenerContractConformance {

    private final TransportFixture fixture = new JdkFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
