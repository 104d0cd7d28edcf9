package dev.ocpp.core.spi.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The subprotocol part of the WebSocket opening handshake, as an OCPP-J server takes it.
 *
 * <p>The client offers its subprotocols in {@code Sec-WebSocket-Protocol}, in order of preference (RFC 6455 §4.1,
 * §11.3.4); the server agrees on at most one of them and names it in its response (RFC 6455 §4.2.2). An OCPP-J server
 * picks the first offered version that it serves (OCPP-J 1.6 §3.1.2, OCPP 2.0.1 Part 4 §3.1.2). When none is served,
 * that is no reason to refuse the upgrade: the handshake completes without the header and the connection is closed
 * at once, which a {@link dev.ocpp.core.spi.HandshakeDecision} with a {@code null} subprotocol asks the transport
 * and the engine to do.
 */
public final class Subprotocols {

    /** The handshake header that carries subprotocols both ways (RFC 6455 §11.3.4). */
    public static final String HEADER = "Sec-WebSocket-Protocol";

    private Subprotocols() {
    }

    /**
     * The client's offered subprotocols in its order, from the request headers, whether they came as one
     * comma-separated header or as several (RFC 9110 §5.3): header names are matched ignoring case, tokens are trimmed
     * and empty ones dropped.
     *
     * @param headers the upgrade request's headers
     * @return the offered tokens, first preferred; empty if none were offered
     */
    public static List<String> offered(Map<String, List<String>> headers) {
        List<String> offered = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (!HEADER.equalsIgnoreCase(e.getKey()) || e.getValue() == null) {
                continue;
            }
            for (String value : e.getValue()) {
                if (value == null) {
                    continue;
                }
                for (String token : value.split(",")) {
                    String t = token.trim();
                    if (!t.isEmpty()) {
                        offered.add(t);
                    }
                }
            }
        }
        return offered;
    }

    /**
     * The subprotocol to agree on: the first of the client's offers that the server supports, compared exactly (RFC
     * 6455 §4.2.2 leaves the choice to the server; OCPP-J 1.6 §3.1.2 and OCPP 2.0.1 Part 4 §3.1.2 make it the
     * client's preference). Empty when none is supported; the server then answers without the header and closes the
     * connection, rather than refusing the upgrade.
     *
     * @param offered   the client's offers, first preferred
     * @param supported what the server serves, in any order
     * @return the agreed subprotocol, or empty
     */
    public static Optional<String> select(List<String> offered, Collection<String> supported) {
        for (String offer : offered) {
            if (supported.contains(offer)) {
                return Optional.of(offer);
            }
        }
        return Optional.empty();
    }
}
