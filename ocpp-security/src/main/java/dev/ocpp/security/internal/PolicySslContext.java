package dev.ocpp.security.internal;

import dev.ocpp.security.TlsPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * An {@link SSLContext} whose every engine and socket is held to a {@link TlsPolicy}. Handing a transport this
 * context is all it takes to secure it: the transport needs no OCPP knowledge, and nothing it configures can widen
 * the policy. Sockets from its factories are held to the policy the same way ({@code PolicySslSocket}), but only
 * engines report failures as security events (no WebSocket transport of ours uses the sockets).
 */
public final class PolicySslContext extends SSLContext {

    private PolicySslContext(Spi spi, SSLContext delegate) {
        super(spi, delegate.getProvider(), delegate.getProtocol());
    }

    /**
     * @param keyManager        our certificate and key, or {@code null} (a station under profile 2)
     * @param trustManager      the PKIX trust manager for the peer's certificates, or {@code null} (CSMS, profile 2)
     * @param client            station ({@code true}) or CSMS
     * @param requireClientAuth CSMS under profile 3
     */
    public static SSLContext create(X509ExtendedKeyManager keyManager, X509ExtendedTrustManager trustManager,
                                    TlsPolicy policy, boolean client, boolean requireClientAuth, EventSink events) {
        try {
            SSLContext jdk = SSLContext.getInstance("TLS");
            jdk.init(keyManager == null ? null : new KeyManager[] {keyManager},
                    trustManager == null ? null : new TrustManager[] {new ClassifyingTrustManager(trustManager)},
                    new SecureRandom());
            return new PolicySslContext(new Spi(jdk, new Restriction(policy, requireClientAuth), client, events), jdk);
        } catch (NoSuchAlgorithmException | KeyManagementException e) {
            throw new IllegalStateException("The JDK's TLS implementation is not available", e);
        }
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext jdk;
        private final Restriction restriction;
        private final boolean client;
        private final EventSink events;

        Spi(SSLContext jdk, Restriction restriction, boolean client, EventSink events) {
            this.jdk = jdk;
            this.restriction = restriction;
            this.client = client;
            this.events = events;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("this context is initialised by its security configuration");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return new PolicySslEngine(jdk.createSSLEngine(), restriction, client, events);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return new PolicySslEngine(jdk.createSSLEngine(host, port), restriction, client, events);
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new PolicySocketFactory(jdk.getSocketFactory(), this);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return new PolicyServerSocketFactory(jdk.getServerSocketFactory(), this);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return jdk.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return jdk.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return restrict(jdk.getDefaultSSLParameters());
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return restrict(jdk.getSupportedSSLParameters());
        }

        private SSLParameters restrict(SSLParameters p) {
            return restriction.apply(p, client, p.getProtocols(), p.getCipherSuites());
        }

        Socket configure(Socket s) {
            return s instanceof SSLSocket ssl ? new PolicySslSocket(ssl, restriction) : s;
        }

        ServerSocket configure(ServerSocket s) throws IOException {
            return s instanceof SSLServerSocket ssl ? new PolicySslServerSocket(ssl, restriction) : s;
        }

        String[] suites(String[] offered) {
            return restriction.policy.allowedCipherSuites(offered);
        }
    }

    private static final class PolicySocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory jdk;
        private final Spi spi;

        PolicySocketFactory(SSLSocketFactory jdk, Spi spi) {
            this.jdk = jdk;
            this.spi = spi;
        }

        private Socket configure(Socket s) {
            return spi.configure(s);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return spi.suites(jdk.getDefaultCipherSuites());
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return spi.suites(jdk.getSupportedCipherSuites());
        }

        @Override
        public Socket createSocket() throws IOException {
            return configure(jdk.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return configure(jdk.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return configure(jdk.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return configure(jdk.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return configure(jdk.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return configure(jdk.createSocket(address, port, localAddress, localPort));
        }
    }

    private static final class PolicyServerSocketFactory extends SSLServerSocketFactory {
        private final SSLServerSocketFactory jdk;
        private final Spi spi;

        PolicyServerSocketFactory(SSLServerSocketFactory jdk, Spi spi) {
            this.jdk = jdk;
            this.spi = spi;
        }

        private ServerSocket configure(ServerSocket s) throws IOException {
            return spi.configure(s);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return spi.suites(jdk.getDefaultCipherSuites());
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return spi.suites(jdk.getSupportedCipherSuites());
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return configure(jdk.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return configure(jdk.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return configure(jdk.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
            return configure(jdk.createServerSocket(port, backlog, ifAddress));
        }
    }
}
