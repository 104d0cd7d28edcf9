package dev.ocpp.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutual TLS (security profile 3) between two in-memory {@link SSLEngine}s with TestPki's certificates: the JDK's TLS
 * stack, not just its PKIX validator, accepts the key usages and names TestPki writes.
 */
class TestPkiTlsTest {

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void stationAndCsmsCompleteAMutualTlsHandshake(KeyType keyType) throws Exception {
        TestPki pki = TestPki.builder().keyType(keyType).intermediate(true).build();
        IssuedCertificate csms = pki.serverCertificate("localhost", "localhost", "127.0.0.1");
        IssuedCertificate station = pki.stationCertificate("CP-0001");
        SSLEngine client = client(pki, station, "localhost");
        SSLEngine server = server(pki, csms);

        handshake(client, server);

        assertThat(server.getSession().getPeerCertificates()[0]).isEqualTo(station.certificate());
        assertThat(client.getSession().getPeerCertificates()[0]).isEqualTo(csms.certificate());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void stationCertificateOfAnotherPkiIsRefusedByTheCsms(KeyType keyType) throws Exception {
        TestPki pki = TestPki.builder().keyType(keyType).build();
        IssuedCertificate foreignStation = TestPki.builder().keyType(keyType).build().stationCertificate("CP-X");
        SSLEngine client = client(pki, foreignStation, "localhost");
        SSLEngine server = server(pki, pki.serverCertificate("localhost", "localhost"));

        assertThatThrownBy(() -> handshake(client, server)).isInstanceOf(SSLException.class)
                .hasMessageContaining("PKIX");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void serverCertificateForAnotherHostIsRefusedByTheStation(KeyType keyType) throws Exception {
        TestPki pki = TestPki.builder().keyType(keyType).build();
        SSLEngine client = client(pki, pki.stationCertificate("CP-0001"), "localhost");
        SSLEngine server = server(pki, pki.serverCertificate("csms.example", "csms.example"));

        assertThatThrownBy(() -> handshake(client, server)).isInstanceOf(SSLException.class)
                .hasMessageContaining("localhost");
    }

    private static SSLEngine client(TestPki pki, IssuedCertificate station, String host)
            throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(station.keyManagers().getKeyManagers(), pki.trustManagers().getTrustManagers(), null);
        SSLEngine engine = context.createSSLEngine(host, 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static SSLEngine server(TestPki pki, IssuedCertificate csms) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(csms.keyManagers().getKeyManagers(), pki.trustManagers().getTrustManagers(), null);
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(true);
        return engine;
    }

    /** Shuttles records between the engines until neither has handshake work left. */
    private static void handshake(SSLEngine client, SSLEngine server) throws Exception {
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int application = Math.max(client.getSession().getApplicationBufferSize(),
                server.getSession().getApplicationBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(packet * 4);
        ByteBuffer toClient = ByteBuffer.allocate(packet * 4);
        ByteBuffer clientApp = ByteBuffer.allocate(application * 4);
        ByteBuffer serverApp = ByteBuffer.allocate(application * 4);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 200; round++) {
            step(client, toServer, toClient, clientApp);
            step(server, toClient, toServer, serverApp);
            if (idle(client) && idle(server) && toServer.position() == 0 && toClient.position() == 0) {
                return;
            }
        }
        throw new AssertionError("handshake did not finish");
    }

    private static void step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws SSLException {
        runTasks(engine);
        engine.wrap(ByteBuffer.allocate(0), out);
        runTasks(engine);
        in.flip();
        engine.unwrap(in, app);
        in.compact();
        runTasks(engine);
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static boolean idle(SSLEngine engine) {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }
}
