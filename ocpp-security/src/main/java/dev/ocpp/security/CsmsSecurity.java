package dev.ocpp.security;

import dev.ocpp.core.Authenticator;
import dev.ocpp.core.IdentityFilter;
import dev.ocpp.core.OcppServer;
import dev.ocpp.security.internal.CsmsHandshakeGuard;
import dev.ocpp.security.internal.EventSink;
import dev.ocpp.security.internal.KeyManagers;
import dev.ocpp.security.internal.PolicySslContext;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * The CSMS side of one security profile (OCPP 2.0.1 Part 2 A00 and Part 4 §2; OCPP 1.6 Security Whitepaper §2):
 * a TLS context, the check of each upgrade request, and the security events of every refusal. Immutable; build
 * with {@link #builder(SecurityProfile)} and install with {@link #applyTo(OcppServer.Builder)}:
 *
 * <pre>{@code
 * CsmsSecurity security = CsmsSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH)
 *         .serverKey(KeyMaterial.fromPem(chainPem, keyPem))
 *         .credentials(CredentialStore.of(Map.of("CS-1", StationCredential.ocpp201("a-long-password-1234"))))
 *         .onEvent(event -> log.warn("{} {}", event.typeName(OcppVersion.OCPP201), event.techInfo()))
 *         .build();
 * OcppServer server = security.applyTo(OcppServer.builder(new TyrusServerTransport()))
 *         .serve(OcppVersion.OCPP201, handlers).build().start();
 * // or, typed: Ocpp201Csms.builder(new TyrusServerTransport()).server(security::applyTo)...
 * }</pre>
 *
 * <p>What each profile enforces:
 * <ul>
 *   <li>1: plain {@code ws://}; the station's identity must be in the {@link CredentialStore} (HTTP 404 otherwise)
 *       and its Basic user name must be that identity and its password match (HTTP 401 otherwise).</li>
 *   <li>2: as 1, over TLS with the server certificate(s); plain connections on the port fail their TLS handshake
 *       ({@link SecurityEvent.Reason#NOT_TLS}).</li>
 *   <li>3: TLS with a client certificate demanded: its chain must lead to a trusted station CA (checked by the JDK
 *       during the handshake), its subject CN must be the identity in the URL (A00.FR.405) and, if configured, its
 *       O the operator's organisation (A00.FR.404). Basic credentials are ignored.</li>
 * </ul>
 * The server never accepts a lower profile on the same endpoint (A00.FR.002): profile-2 and -3 endpoints speak only
 * TLS, a profile-3 endpoint refuses a handshake without a client certificate, and a profile-1 or -2 endpoint refuses
 * an upgrade without a password. Offer another profile on another port (A00.FR.006).
 */
public final class CsmsSecurity {

    private final SecurityProfile profile;
    private final List<KeyMaterial> serverKeys;
    private final List<X509Certificate> trustedStationCas;
    private final CredentialStore credentials;
    private final Predicate<String> knownStations;
    private final String organization;
    private final TlsPolicy tlsPolicy;
    private final SSLContext sslContext;
    private final CsmsHandshakeGuard guard;
    private final EventSink events;
    private final boolean uniformAuthenticationFailure;

    private CsmsSecurity(Builder b) {
        this.profile = b.profile;
        this.serverKeys = List.copyOf(b.serverKeys);
        this.trustedStationCas = List.copyOf(b.trustedStationCas);
        this.credentials = b.credentials;
        this.knownStations = b.knownStations;
        this.organization = b.organization;
        this.tlsPolicy = b.tlsPolicy;
        this.events = b.eventSink();
        this.uniformAuthenticationFailure = b.uniformAuthenticationFailure;
        this.guard = new CsmsHandshakeGuard(profile, credentials, knownStations, organization, events);
        boolean mutual = profile == SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES;
        this.sslContext = profile.usesTls()
                ? PolicySslContext.create(KeyManagers.forKeys(serverKeys),
                        mutual ? KeyManagers.trusting(trustedStationCas) : null, tlsPolicy, false, mutual, events)
                : null;
    }

    public static Builder builder(SecurityProfile profile) {
        return new Builder(profile);
    }

    public SecurityProfile profile() {
        return profile;
    }

    /**
     * The TLS context for the server transport, empty under profile 1. Its engines are held to the
     * {@link #tlsPolicy()} and, under profile 3, always demand a client certificate; they report handshake failures
     * as security events. Hand it to a servlet container's connector when the WebSocket endpoint runs there.
     */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** Whether the transport must demand a client certificate: profile 3. */
    public boolean needClientAuth() {
        return profile == SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES;
    }

    public TlsPolicy tlsPolicy() {
        return tlsPolicy;
    }

    /** Which identities may connect (HTTP 404 for the others). Runs on a transport thread; does not block. */
    public IdentityFilter identityFilter() {
        return guard;
    }

    /** Whether an upgrade request proves its identity (HTTP 401 otherwise). Runs on a transport thread. */
    public Authenticator authenticator() {
        return guard;
    }

    /**
     * Installs this configuration: TLS context and client-certificate demand on the transport, identity filter and
     * authenticator on the server, the {@link Builder#uniformAuthenticationFailure(boolean) uniform-failure} choice,
     * and a listener that reports each decision of the server's {@link dev.ocpp.core.AuthThrottle} as a
     * {@link SecurityEvent.Reason#THROTTLED} event. Replaces any identity filter or authenticator set before.
     */
    public OcppServer.Builder applyTo(OcppServer.Builder server) {
        server.transport(t -> t.sslContext(sslContext).needClientAuth(needClientAuth())
                .preUpgradeFailureListener(events::transportFailure));
        server.identityFilter(guard);
        server.authenticator(guard);
        server.uniformAuthenticationFailure(uniformAuthenticationFailure);
        server.authThrottleListener(guard::throttled);
        return server;
    }

    /** Whether unknown identities are answered with 401 rather than 404. */
    public boolean uniformAuthenticationFailure() {
        return uniformAuthenticationFailure;
    }

    @Override
    public String toString() {
        return "CsmsSecurity[profile " + profile.number() + ", " + serverKeys.size() + " server key(s), "
                + trustedStationCas.size() + " station CA(s)" + (organization == null ? "" : ", O=" + organization)
                + ", " + tlsPolicy + "]";
    }

    /** Builds a {@link CsmsSecurity}; {@link #build()} refuses a configuration the profile cannot run with. */
    public static final class Builder extends SecurityBuilder<Builder> {
        private final List<KeyMaterial> serverKeys = new ArrayList<>();
        private final List<X509Certificate> trustedStationCas = new ArrayList<>();
        private CredentialStore credentials;
        private Predicate<String> knownStations = identity -> true;
        private String organization;
        private boolean uniformAuthenticationFailure;

        private Builder(SecurityProfile profile) {
            super(profile, TlsPolicy.csmsDefault());
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * A server certificate with its key (profiles 2 and 3). Give one RSA and one ECDSA certificate to serve all
         * four OCPP cipher suites (A00.FR.317); the JDK picks the one that fits each handshake.
         */
        public Builder serverKey(KeyMaterial key) {
            serverKeys.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /** The CAs whose station certificates are accepted (profile 3). */
        public Builder trustedStationCas(List<X509Certificate> cas) {
            trustedStationCas.addAll(cas);
            return this;
        }

        /** The stations and their passwords (profiles 1 and 2). */
        public Builder credentials(CredentialStore store) {
            this.credentials = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Which identities may connect under profile 3, where the certificate is the proof (default: any identity
         * whose certificate is valid and names it). Under profiles 1 and 2 the credential store decides.
         */
        public Builder knownStations(Predicate<String> known) {
            this.knownStations = Objects.requireNonNull(known, "known");
            return this;
        }

        /** Profile 3: also require the client certificate's O to be this organisation (A00.FR.404). */
        public Builder organization(String organization) {
            this.organization = organization;
            return this;
        }

        /**
         * Whether an unknown identity is answered with 401, like a wrong password, instead of the 404 that OCPP-J
         * 1.6 §3.2 and OCPP 2.0.1 Part 4 §3.2 ask for (default false). 404 tells a misconfigured station that it is
         * unknown, but also lets anyone list which identities exist; 401 hides that. See
         * {@link OcppServer.Builder#uniformAuthenticationFailure(boolean)}.
         */
        public Builder uniformAuthenticationFailure(boolean uniform) {
            this.uniformAuthenticationFailure = uniform;
            return this;
        }





        public CsmsSecurity build() {
            if (profile.usesBasicAuth() && credentials == null) {
                throw new IllegalStateException("security profile " + profile.number()
                        + " needs a credential store with the stations' passwords");
            }
            if (profile.usesTls() && serverKeys.isEmpty()) {
                throw new IllegalStateException("security profile " + profile.number()
                        + " needs a server certificate and key");
            }
            if (profile == SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES && trustedStationCas.isEmpty()) {
                throw new IllegalStateException("security profile 3 needs the CA certificate(s) of the stations");
            }
            if (!profile.usesTls() && !serverKeys.isEmpty()) {
                throw new IllegalStateException("security profile 1 is plain ws://; a server certificate means "
                        + "profile 2 or 3");
            }
            return new CsmsSecurity(this);
        }
    }
}
