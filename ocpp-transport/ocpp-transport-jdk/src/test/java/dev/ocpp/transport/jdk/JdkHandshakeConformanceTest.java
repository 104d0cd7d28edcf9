package dev.ocpp.transport.jdk;

import dev.ocpp.transport.testsuite.HandshakeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link HandshakeConformance} part of the transport conformance suite, with the JDK client. */
class JdkHandshakeConformanceTest extends HandshakeConformance {

    private final TransportFixture fixture = new JdkFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
