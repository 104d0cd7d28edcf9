package dev.ocpp.core;

import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.HandshakeRequest;
import java.util.Optional;

/**
 * Checks the credentials of an upgrade request before the upgrade; a refusal is answered with HTTP 401. This is
 * the seam that security profiles 1 and 2 (Basic auth) and 3 (client certificates, via
 * {@link HandshakeRequest#peerCertificates()}) plug into. Runs on a transport thread: it must be fast and must not
 * block.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * @param identity    the decoded station identity from the URL
     * @param credentials the Basic credentials sent, if any
     * @param request     the whole upgrade request
     * @return whether the station may connect
     */
    boolean authenticate(String identity, Optional<BasicCredentials> credentials, HandshakeRequest request);

    /** Lets every request in, with or without credentials. */
    static Authenticator none() {
        return (identity, credentials, request) -> true;
    }
}
