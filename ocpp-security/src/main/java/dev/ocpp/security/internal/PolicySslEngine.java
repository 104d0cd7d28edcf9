package dev.ocpp.security.internal;

import dev.ocpp.security.SecurityEvent;
import dev.ocpp.security.TlsPolicy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * The JDK's engine, held to a {@link TlsPolicy} whatever a transport configures on it, and reporting the first
 * handshake failure as a security event. A client engine always verifies the server's host name; a server engine
 * under profile 3 always demands a client certificate.
 */
final class PolicySslEngine extends SSLEngine {

    private final SSLEngine delegate;
    private final Restriction restriction;
    private final EventSink events;
    private final AtomicBoolean reported = new AtomicBoolean();

    PolicySslEngine(SSLEngine delegate, Restriction restriction, boolean client, EventSink events) {
        super(delegate.getPeerHost(), delegate.getPeerPort());
        this.delegate = delegate;
        this.restriction = restriction;
        this.events = events;
        delegate.setUseClientMode(client);
        setSSLParameters(delegate.getSSLParameters());
    }

    private void observe(SSLException e) {
        events.reportedByEngine(e);
        if (reported.compareAndSet(false, true)) {
            boolean client = delegate.getUseClientMode();
            TlsFailures.classify(e, client).ifPresent(reason -> events.report(reason, null, remote(),
                    TlsFailures.detail(e)));
        }
    }

    private InetSocketAddress remote() {
        String host = delegate.getPeerHost();
        return host == null ? null : InetSocketAddress.createUnresolved(host, Math.max(0, delegate.getPeerPort()));
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        try {
            return delegate.wrap(srcs, offset, length, dst);
        } catch (SSLException e) {
            observe(e);
            throw e;
        }
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        try {
            return delegate.unwrap(src, dsts, offset, length);
        } catch (SSLException e) {
            observe(e);
            throw e;
        }
    }

    @Override
    public Runnable getDelegatedTask() {
        return delegate.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        delegate.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return delegate.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        delegate.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return delegate.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return restriction.policy.allowedCipherSuites(delegate.getSupportedCipherSuites());
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return delegate.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        delegate.setEnabledCipherSuites(restriction.policy.allowedCipherSuites(suites));
    }

    @Override
    public String[] getSupportedProtocols() {
        return restriction.policy.allowedProtocols(delegate.getSupportedProtocols());
    }

    @Override
    public String[] getEnabledProtocols() {
        return delegate.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        delegate.setEnabledProtocols(restriction.policy.allowedProtocols(protocols));
    }

    @Override
    public SSLSession getSession() {
        return delegate.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return delegate.getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
        try {
            delegate.beginHandshake();
        } catch (SSLException e) {
            observe(e);
            throw e;
        }
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return delegate.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        delegate.setUseClientMode(mode);
        setSSLParameters(delegate.getSSLParameters());
    }

    @Override
    public boolean getUseClientMode() {
        return delegate.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        delegate.setNeedClientAuth(need || restriction.requireClientAuth());
    }

    @Override
    public boolean getNeedClientAuth() {
        return delegate.getNeedClientAuth();
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
    public boolean getWantClientAuth() {
        return delegate.getWantClientAuth();
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
    public void setSSLParameters(SSLParameters params) {
        delegate.setSSLParameters(restriction.apply(params, delegate.getUseClientMode(),
                delegate.getSupportedProtocols(), delegate.getSupportedCipherSuites()));
    }

    @Override
    public String getApplicationProtocol() {
        return delegate.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return delegate.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        delegate.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return delegate.getHandshakeApplicationProtocolSelector();
    }

    @Override
    public String toString() {
        return "PolicySslEngine[" + delegate + "]";
    }
}
