package dev.ocpp.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;
import dev.ocpp.security.pki.TestPki;
import dev.ocpp.testkit.LoopbackTls;
import dev.ocpp.testkit.MockCsms;
import dev.ocpp.testkit.SimulatedStation;
import dev.ocpp.transport.netty.NettyClientTransport;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failed TLS handshakes on purpose: the {@link FaultProxy} answering a station's ClientHello itself over real sockets
 * in front of a {@code wss://} mock CSMS, and the {@link FaultPlan#failTlsHandshakes} simulation on the transport
 * seam in memory. Each failing attempt is followed by one that gets through, which shows that the failure comes from
 * the rule and not from the TLS set-up. Every wait is on a future or a condition, bounded by {@link #WAIT}.
 */
class TlsFailureFaultTest {

    private static final long WAIT = 20;

    private static TestPki pki;
    private static SSLContext serverContext;
    private static SSLContext trusting;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.builder().build();
        serverContext = LoopbackTls.serverContext(pki);
        trusting = LoopbackTls.trusting(pki);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void aHandshakeAnsweredWithAFatalAlertFailsTheConnectWithAnSslHandshakeExceptionAndTheNextAttemptGetsIn()
            throws Exception {
        MockCsms csms = tlsCsms(OcppVersion.OCPP16);
        FaultProxy proxy = proxyTo(csms);
        proxy.failTlsHandshakes(FaultProxy.TlsFailure.FATAL_ALERT, Frequency.once());
        NettyClientTransport client = close(new NettyClientTransport());

        Throwable failure = connectFailure(client, proxy, csms, "TLS-A1");

        assertThat(chain(failure)).anySatisfy(t -> assertThat(t).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("handshake_failure"));
        assertThat(proxy.stats().accepted()).as("connections relayed to the CSMS").isZero();
        assertThat(proxy.faultLog()).anyMatch(l -> l.startsWith("fail the TLS handshake of connection 1 "));

        TransportConnection second = connect(client, proxy, csms, "TLS-A1").get(WAIT, TimeUnit.SECONDS);
        assertThat(second.isOpen()).isTrue();
        assertThat(proxy.stats().accepted()).isEqualTo(1);
        second.close(1000, "done");
    }

    @Test
    void aHandshakeAnsweredWithBytesThatAreNotTlsFailsWithAnSslExceptionUntilTheRuleStops() throws Exception {
        MockCsms csms = tlsCsms(OcppVersion.OCPP16);
        FaultProxy proxy = proxyTo(csms);
        proxy.failTlsHandshakes(FaultProxy.TlsFailure.NOT_TLS, Frequency.always());
        NettyClientTransport client = close(new NettyClientTransport());

        for (int attempt = 0; attempt < 2; attempt++) {
            Throwable failure = connectFailure(client, proxy, csms, "TLS-N1");
            assertThat(chain(failure)).anySatisfy(t -> assertThat(t).isInstanceOf(SSLException.class));
        }
        proxy.stopFailingTlsHandshakes();

        TransportConnection third = connect(client, proxy, csms, "TLS-N1").get(WAIT, TimeUnit.SECONDS);
        assertThat(third.isOpen()).isTrue();
        assertThat(proxy.faultLog()).filteredOn(l -> l.startsWith("fail the TLS handshake")).hasSize(2);
        third.close(1000, "done");
    }

    @Test
    void aStationWhoseFirstTwoTlsHandshakesFailReconnectsAndBootsOnce() throws Exception {
        MockCsms csms = tlsCsms(OcppVersion.OCPP201);
        FaultProxy proxy = proxyTo(csms);
        proxy.failTlsHandshakes(FaultProxy.TlsFailure.FATAL_ALERT, Frequency.times(2));
        SimulatedStation station = close(SimulatedStation.builder(OcppVersion.OCPP201).identity("TLS-S1")
                .endpoint(viaProxy(csms, proxy)).sslContext(trusting)
                .retryBackOff(new RetryBackOff(Duration.ofMillis(50), Duration.ofMillis(50), 1)).build());

        station.start().get(WAIT, TimeUnit.SECONDS);

        assertThat(proxy.faultLog()).filteredOn(l -> l.startsWith("fail the TLS handshake")).hasSize(2);
        assertThat(proxy.stats().accepted()).isEqualTo(1);
        assertThat(csms.connectedStations()).containsExactly("TLS-S1");
        assertThat(csms.journal().exchanges("BootNotification")).hasSize(1);
    }

    @Test
    void aClientThatNeverSendsItsClientHelloDoesNotKeepTheProxyFromClosing() throws Exception {
        MockCsms csms = tlsCsms(OcppVersion.OCPP16);
        FaultProxy proxy = FaultProxy.start(csms.url().getPort());
        proxy.failTlsHandshakes(FaultProxy.TlsFailure.FATAL_ALERT, Frequency.always());
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            awaitLog(proxy, "fail the TLS handshake of connection 1 ");

            // close() throws if a thread of the proxy is still running after it: the failing connection's included.
            proxy.close();

            silent.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT));
            InputStream in = silent.getInputStream();
            assertThatThrownBy(() -> {
                while (in.read() >= 0) {
                    // Whatever came before the proxy closed the socket.
                }
                throw new EOFException("closed");
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void connectionsBeyondTheCapOfFailuresUnderWayAreResetWithoutAThreadEach() throws Exception {
        MockCsms csms = tlsCsms(OcppVersion.OCPP16);
        FaultProxy proxy = close(FaultProxy.start(csms.url().getPort()));
        proxy.failTlsHandshakes(FaultProxy.TlsFailure.FATAL_ALERT, Frequency.always());
        List<Socket> silent = new ArrayList<>();
        try {
            // Clients that never send a ClientHello: each holds a failure under way for the proxy's wait.
            for (int i = 0; i < FaultProxy.MAX_TLS_FAILURES_AT_ONCE; i++) {
                silent.add(new Socket(InetAddress.getLoopbackAddress(), proxy.port()));
            }
            awaitLog(proxy, "fail the TLS handshake of connection " + FaultProxy.MAX_TLS_FAILURES_AT_ONCE + " ");

            try (Socket extra = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                awaitLog(proxy, "reset connection " + (FaultProxy.MAX_TLS_FAILURES_AT_ONCE + 1) + " ");
                extra.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT));
                // Reset at once: the read ends (EOF or reset) long before the proxy's 5 s wait for a ClientHello.
                assertThatThrownBy(() -> {
                    if (extra.getInputStream().read() < 0) {
                        throw new EOFException("closed");
                    }
                }).isInstanceOf(IOException.class).isNotInstanceOf(java.net.SocketTimeoutException.class);
            }
            String prefix = proxy.threadNamePrefix() + "tls-failure-";
            assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)))
                    .hasSizeLessThanOrEqualTo(FaultProxy.MAX_TLS_FAILURES_AT_ONCE);
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
        // Once the clients hung up their failures end, and the rule fails the next connection as asked again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        String fatal = null;
        while (fatal == null) {
            try (Socket next = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                next.getOutputStream().write(new byte[] {22, 3, 1, 0, 0});
                next.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT));
                int first = next.getInputStream().read();
                if (first == 21) {
                    fatal = "alert";
                }
            } catch (IOException e) {
                // Reset: failures of the silent clients still under way.
            }
            if (fatal == null && System.nanoTime() > deadline) {
                throw new AssertionError("no connection failed with an alert after the silent clients left: "
                        + proxy.faultLog());
            }
        }
    }

    @Test
    void inMemoryTheFaultPlanFailsTheConnectWithAnSslHandshakeExceptionAndLetsTheNextAttemptIn() throws Exception {
        MockCsms csms = close(MockCsms.builder(OcppVersion.OCPP16).build());
        FaultyTransport faulty = close(Faults.wrap(csms.stationTransport(),
                FaultPlan.seeded(1).failTlsHandshakes(Frequency.once())));
        URI uri = URI.create(csms.url() + "/TLS-M1");

        assertThatThrownBy(() -> connect(faulty, uri, OcppVersion.OCPP16).get(WAIT, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SSLHandshakeException.class);
        TransportConnection second = connect(faulty, uri, OcppVersion.OCPP16).get(WAIT, TimeUnit.SECONDS);

        assertThat(second.isOpen()).isTrue();
        assertThat(faulty.attempts()).isEqualTo(2);
        assertThat(faulty.decisionLog()).containsExactly("attempt 1: TLS handshake failed (simulated, rule 1)");
        assertThat(FaultPlan.seeded(1).failTlsHandshakes(Frequency.once()).describe())
                .containsExactly("rule 1: fail TLS handshakes (simulated), once attempt(s)");
        second.close(1000, "done");
    }

    private MockCsms tlsCsms(OcppVersion version) {
        return close(MockCsms.builder(version).tls(serverContext).build());
    }

    private FaultProxy proxyTo(MockCsms csms) throws Exception {
        return close(FaultProxy.start(csms.url().getPort()));
    }

    private static URI viaProxy(MockCsms csms, FaultProxy proxy) {
        return URI.create("wss://127.0.0.1:" + proxy.port() + csms.url().getPath());
    }

    private CompletableFuture<TransportConnection> connect(TransportClientFactory client,
            FaultProxy proxy, MockCsms csms, String identity) {
        URI uri = URI.create(viaProxy(csms, proxy) + "/" + identity);
        // The proxy's failures come before any WebSocket; the subprotocol only matters to the attempt that gets in.
        return connect(client, uri, OcppVersion.OCPP16, trusting);
    }

    private static CompletableFuture<TransportConnection> connect(TransportClientFactory client,
            URI uri, OcppVersion version) {
        return connect(client, uri, version, null);
    }

    private static CompletableFuture<TransportConnection> connect(TransportClientFactory client,
            URI uri, OcppVersion version, SSLContext ssl) {
        ClientTransportConfig.Builder b = ClientTransportConfig.builder(uri)
                .subprotocols(List.of(version.subprotocol())).connectTimeout(Duration.ofSeconds(WAIT));
        if (ssl != null) {
            b.sslContext(ssl);
        }
        return client.connect(b.build(), new TransportListener() { }).toCompletableFuture();
    }

    private Throwable connectFailure(TransportClientFactory client, FaultProxy proxy, MockCsms csms,
            String identity) throws InterruptedException, TimeoutException {
        try {
            TransportConnection c = connect(client, proxy, csms, identity).get(WAIT, TimeUnit.SECONDS);
            c.abort();
            throw new AssertionError("connected through a failed TLS handshake; proxy log " + proxy.faultLog());
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static List<Throwable> chain(Throwable t) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable c = t; c != null && all.size() < 20; c = c.getCause()) {
            all.add(c);
        }
        return all;
    }

    private static void awaitLog(FaultProxy proxy, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (proxy.faultLog().stream().noneMatch(l -> l.startsWith(prefix))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + prefix + "' in " + proxy.faultLog());
            }
            Thread.sleep(5);
        }
    }

    private <T extends AutoCloseable> T close(T resource) {
        toClose.add(resource);
        return resource;
    }
}
