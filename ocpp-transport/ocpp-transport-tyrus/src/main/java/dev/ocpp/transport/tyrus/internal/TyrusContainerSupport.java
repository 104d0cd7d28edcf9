package dev.ocpp.transport.tyrus.internal;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.support.HttpStatus;
import dev.ocpp.transport.jakarta.internal.ContainerSupport;
import dev.ocpp.transport.jakarta.internal.JakartaConnection;
import dev.ocpp.transport.jakarta.internal.Sneaky;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ssl.SSLUtils;
import org.glassfish.tyrus.client.exception.DeploymentHandshakeException;
import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.spi.UpgradeResponse;

/**
 * The exact container support for Tyrus on Grizzly.
 *
 * <p>Refusal: Tyrus' engine catches a {@link HandshakeException} raised while it builds the response (the
 * configurator's {@code modifyHandshake} runs inside that) and answers with its status, without creating a
 * connection. Setting a status on the response alone is not enough: Tyrus 2.x honours it, except that it treats
 * 401 (like 3xx and 503) as a success and opens a WebSocket session behind the 401 answer.
 */
public final class TyrusContainerSupport implements ContainerSupport {

    public static final TyrusContainerSupport INSTANCE = new TyrusContainerSupport();

    /** The client connection whose handshake this thread is completing; see {@link #takeOpenedClient()}. */
    private static final ThreadLocal<JakartaConnection> OPENED_CLIENT = new ThreadLocal<>();

    private TyrusContainerSupport() {
    }

    /**
     * Tyrus' client calls {@code Endpoint.onOpen} inside its handshake processing and creates the connection's
     * reader right after, on the same thread: this hands the just-opened connection to that reader.
     */
    @Override
    public void clientOpened(JakartaConnection connection) {
        OPENED_CLIENT.set(connection);
    }

    /** The connection {@link #clientOpened} saw on this thread, if any; clears it. */
    public static JakartaConnection takeOpenedClient() {
        JakartaConnection c = OPENED_CLIENT.get();
        OPENED_CLIENT.remove();
        return c;
    }

    /** permessage-deflate (RFC 7692) when the config accepts it; see {@link PerMessageDeflate}. */
    @Override
    public List<Extension> serverExtensions(ServerTransportConfig config) {
        return config.perMessageDeflate() ? List.of(PerMessageDeflate.server(config.maxMessageSize())) : List.of();
    }

    @Override
    public List<Extension> negotiateExtensions(List<Extension> installed, List<Extension> requested) {
        return PerMessageDeflate.negotiate(installed, requested);
    }

    /** permessage-deflate (RFC 7692) when the config offers it; see {@link PerMessageDeflate}. */
    @Override
    public List<Extension> clientExtensions(ClientTransportConfig config) {
        return config.perMessageDeflate() ? List.of(PerMessageDeflate.client(config.maxMessageSize())) : List.of();
    }

    @Override
    public InetSocketAddress remoteAddress(HandshakeRequest request) {
        Connection<?> c = HandshakeConnections.current();
        return c == null ? null : inet(c.getPeerAddress());
    }

    @Override
    public InetSocketAddress localAddress(HandshakeRequest request) {
        Connection<?> c = HandshakeConnections.current();
        return c == null ? null : inet(c.getLocalAddress());
    }

    /** From the TLS session of the connection (security profile 3: the station's client certificate). */
    @Override
    public List<X509Certificate> peerCertificates(HandshakeRequest request) {
        Connection<?> c = HandshakeConnections.current();
        SSLEngine engine = c == null ? null : SSLUtils.getSSLEngine(c);
        if (engine == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : engine.getSession().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of(); // the client presented no certificate
        }
    }

    @Override
    public boolean refuse(HandshakeResponse response, HandshakeDecision decision) {
        if (response instanceof UpgradeResponse upgrade) {
            // Tyrus has already filled in "101 Switching Protocols" and the upgrade headers.
            upgrade.setReasonPhrase(HttpStatus.reasonPhrase(decision.status()));
        }
        response.getHeaders().clear();
        if (decision.status() == 401) {
            // RFC 7235 §3.1: a 401 names the scheme it wants.
            response.getHeaders().put(UpgradeResponse.WWW_AUTHENTICATE, List.of("Basic realm=\"OCPP\""));
        }
        throw Sneaky.rethrow(new HandshakeException(decision.status(), decision.reason()));
    }

    @Override
    public OptionalInt responseStatus(HandshakeResponse response) {
        return response instanceof UpgradeResponse upgrade ? OptionalInt.of(upgrade.getStatus()) : OptionalInt.empty();
    }

    @Override
    public OptionalInt rejectionStatus(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DeploymentHandshakeException d && d.getCause() instanceof HandshakeException) {
                return OptionalInt.of(d.getHttpStatusCode());
            }
            if (t instanceof HandshakeException h) {
                return OptionalInt.of(h.getHttpStatusCode());
            }
        }
        return OptionalInt.empty();
    }

    private static InetSocketAddress inet(Object address) {
        return address instanceof InetSocketAddress inet ? inet : null;
    }
}
