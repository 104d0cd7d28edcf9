package dev.ocpp.core.spi;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A WebSocket upgrade request as a server transport saw it, before it answered. Immutable.
 *
 * @param rawPath              the request path exactly as received, still percent-encoded
 * @param offeredSubprotocols  the client's {@code Sec-WebSocket-Protocol} tokens, in the client's order
 * @param headers              all request headers; names compare case-insensitively
 * @param remoteAddress        the client's address, or {@code null} where unknown
 * @param localAddress         the server's address, or {@code null} where unknown
 * @param peerCertificates     the client's TLS certificate chain, leaf first; empty without client auth
 */
public record HandshakeRequest(
        String rawPath,
        List<String> offeredSubprotocols,
        Map<String, List<String>> headers,
        InetSocketAddress remoteAddress,
        InetSocketAddress localAddress,
        List<X509Certificate> peerCertificates) {

    public HandshakeRequest {
        Objects.requireNonNull(rawPath, "rawPath");
        offeredSubprotocols = offeredSubprotocols == null ? List.of() : List.copyOf(offeredSubprotocols);
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> h.merge(k, List.copyOf(v), (a, b) -> {
                List<String> all = new java.util.ArrayList<>(a);
                all.addAll(b);
                return List.copyOf(all);
            }));
        }
        headers = java.util.Collections.unmodifiableMap(h);
        peerCertificates = peerCertificates == null ? List.of() : List.copyOf(peerCertificates);
    }

    /** The first value of header {@code name} (case-insensitive), if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        if (values == null) {
            values = headers.get(name);
        }
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
