package dev.ocpp.core.internal;

import dev.ocpp.core.AuthThrottle;
import dev.ocpp.core.Authenticator;
import dev.ocpp.core.IdentityFilter;
import dev.ocpp.core.IdentityRules;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.HandshakeDecision;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.StationIdentities;
import dev.ocpp.core.spi.support.Handshakes;
import dev.ocpp.core.spi.support.Subprotocols;
import java.util.List;
import java.util.Optional;

/**
 * The server's decision on an upgrade request, in the order the checks must run:
 * <ol>
 *   <li>identity from the URL (404 if absent, OCPP-J 1.6 §3.2; 400 if present but undecodable, a malformed
 *       request, RFC 3986 §2.1);</li>
 *   <li>subprotocol: the first of the client's offers that the server serves (OCPP-J 1.6 §3.1.2,
 *       OCPP 2.0.1 Part 4 §3.1.2); none is not a rejection: the upgrade completes without the header and the
 *       session is closed at once;</li>
 *   <li>the {@link IdentityRules} of the agreed version, or of 1.6 without one (404): before any user code, so that
 *       no filter, authenticator or log line sees a hostile identity;</li>
 *   <li>the user's identity filter (404, or 401 when failures are made uniform);</li>
 *   <li>the authentication throttle: a locked-out address or identity gets 401 without the authenticator;</li>
 *   <li>the authenticator (401), whose answer the throttle counts.</li>
 * </ol>
 */
public final class HandshakePolicy {

    private final String path;
    private final List<String> servedSubprotocols;
    private final IdentityFilter identityFilter;
    private final Authenticator authenticator;
    private final IdentityRules identityRules;
    private final AuthThrottler throttle;
    private final int unknownIdentityStatus;

    public HandshakePolicy(String path, List<OcppVersion> served, IdentityFilter identityFilter,
                           Authenticator authenticator) {
        this(path, served, identityFilter, authenticator, IdentityRules.defaults(),
                new AuthThrottler(AuthThrottle.disabled(), List.of()), false);
    }

    /**
     * @param uniformFailure whether an identity the filter refuses is answered like a failed authentication (401)
     *                       instead of as unknown (404)
     */
    public HandshakePolicy(String path, List<OcppVersion> served, IdentityFilter identityFilter,
                           Authenticator authenticator, IdentityRules identityRules, AuthThrottler throttle,
                           boolean uniformFailure) {
        this.path = path;
        this.servedSubprotocols = served.stream().map(OcppVersion::subprotocol).toList();
        this.identityFilter = identityFilter;
        this.authenticator = authenticator;
        this.identityRules = identityRules;
        this.throttle = throttle;
        this.unknownIdentityStatus = uniformFailure ? 401 : 404;
    }

    public HandshakeDecision decide(HandshakeRequest request) {
        Optional<String> id = StationIdentities.fromPath(request.rawPath(), path);
        if (id.isEmpty()) {
            // A segment that is there but does not percent-decode is a malformed request, not an unknown station;
            // transports refuse it before asking (Handshakes.checkUpgrade), this covers those that do not.
            if (Handshakes.hasUndecodableIdentity(request.rawPath(), path)) {
                return HandshakeDecision.reject(400, "Station identity in the path does not percent-decode");
            }
            return HandshakeDecision.reject(404, "No station identity in path " + request.rawPath());
        }
        String identity = id.get();
        OcppVersion version = select(request.offeredSubprotocols());
        Optional<String> violation = identityRules.violation(identity, version);
        if (violation.isPresent()) {
            // 404 whatever the uniform-failure option says: an identity that cannot exist is unknown (IdentityRules).
            return HandshakeDecision.reject(404, "Invalid station identity: " + violation.get());
        }
        if (!identityFilter.accept(identity, request)) {
            return HandshakeDecision.reject(unknownIdentityStatus, unknownIdentityStatus == 401
                    ? "Authentication failed" : "Unknown station identity");
        }
        if (throttle.refuse(identity, request.remoteAddress())) {
            return HandshakeDecision.reject(401, "Authentication failed (throttled)");
        }
        Optional<BasicCredentials> credentials = request.header("Authorization")
                .flatMap(BasicCredentials::parseHeader);
        if (!authenticator.authenticate(identity, credentials, request)) {
            throttle.failed(identity, request.remoteAddress());
            return HandshakeDecision.reject(401, "Authentication failed");
        }
        throttle.succeeded(identity, request.remoteAddress());
        return HandshakeDecision.accept(identity, version == null ? null : version.subprotocol(),
                credentials.orElse(null));
    }

    /** The first offered subprotocol that is served, in the client's order of preference. */
    OcppVersion select(List<String> offered) {
        List<String> tokens = offered.stream().map(String::trim).toList();
        return Subprotocols.select(tokens, servedSubprotocols).flatMap(OcppVersion::fromSubprotocol).orElse(null);
    }
}
