package dev.ocpp.transport.inmemory;

import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.transport.testsuite.TransportFixture;

/**
 * The in-memory transport for the conformance suite. One network per fixture, and so per test, so that no test sees
 * another's servers. It runs the parts of the suite that hold without sockets: no wire-level handshake or frames, no
 * ping/pong (there are no control frames), no send-queue bound (a send is handed to the peer at once, there is no
 * network to push back), no TLS and no real bind address.
 */
final class InMemoryFixture implements TransportFixture {

    private final InMemoryNetwork network = new InMemoryNetwork();

    @Override
    public TransportServerFactory serverFactory() {
        return network.serverTransport();
    }

    @Override
    public TransportClientFactory clientFactory() {
        return network.clientTransport();
    }
}
