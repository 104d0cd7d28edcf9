package dev.ocpp.transport.tyrus;

import dev.ocpp.transport.testsuite.TlsConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link TlsConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusTlsConformanceTest extends TlsConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }
}
