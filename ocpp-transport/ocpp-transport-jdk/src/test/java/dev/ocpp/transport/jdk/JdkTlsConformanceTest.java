package dev.ocpp.transport.jdk;

import dev.ocpp.transport.testsuite.TlsConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link TlsConformance} part of the transport conformance suite, with the JDK client. */
class JdkTlsConformanceTest extends TlsConformance {

    private final TransportFixture fixture = new JdkFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
