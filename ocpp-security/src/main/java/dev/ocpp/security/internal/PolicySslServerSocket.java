package dev.ocpp.security.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.ServerSocketChannel;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The JDK's TLS server socket, held to the policy: its setters are cut back like {@link PolicySslSocket}'s, and each
 * accepted socket is a {@link PolicySslSocket} too, so that what is set on it after the accept is cut as well.
 */
final class PolicySslServerSocket extends SSLServerSocket {

    private final SSLServerSocket delegate;
    private final Restriction restriction;

    PolicySslServerSocket(SSLServerSocket delegate, Restriction restriction) throws IOException {
        this.delegate = delegate;
        this.restriction = restriction;
        setSSLParameters(delegate.getSSLParameters());
    }

    @Override
    public Socket accept() throws IOException {
        Socket s = delegate.accept();
        return s instanceof SSLSocket ssl ? new PolicySslSocket(ssl, restriction) : s;
    }

    // The guarded setters: each is cut back to the restriction.

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        delegate.setEnabledCipherSuites(restriction.policy.allowedCipherSuites(suites));
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        delegate.setEnabledProtocols(restriction.policy.allowedProtocols(protocols));
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        delegate.setNeedClientAuth(need || restriction.requireClientAuth());
    }

    @Override
    public void setWantClientAuth(boolean want) {
        if (restriction.requireClientAuth()) {
            delegate.setNeedClientAuth(true);
        } else {
            delegate.setWantClientAuth(want);
        }
    }

    @Override
    public void setUseClientMode(boolean mode) {
        delegate.setUseClientMode(mode);
        setSSLParameters(delegate.getSSLParameters());
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        delegate.setSSLParameters(restriction.apply(params, delegate.getUseClientMode(),
                delegate.getSupportedProtocols(), delegate.getSupportedCipherSuites()));
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return restriction.policy.allowedCipherSuites(delegate.getSupportedCipherSuites());
    }

    @Override
    public String[] getSupportedProtocols() {
        return restriction.policy.allowedProtocols(delegate.getSupportedProtocols());
    }

    // Plain delegation from here on.

    @Override
    public String[] getEnabledCipherSuites() {
        return delegate.getEnabledCipherSuites();
    }

    @Override
    public String[] getEnabledProtocols() {
        return delegate.getEnabledProtocols();
    }

    @Override
    public boolean getNeedClientAuth() {
        return delegate.getNeedClientAuth();
    }

    @Override
    public boolean getWantClientAuth() {
        return delegate.getWantClientAuth();
    }

    @Override
    public boolean getUseClientMode() {
        return delegate.getUseClientMode();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        delegate.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return delegate.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return delegate.getSSLParameters();
    }

    @Override
    public void bind(SocketAddress endpoint) throws IOException {
        delegate.bind(endpoint);
    }

    @Override
    public void bind(SocketAddress endpoint, int backlog) throws IOException {
        delegate.bind(endpoint, backlog);
    }

    @Override
    public InetAddress getInetAddress() {
        return delegate.getInetAddress();
    }

    @Override
    public int getLocalPort() {
        return delegate.getLocalPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return delegate.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public ServerSocketChannel getChannel() {
        return delegate.getChannel();
    }

    @Override
    public boolean isBound() {
        return delegate.isBound();
    }

    @Override
    public boolean isClosed() {
        return delegate.isClosed();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        delegate.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws IOException {
        return delegate.getSoTimeout();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        delegate.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return delegate.getReuseAddress();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        delegate.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return delegate.getReceiveBufferSize();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        delegate.setPerformancePreferences(connectionTime, latency, bandwidth);
    }

    @Override
    public <T> ServerSocket setOption(SocketOption<T> name, T value) throws IOException {
        delegate.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return delegate.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return delegate.supportedOptions();
    }

    @Override
    public String toString() {
        return "PolicySslServerSocket[" + delegate + "]";
    }
}
