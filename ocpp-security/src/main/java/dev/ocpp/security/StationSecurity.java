package dev.ocpp.security;

import dev.ocpp.core.OcppClient;
import dev.ocpp.core.spi.HandshakeRejectedException;
import dev.ocpp.security.internal.EventSink;
import dev.ocpp.security.internal.KeyManagers;
import dev.ocpp.security.internal.PolicySslContext;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The charging-station side of one security profile (OCPP 2.0.1 Part 2 A00 and Part 4 §2; OCPP 1.6 Security
 * Whitepaper §2): the Basic password, the TLS context with the CSMS roots it trusts and, under profile 3, its own
 * client certificate. Immutable; build with {@link #builder(SecurityProfile)} and install with
 * {@link #applyTo(OcppClient.Builder)}:
 *
 * <pre>{@code
 * StationSecurity security = StationSecurity.builder(SecurityProfile.TLS_WITH_BASIC_AUTH)
 *         .password(StationPassword.ocpp201("a-long-password-1234"))
 *         .trustedCsmsRoots(KeyMaterial.readCertificates(Path.of("csms-root.pem"), null))
 *         .onEvent(event -> queueSecurityEventNotification(event))
 *         .build();
 * Ocpp201ChargingStation station = Ocpp201ChargingStation.builder(new TyrusClientTransport())
 *         .endpoint(URI.create("wss://csms.example.com/ocpp")).identity("CS-1")
 *         .client(security::applyTo)
 *         ...
 * }</pre>
 *
 * <p>Under profiles 2 and 3 the station verifies the CSMS certificate's path to one of its trusted roots, its
 * validity and that it was issued for the host connected to (A00.FR.306-311/409-414), speaks only TLS 1.2 or 1.3
 * with the {@link TlsPolicy}'s suites, and refuses a {@code ws://} endpoint: it never falls back to a lower profile
 * (A00.FR.005). Each failure is reported as a {@link SecurityEvent} whose {@link SecurityEvent#typeName} is the
 * SecurityEventNotification type to send once connected.
 */
public final class StationSecurity {

    private final SecurityProfile profile;
    private final StationPassword password;
    private final List<X509Certificate> trustedCsmsRoots;
    private final KeyMaterial clientKey;
    private final TlsPolicy tlsPolicy;
    private final SSLContext sslContext;
    private final EventSink events;

    private StationSecurity(Builder b) {
        this.profile = b.profile;
        this.password = b.password;
        this.trustedCsmsRoots = List.copyOf(b.trustedCsmsRoots);
        this.clientKey = b.clientKey;
        this.tlsPolicy = b.tlsPolicy;
        this.events = b.eventSink();
        this.sslContext = profile.usesTls()
                ? PolicySslContext.create(clientKey == null ? null : KeyManagers.clientKey(clientKey),
                        KeyManagers.trusting(trustedCsmsRoots), tlsPolicy, true, false, events)
                : null;
    }

    public static Builder builder(SecurityProfile profile) {
        return new Builder(profile);
    }

    public SecurityProfile profile() {
        return profile;
    }

    /** The TLS context for the client transport; empty under profile 1. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** The Basic password (profiles 1 and 2). */
    public Optional<StationPassword> password() {
        return Optional.ofNullable(password);
    }

    public TlsPolicy tlsPolicy() {
        return tlsPolicy;
    }

    /**
     * Installs this configuration on a client: the password with the client's identity as user name (profiles 1
     * and 2), the TLS context (profiles 2 and 3; the client then refuses a {@code ws://} endpoint), and a listener
     * that turns refused upgrades into {@link SecurityEvent}s.
     */
    public OcppClient.Builder applyTo(OcppClient.Builder client) {
        client.password(password == null ? null : password.wireBytes());
        client.sslContext(sslContext);
        client.onConnectFailure(this::connectFailed);
        return client;
    }

    /** TLS failures were reported by the engine; here only what the HTTP upgrade said. */
    private void connectFailed(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return;
            }
            if (t instanceof HandshakeRejectedException rejected
                    && (rejected.status() == 401 || rejected.status() == 403 || rejected.status() == 404)) {
                events.report(SecurityEvent.Reason.CREDENTIALS_REJECTED, null, null, rejected.getMessage());
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "StationSecurity[profile " + profile.number() + ", " + trustedCsmsRoots.size() + " CSMS root(s), "
                + (clientKey == null ? "no client certificate" : clientKey) + ", " + tlsPolicy + "]";
    }

    /** Builds a {@link StationSecurity}; {@link #build()} refuses a configuration the profile cannot run with. */
    public static final class Builder extends SecurityBuilder<Builder> {
        private StationPassword password;
        private final List<X509Certificate> trustedCsmsRoots = new ArrayList<>();
        private KeyMaterial clientKey;

        private Builder(SecurityProfile profile) {
            super(profile, TlsPolicy.stationDefault());
        }

        @Override
        Builder self() {
            return this;
        }

        /** The Basic password (profiles 1 and 2): {@link StationPassword#ocpp201} or {@link StationPassword#ocpp16Key}. */
        public Builder password(StationPassword password) {
            this.password = password;
            return this;
        }

        /** The roots the CSMS certificate must lead to (profiles 2 and 3; CSMSRootCertificate / CentralSystemRootCertificate). */
        public Builder trustedCsmsRoots(List<X509Certificate> roots) {
            trustedCsmsRoots.addAll(roots);
            return this;
        }

        /** The station's own certificate and key (profile 3; CN = the station's identity/serial number). */
        public Builder clientKey(KeyMaterial key) {
            this.clientKey = key;
            return this;
        }





        public StationSecurity build() {
            if (profile.usesBasicAuth() && password == null) {
                throw new IllegalStateException("security profile " + profile.number() + " needs a password");
            }
            if (!profile.usesBasicAuth() && password != null) {
                throw new IllegalStateException("security profile 3 authenticates with the client certificate; "
                        + "a password would not be sent");
            }
            if (profile.usesTls() && trustedCsmsRoots.isEmpty()) {
                throw new IllegalStateException("security profile " + profile.number()
                        + " needs the CSMS root certificate(s) to verify the server");
            }
            if (profile == SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES && clientKey == null) {
                throw new IllegalStateException("security profile 3 needs the station's certificate and key");
            }
            if (profile != SecurityProfile.TLS_WITH_CLIENT_CERTIFICATES && clientKey != null) {
                throw new IllegalStateException("a client certificate is only used under security profile 3");
            }
            return new StationSecurity(this);
        }
    }
}
