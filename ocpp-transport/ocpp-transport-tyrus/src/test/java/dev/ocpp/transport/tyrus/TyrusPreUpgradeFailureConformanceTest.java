package dev.ocpp.transport.tyrus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.transport.testsuite.PreUpgradeFailureConformance;
import dev.ocpp.transport.testsuite.TransportFixture;

/** The {@link PreUpgradeFailureConformance} part of the transport conformance suite, on the Tyrus transport. */
class TyrusPreUpgradeFailureConformanceTest extends PreUpgradeFailureConformance {

    private final TransportFixture fixture = new TyrusFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }

    /** Tyrus names the peer that closed, which is what an operator looks for first. */
    @Override
    protected void assertNamesTheEarlyClose(Throwable cause) {
        super.assertNamesTheEarlyClose(cause);
        assertThat(cause).hasMessageContaining("closed by 127.0.0.1:");
    }
}
