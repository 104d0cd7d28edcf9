package dev.ocpp.transport.tyrus;

import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportServerFactory;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The Tyrus transport for the conformance suite: it runs every part of it. */
final class TyrusFixture implements TransportFixture {

    @Override
    public TransportServerFactory serverFactory() {
        return new TyrusServerTransport();
    }

    @Override
    public TransportClientFactory clientFactory() {
        return new TyrusClientTransport();
    }
}
