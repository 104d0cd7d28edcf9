package dev.ocpp.security.internal;

import dev.ocpp.security.TlsPolicy;
import javax.net.ssl.SSLParameters;

/**
 * What every engine, socket and parameter set of a security configuration is held to: the policy's versions and
 * suites, host name verification on the station side, a demanded client certificate on a profile-3 CSMS.
 */
final class Restriction {

    final TlsPolicy policy;
    private final boolean requireClientAuth;

    Restriction(TlsPolicy policy, boolean requireClientAuth) {
        this.policy = policy;
        this.requireClientAuth = requireClientAuth;
    }

    boolean requireClientAuth() {
        return requireClientAuth;
    }

    /**
     * Cuts {@code p} down to the policy. Unset versions or suites mean "the defaults", which are replaced by what the
     * policy allows out of {@code supportedProtocols} and {@code supportedSuites}.
     */
    SSLParameters apply(SSLParameters p, boolean client, String[] supportedProtocols, String[] supportedSuites) {
        p.setProtocols(policy.allowedProtocols(p.getProtocols() == null ? supportedProtocols : p.getProtocols()));
        p.setCipherSuites(policy.allowedCipherSuites(p.getCipherSuites() == null
                ? supportedSuites : p.getCipherSuites()));
        if (client) {
            // Host name verification (A00.FR.307/410) is not the transport's to turn off.
            p.setEndpointIdentificationAlgorithm("HTTPS");
        } else if (requireClientAuth) {
            p.setNeedClientAuth(true);
        }
        return p;
    }
}
