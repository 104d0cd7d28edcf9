package dev.ocpp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RegistrationStatus;
import dev.ocpp.security.pki.TestPki;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mock CSMS over TLS ({@code wss://}, security profile 2): a station that trusts the test PKI boots; one that
 * does not never gets in.
 */
class MockCsmsTlsTest {

    private static TestPki pki;
    private static SSLContext serverContext;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.builder().build();
        serverContext = LoopbackTls.serverContext(pki);
    }

    @Test
    void aStationThatTrustsTheServerCertificateBootsOverWss() throws Exception {
        SSLContext trusting = LoopbackTls.trusting(pki);
        try (MockCsms csms = MockCsms.builder(OcppVersion.OCPP201).tls(serverContext).build();
                SimulatedStation station = SimulatedStation.builder(OcppVersion.OCPP201).identity("TLS-1")
                        .endpoint(csms.url()).sslContext(trusting).build()) {
            assertThat(csms.url().getScheme()).isEqualTo("wss");

            station.start().get(10, TimeUnit.SECONDS);

            assertThat(station.registrationStatus()).contains(RegistrationStatus.ACCEPTED);
            assertThat(csms.journal().exchanges("BootNotification")).hasSize(1);
        }
    }

    @Test
    void aStationThatDoesNotTrustTheServerCertificateNeverGetsIn() throws Exception {
        TestPki other = TestPki.builder().build();
        SSLContext trustingAnother = LoopbackTls.trusting(other);
        try (MockCsms csms = MockCsms.builder(OcppVersion.OCPP16).tls(serverContext).build();
                SimulatedStation station = SimulatedStation.builder(OcppVersion.OCPP16).identity("TLS-2")
                        .endpoint(csms.url()).sslContext(trustingAnother).reconnect(false).build()) {
            // Without reconnects the failed TLS handshake ends the session, and with it the wait for the boot.
            assertThatThrownBy(() -> station.start().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

            assertThat(csms.connectedStations()).isEmpty();
            assertThat(csms.journal().exchanges()).isEmpty();
            assertThat(station.isConnected()).isFalse();
        }
    }

    @Test
    void tlsReplacesTheInMemoryTransport() {
        MockCsms.Builder b = MockCsms.builder(OcppVersion.OCPP16).inMemory(new InMemoryNetwork()).tls(serverContext);
        try (MockCsms csms = b.build()) {
            assertThat(csms.url().toString()).startsWith("wss://127.0.0.1:");
        }
    }
}
