package dev.ocpp.core.spi;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about a connection once its handshake is done. Immutable.
 *
 * @param identity         the charging station identity: the last path segment of the connection URL,
 *                         percent-decoded (OCPP-J 1.6 §3.1.1, OCPP 2.0.1 Part 4 §3.1.1)
 * @param subprotocol      the negotiated {@code Sec-WebSocket-Protocol}, or {@code null} if none was agreed
 * @param requestUri       the URI of the upgrade request (path and query; scheme and host where known)
 * @param remoteAddress    the peer's address, or {@code null} where the transport cannot tell
 * @param localAddress     this side's address, or {@code null} where the transport cannot tell
 * @param peerCertificates the peer's TLS certificate chain, leaf first; empty without TLS client auth
 * @param credentials      Basic-auth credentials sent with the upgrade request, if any
 */
public record ConnectionInfo(
        String identity,
        String subprotocol,
        URI requestUri,
        InetSocketAddress remoteAddress,
        InetSocketAddress localAddress,
        List<X509Certificate> peerCertificates,
        Optional<BasicCredentials> credentials) {

    public ConnectionInfo {
        Objects.requireNonNull(identity, "identity");
        peerCertificates = peerCertificates == null ? List.of() : List.copyOf(peerCertificates);
        credentials = credentials == null ? Optional.empty() : credentials;
    }

    /** The negotiated subprotocol, if any. */
    public Optional<String> negotiatedSubprotocol() {
        return Optional.ofNullable(subprotocol);
    }
}
