package dev.ocpp.core;

import dev.ocpp.core.spi.HandshakeRequest;

/**
 * Decides whether a station identity may connect at all. A refusal is answered with HTTP 404 before the upgrade,
 * as OCPP-J 1.6 §3.2 and OCPP 2.0.1 Part 4 §3.2 advise for unknown identities. Runs on a transport thread: it must
 * be fast and must not block.
 */
@FunctionalInterface
public interface IdentityFilter {

    boolean accept(String identity, HandshakeRequest request);

    /** Lets every identity in. */
    static IdentityFilter acceptAll() {
        return (identity, request) -> true;
    }
}
