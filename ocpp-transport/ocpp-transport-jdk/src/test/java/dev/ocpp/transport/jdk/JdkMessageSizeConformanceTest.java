package dev.ocpp.transport.jdk;

import dev.ocpp.transport.testsuite.MessageSizeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link MessageSizeConformance} part of the transport conformance suite, with the JDK client. */
class JdkMessageSizeConformanceTest extends MessageSizeConformance {

    private final TransportFixture fixture = new JdkFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
