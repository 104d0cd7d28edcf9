package dev.ocpp.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.transport.testsuite.ConformanceBase;
import dev.ocpp.transport.testsuite.RecordingListener;
import dev.ocpp.transport.testsuite.TestPki;
import dev.ocpp.transport.testsuite.TransportFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the JDK client checks the server (OCPP security profiles 2 and 3 rest on it): a certificate that names another
 * host is refused although it is trusted, a server the JVM's default trust store does not know is refused when no
 * context is configured, and either failure is an {@link IOException} with the {@link SSLException} in its cause
 * chain, before any upgrade.
 */
class JdkClientTlsTest extends ConformanceBase {

    @TempDir
    static Path dir;
    private static KeyStore elsewhereKeys;
    private static KeyStore stationKeys;

    private final TransportFixture fixture = new JdkFixture();

    @Override
    protected TransportFixture fixture() {
        return fixture;
    }

    @BeforeAll
    static void makeCertificates() throws Exception {
        elsewhereKeys = TestPki.selfSigned(dir, "elsewhere", "CN=csms.example", "dns:csms.example");
        stationKeys = TestPki.selfSigned(dir, "station", "CN=CP1", null);
    }

    @Test
    void trustedCertificateForAnotherHostIsRefused() throws Exception {
        SSLContext serverContext = TestPki.context(elsewhereKeys, stationKeys);
        TransportServer server = startServer(b -> b.sslContext(serverContext));
        RecordingListener client = new RecordingListener();

        Throwable failure = catchThrowable(() -> connect(client(fixture.uri(server, PATH, "CP1", true), BOTH)
                .sslContext(TestPki.context(stationKeys, elsewhereKeys)).build(), client));

        assertRefusedByTls(failure, client);
    }

    @Test
    void withoutAContextTheJvmDefaultTrustStoreDecides() throws Exception {
        SSLContext serverContext = TestPki.context(elsewhereKeys, stationKeys);
        TransportServer server = startServer(b -> b.sslContext(serverContext));
        RecordingListener client = new RecordingListener();

        Throwable failure = catchThrowable(() -> connect(client(fixture.uri(server, PATH, "CP1", true), BOTH)
                .build(), client));

        assertRefusedByTls(failure, client);
    }

    private void assertRefusedByTls(Throwable failure, RecordingListener client) {
        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class);
        boolean tls = false;
        for (Throwable t = failure.getCause(); t != null && !tls; t = t.getCause()) {
            tls = t instanceof SSLException;
        }
        assertThat(tls).as("an SSLException in the cause chain of %s", failure.getCause()).isTrue();
        assertThat(client.events()).isEmpty();
        assertThat(handler.hasUntakenRequest()).isFalse();
    }
}
