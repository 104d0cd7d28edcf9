package dev.ocpp.transport.netty;

import dev.ocpp.transport.testsuite.TlsConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link TlsConformance} part of the transport conformance suite, on the Netty transport. */
class NettyTlsConformanceTest extends TlsConformance {

    private final TransportFixture fixture = new NettyFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
