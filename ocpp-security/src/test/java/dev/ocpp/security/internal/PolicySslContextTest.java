package dev.ocpp.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ocpp.security.TlsPolicy;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever a transport sets on an engine of a policy context, one setter at a time, the engine stays within the
 * {@link TlsPolicy} and keeps the checks the profile demands (host name verification on a station, a required
 * client certificate on a profile-3 CSMS). Each setter is tested on its own: a later {@code setSSLParameters}
 * filters everything again and would hide a setter that lets a wider value through.
 */
class PolicySslContextTest {

    /** Supported by the JDK but outside every policy: an old version and a CBC (non-AEAD) suite. */
    private static final String OLD_VERSION = "TLSv1.1";
    private static final String CBC_SUITE = "TLS_RSA_WITH_AES_128_CBC_SHA";

    private static final TlsPolicy POLICY = TlsPolicy.csmsDefault();

    /**
     * The policy's suites as this JDK offers them by default. The policy only ever cuts, so what an engine, socket
     * or context starts with is the policy within the JDK's own list: JDK 24 and later leave the static-RSA suites
     * (TLS_RSA_*, disabled by jdk.tls.disabledAlgorithms) out of their default and supported lists, JDK 17 keeps
     * them. Suites set explicitly are another matter: the JDK still lets them be enabled, and the policy keeps them.
     */
    static final List<String> POLICY_SUITES_OF_THIS_JDK = policySuitesOfThisJdk();

    private static List<String> policySuitesOfThisJdk() {
        try {
            List<String> jdk = List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
            return POLICY.cipherSuites().stream().filter(jdk::contains).toList();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static SSLContext context(boolean client, boolean requireClientAuth) {
        return PolicySslContext.create(null, null, POLICY, client, requireClientAuth,
                new EventSink(e -> { }, Runnable::run, Clock.systemUTC()));
    }

    private static SSLEngine engine(boolean client) {
        SSLContext ctx = context(client, !client);
        return client ? ctx.createSSLEngine("127.0.0.1", 443) : ctx.createSSLEngine();
    }

    private static String[] policySuitesAnd(String extra) {
        List<String> suites = new ArrayList<>(POLICY.cipherSuites());
        suites.add(extra);
        return suites.toArray(String[]::new);
    }

    @ParameterizedTest(name = "client mode {0}")
    @ValueSource(booleans = {true, false})
    void enabledProtocolsSetOnTheirOwnAreCutToThePolicy(boolean client) {
        SSLEngine engine = engine(client);

        engine.setEnabledProtocols(new String[] {OLD_VERSION, "TLSv1.2", "TLSv1.3"});

        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrderElementsOf(POLICY.protocols());
        assertThat(engine.getSSLParameters().getProtocols()).containsExactlyInAnyOrderElementsOf(POLICY.protocols());
    }

    @ParameterizedTest(name = "client mode {0}")
    @ValueSource(booleans = {true, false})
    void enabledCipherSuitesSetOnTheirOwnAreCutToThePolicy(boolean client) {
        SSLEngine engine = engine(client);

        engine.setEnabledCipherSuites(policySuitesAnd(CBC_SUITE));

        assertThat(engine.getEnabledCipherSuites()).containsExactlyInAnyOrderElementsOf(POLICY.cipherSuites());
        assertThat(engine.getSSLParameters().getCipherSuites())
                .containsExactlyInAnyOrderElementsOf(POLICY.cipherSuites());
    }

    @Test
    void aNarrowerChoiceWithinThePolicyIsKept() {
        // Cutting down must not mean ignoring: a transport may still pick a subset of the policy.
        SSLEngine engine = engine(true);

        engine.setEnabledProtocols(new String[] {"TLSv1.3"});
        engine.setEnabledCipherSuites(new String[] {TlsPolicy.TLS13_AES_128_GCM, CBC_SUITE});

        assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.3");
        assertThat(engine.getEnabledCipherSuites()).containsExactly(TlsPolicy.TLS13_AES_128_GCM);
    }

    @ParameterizedTest(name = "client mode {0}")
    @ValueSource(booleans = {true, false})
    void parametersWithWiderVersionsAndSuitesAreCutToThePolicy(boolean client) {
        SSLEngine engine = engine(client);
        SSLParameters wide = new SSLParameters(policySuitesAnd(CBC_SUITE),
                new String[] {OLD_VERSION, "TLSv1.2", "TLSv1.3"});

        engine.setSSLParameters(wide);

        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrderElementsOf(POLICY.protocols());
        assertThat(engine.getEnabledCipherSuites()).containsExactlyInAnyOrderElementsOf(POLICY.cipherSuites());
    }

    @Test
    void everyEngineStartsWithinThePolicy() {
        SSLContext ctx = context(true, false);
        for (SSLEngine engine : List.of(ctx.createSSLEngine(), ctx.createSSLEngine("127.0.0.1", 443))) {
            assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrderElementsOf(POLICY.protocols());
            assertThat(engine.getEnabledCipherSuites()).containsExactlyInAnyOrderElementsOf(POLICY_SUITES_OF_THIS_JDK);
            // What the engine claims to support is the policy too, so a transport cannot pick a suite from it.
            assertThat(engine.getSupportedProtocols()).containsExactlyInAnyOrderElementsOf(POLICY.protocols());
            assertThat(engine.getSupportedCipherSuites()).containsExactlyInAnyOrderElementsOf(POLICY_SUITES_OF_THIS_JDK);
        }
    }

    @Test
    void contextParametersAreThePolicy() {
        SSLContext ctx = context(true, false);
        for (SSLParameters p : List.of(ctx.getDefaultSSLParameters(), ctx.getSupportedSSLParameters())) {
            assertThat(p.getProtocols()).containsExactlyInAnyOrderElementsOf(POLICY.protocols());
            assertThat(p.getCipherSuites()).containsExactlyInAnyOrderElementsOf(POLICY_SUITES_OF_THIS_JDK);
        }
    }

    @Test
    void stationEngineKeepsHostNameVerificationWhenParametersTurnItOff() {
        SSLEngine engine = engine(true);
        SSLParameters p = engine.getSSLParameters();
        // The JDK keeps its value when given null, but takes "" and then checks no host name at all.
        p.setEndpointIdentificationAlgorithm("");

        engine.setSSLParameters(p);

        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }

    @Test
    void freshEnginesAlreadyCarryTheProfileChecks() {
        // Before a transport sets anything: a station engine verifies the host, a profile-3 CSMS engine needs a
        // client certificate.
        assertThat(engine(true).getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(engine(false).getNeedClientAuth()).isTrue();
    }

    @Test
    void anEngineSwitchedToClientModeVerifiesTheHostName() {
        // Host name verification follows the engine's actual mode, not the context's: a CSMS engine a transport
        // turns into a client is a client like any other.
        SSLEngine engine = context(false, false).createSSLEngine("127.0.0.1", 443);
        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();

        engine.setUseClientMode(true);

        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }

    @Test
    void profileThreeCsmsEngineStillNeedsAClientCertificateAfterSetNeedClientAuthFalse() {
        SSLEngine engine = engine(false);

        engine.setNeedClientAuth(false);

        assertThat(engine.getNeedClientAuth()).isTrue();
        assertThat(engine.getSSLParameters().getNeedClientAuth()).isTrue();
    }

    @ParameterizedTest(name = "want {0}")
    @ValueSource(booleans = {true, false})
    void profileThreeCsmsEngineStillNeedsAClientCertificateAfterSetWantClientAuth(boolean want) {
        // In the JDK, asking for "want" (or for nothing) replaces "need": a certificate would become optional.
        SSLEngine engine = engine(false);

        engine.setWantClientAuth(want);

        assertThat(engine.getNeedClientAuth()).isTrue();
    }

    @Test
    void profileThreeCsmsEngineStillNeedsAClientCertificateWhenParametersOnlyWantOne() {
        SSLEngine engine = engine(false);
        SSLParameters p = engine.getSSLParameters();
        p.setWantClientAuth(true);

        engine.setSSLParameters(p);

        assertThat(engine.getNeedClientAuth()).isTrue();
    }

    @Test
    void profileTwoCsmsEngineLeavesClientAuthToTheTransport() {
        // The guard is for profile 3 only: a profile-2 CSMS must not start demanding certificates.
        SSLEngine engine = context(false, false).createSSLEngine();

        engine.setWantClientAuth(true);

        assertThat(engine.getWantClientAuth()).isTrue();
        assertThat(engine.getNeedClientAuth()).isFalse();
    }

    @Test
    void socketsFromTheFactoriesStartWithinThePolicy() throws Exception {
        SSLContext station = context(true, false);
        try (SSLSocket s = (SSLSocket) station.getSocketFactory().createSocket()) {
            assertThat(s.getEnabledProtocols()).containsExactlyInAnyOrderElementsOf(POLICY.protocols());
            assertThat(s.getEnabledCipherSuites()).containsExactlyInAnyOrderElementsOf(POLICY_SUITES_OF_THIS_JDK);
            assertThat(s.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        }
        assertThat(station.getSocketFactory().getDefaultCipherSuites())
                .containsExactlyInAnyOrderElementsOf(POLICY_SUITES_OF_THIS_JDK);
        assertThat(station.getSocketFactory().getSupportedCipherSuites())
                .containsExactlyInAnyOrderElementsOf(POLICY_SUITES_OF_THIS_JDK);

        SSLContext csms = context(false, true);
        try (SSLServerSocket s = (SSLServerSocket) csms.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(s.getEnabledProtocols()).containsExactlyInAnyOrderElementsOf(POLICY.protocols());
            assertThat(s.getEnabledCipherSuites()).containsExactlyInAnyOrderElementsOf(POLICY_SUITES_OF_THIS_JDK);
            assertThat(s.getNeedClientAuth()).isTrue();
        }
        assertThat(Stream.of(csms.getServerSocketFactory().getDefaultCipherSuites(),
                csms.getServerSocketFactory().getSupportedCipherSuites()))
                .allSatisfy(suites -> assertThat(suites).containsExactlyInAnyOrderElementsOf(POLICY_SUITES_OF_THIS_JDK));
    }
}
