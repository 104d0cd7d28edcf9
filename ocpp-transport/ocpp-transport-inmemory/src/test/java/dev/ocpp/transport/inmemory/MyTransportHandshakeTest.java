package dev.ocpp.transport.inmemory;

import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.transport.testsuite.HandshakeConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/**
 * The example of {@code ocpp-testkit/README.md} (how a third-party transport runs the transport conformance suite),
 * run as a test so that it stays real: the README block is the marked region below, which
 * {@link TestkitReadmeExampleTest} checks. The in-memory transport stands in for "your transport".
 */
// tag::snippet[]
class MyTransportHandshakeTest extends HandshakeConformance {
    private final InMemoryNetwork network = new InMemoryNetwork(); // your transport's factories instead

    @Override
    protected TransportFixture fixture() {
        return new TransportFixture() {
            @Override public TransportServerFactory serverFactory() { return network.serverTransport(); }
            @Override public TransportClientFactory clientFactory() { return network.clientTransport(); }
        };
    }
}
// end::snippet[]
