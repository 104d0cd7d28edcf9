package dev.ocpp.security.internal;

import dev.ocpp.core.AuthThrottle;
import dev.ocpp.core.Authenticator;
import dev.ocpp.core.IdentityFilter;
import dev.ocpp.core.spi.BasicCredentials;
import dev.ocpp.core.spi.HandshakeRequest;
import dev.ocpp.core.spi.support.LogSafe;
import dev.ocpp.security.CredentialStore;
import dev.ocpp.security.SecurityEvent.Reason;
import dev.ocpp.security.SecurityProfile;
import dev.ocpp.security.StationCredential;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The CSMS's checks of an upgrade request under one security profile: which identities are known (404 otherwise)
 * and whether the request proves it is that station (401 otherwise). Each refusal is reported as a security event.
 */
public final class CsmsHandshakeGuard implements IdentityFilter, Authenticator {

    private final SecurityProfile profile;
    private final CredentialStore credentials;
    private final Predicate<String> knownStations;
    private final String organization;
    private final EventSink events;

    public CsmsHandshakeGuard(SecurityProfile profile, CredentialStore credentials, Predicate<String> knownStations,
                              String organization, EventSink events) {
        this.profile = profile;
        this.credentials = credentials;
        this.knownStations = knownStations;
        this.organization = organization;
        this.events = events;
    }

    @Override
    public boolean accept(String identity, HandshakeRequest request) {
        boolean known = profile.usesBasicAuth()
                ? credentials.find(identity).isPresent()
                : knownStations.test(identity);
        if (!known) {
            events.report(Reason.UNKNOWN_IDENTITY, identity, request.remoteAddress(), "no such station");
        }
        return known;
    }

    @Override
    public boolean authenticate(String identity, Optional<BasicCredentials> basic, HandshakeRequest request) {
        Optional<Refusal> refusal = profile.usesBasicAuth()
                ? checkPassword(identity, basic)
                : checkCertificate(identity, request);
        refusal.ifPresent(r -> events.report(r.reason(), identity, request.remoteAddress(), r.detail()));
        return refusal.isEmpty();
    }

    /** Reports a decision of the server's authentication throttle; on a transport thread, so it only queues. */
    public void throttled(AuthThrottle.Event e) {
        String what = e.scope() == AuthThrottle.Scope.ADDRESS ? "address" : "identity";
        String detail = e.decision() == AuthThrottle.Decision.LOCKED_OUT
                ? "throttled: " + what + " locked out for " + seconds(e.remaining()) + " after " + e.failures()
                        + " failed authentications"
                : "throttled: refused without checking credentials, " + what + " locked out for another "
                        + seconds(e.remaining()) + " after " + e.failures() + " failed authentications";
        events.report(Reason.THROTTLED, e.identity(), e.remote(), detail);
    }

    private static String seconds(java.time.Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }

    private Optional<Refusal> checkPassword(String identity, Optional<BasicCredentials> basic) {
        if (basic.isEmpty()) {
            return Optional.of(new Refusal(Reason.MISSING_CREDENTIALS, "no HTTP Basic credentials"));
        }
        if (!basic.get().username().equals(identity)) {
            // The user name is the station's own claim; echoing it is safe and helps find misconfigured stations.
            return Optional.of(new Refusal(Reason.USERNAME_MISMATCH, "user name '" + truncate(basic.get().username())
                    + "' is not the identity in the URL"));
        }
        Optional<StationCredential> expected = credentials.find(identity);
        if (expected.isEmpty()) {
            return Optional.of(new Refusal(Reason.UNKNOWN_IDENTITY, "no such station"));
        }
        if (!expected.get().matches(basic.get().password())) {
            return Optional.of(new Refusal(Reason.WRONG_PASSWORD, "password does not match"));
        }
        return Optional.empty();
    }

    private Optional<Refusal> checkCertificate(String identity, HandshakeRequest request) {
        if (request.peerCertificates().isEmpty()) {
            return Optional.of(new Refusal(Reason.MISSING_CLIENT_CERTIFICATE,
                    "no client certificate on the connection"));
        }
        X509Certificate leaf = request.peerCertificates().get(0);
        Optional<String> cn = SubjectNames.commonName(leaf);
        if (cn.isEmpty() || !cn.get().equals(identity)) {
            return Optional.of(new Refusal(Reason.CERTIFICATE_IDENTITY_MISMATCH, "certificate CN '"
                    + truncate(cn.orElse("")) + "' is not the identity in the URL"));
        }
        if (organization != null) {
            Optional<String> o = SubjectNames.organization(leaf);
            if (o.isEmpty() || !o.get().equals(organization)) {
                return Optional.of(new Refusal(Reason.CERTIFICATE_ORGANIZATION_MISMATCH, "certificate O '"
                        + truncate(o.orElse("")) + "' is not '" + organization + "'"));
            }
        }
        return Optional.empty();
    }

    private record Refusal(Reason reason, String detail) {
    }

    /** Peer text in an event's detail: it reaches logs and SecurityEventNotification techInfo. */
    private static String truncate(String s) {
        return LogSafe.escape(s);
    }
}
