package dev.ocpp.transport.tyrus;

import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.transport.jakarta.internal.JakartaConnection;
import dev.ocpp.transport.testsuite.PingPongConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link PingPongConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusPingPongConformanceTest extends PingPongConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }

    @Override
    protected long pongsReceived(TransportConnection connection) {
        return ((JakartaConnection) connection).pongsReceived();
    }
}
