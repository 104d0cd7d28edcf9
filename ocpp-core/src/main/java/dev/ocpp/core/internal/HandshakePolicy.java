package dev.ocpp.core.internal;

import dev.ocpp.core.Authenticator;
import dev.ocpp.core.IdentityFilter;
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
 *   <li>the user's identity filter (404);</li>
 *   <li>subprotocol: the first of the client's offers that the server serves (OCPP-J 1.6 §3.1.2,
 *       OCPP 2.0.1 Part 4 §3.1.2); none is not a rejection: the upgrade completes without the header and the
 *       session is closed at once;</li>
 *   <li>on 2.0.1 and later, the identity rules of Part 4 §3.1.1 (404);</li>
 *   <li>the authenticator (401).</li>
 * </ol>
 */
public final class HandshakePolicy {

    private final String path;
    private final List<String> servedSubprotocols;
    private final IdentityFilter identityFilter;
    private final Authenticator authenticator;

    public HandshakePolicy(String path, List<OcppVersion> served, IdentityFilter identityFilter,
                           Authenticator authenticator) {
        this.path = path;
        this.servedSubprotocols = served.stream().map(OcppVersion::subprotocol).toList();
        this.identityFilter = identityFilter;
        this.authenticator = authenticator;
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
        if (!identityFilter.accept(identity, request)) {
            return HandshakeDecision.reject(404, "Unknown station identity");
        }
        OcppVersion version = select(request.offeredSubprotocols());
        if (version != null && version != OcppVersion.OCPP16) {
            Optional<String> violation = StationIdentities.ocpp201Violation(identity);
            if (violation.isPresent()) {
                return HandshakeDecision.reject(404, "Invalid station identity: " + violation.get());
            }
        }
        Optional<BasicCredentials> credentials = request.header("Authorization")
                .flatMap(BasicCredentials::parseHeader);
        if (!authenticator.authenticate(identity, credentials, request)) {
            return HandshakeDecision.reject(401, "Authentication failed");
        }
        return HandshakeDecision.accept(identity, version == null ? null : version.subprotocol(),
                credentials.orElse(null));
    }

    /** The first offered subprotocol that is served, in the client's order of preference. */
    OcppVersion select(List<String> offered) {
        List<String> tokens = offered.stream().map(String::trim).toList();
        return Subprotocols.select(tokens, servedSubprotocols).flatMap(OcppVersion::fromSubprotocol).orElse(null);
    }
}
