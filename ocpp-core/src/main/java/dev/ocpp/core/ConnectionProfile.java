package dev.ocpp.core;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Where and how a station connects to its CSMS: the endpoint (without the identity segment), the HTTP Basic password,
 * if any, and the TLS context, if any. Together they make one of the security profiles of OCPP 1.6 security white
 * paper §2 and OCPP 2.0.1 Part 2 A00 / §1.3 ({@link #securityProfile()}). An OCPP 2.0.1 network connection profile
 * (SetNetworkProfile, B09) names one; an OCPP 1.6 ChangeConfiguration of {@code SecurityProfile} (security white
 * paper A05) moves a station to another. {@link OcppClient#switchProfile} moves a running client.
 *
 * <p>A TLS context requires a {@code wss://} endpoint: a station set up for TLS never talks in the clear (A00.FR.005).
 * Immutable; the password is copied in and out.
 */
public final class ConnectionProfile {

    private final URI endpoint;
    private final byte[] password;
    private final SSLContext sslContext;

    private ConnectionProfile(URI endpoint, byte[] password, SSLContext sslContext) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (sslContext != null && !"wss".equalsIgnoreCase(endpoint.getScheme())) {
            throw new IllegalArgumentException("a TLS context is set but the endpoint " + endpoint + " is not wss://");
        }
        this.password = password == null ? null : password.clone();
        this.sslContext = sslContext;
    }

    /** A profile without a password or TLS context: security profile 0 on {@code ws://}. */
    public static ConnectionProfile of(URI endpoint) {
        return new ConnectionProfile(endpoint, null, null);
    }

    /**
     * This profile with HTTP Basic authentication: the identity as user name and {@code newPassword} (OCPP 1.6: the
     * AuthorizationKey's bytes; 2.0.1: the UTF-8 BasicAuthPassword); {@code null} for none.
     */
    public ConnectionProfile withPassword(byte[] newPassword) {
        return new ConnectionProfile(endpoint, newPassword, sslContext);
    }

    /**
     * This profile over TLS with {@code context} (its trust managers check the CSMS certificate; its key managers, if
     * any, give the station's client certificate of profile 3); {@code null} for none.
     */
    public ConnectionProfile withSslContext(SSLContext context) {
        return new ConnectionProfile(endpoint, password, context);
    }

    /** This profile on another endpoint, keeping the password and TLS context. */
    public ConnectionProfile withEndpoint(URI newEndpoint) {
        return new ConnectionProfile(newEndpoint, password, sslContext);
    }

    /** The CSMS endpoint, without the identity segment. */
    public URI endpoint() {
        return endpoint;
    }

    /** A copy of the HTTP Basic password, if the profile sends one. */
    public Optional<byte[]> password() {
        return Optional.ofNullable(password).map(byte[]::clone);
    }

    /** The TLS context, if the profile uses TLS. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** Whether the endpoint is {@code wss://}. */
    public boolean tls() {
        return "wss".equalsIgnoreCase(endpoint.getScheme());
    }

    /**
     * The security profile these settings make (1.6 security white paper §2.1, 2.0.1 Part 2 A §1.3): 1 with a password
     * on {@code ws://}, 2 with a password over TLS, 3 over TLS without a password (the client certificate
     * authenticates the station), 0 with neither.
     */
    public int securityProfile() {
        if (tls()) {
            return password != null ? 2 : 3;
        }
        return password != null ? 1 : 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionProfile p && endpoint.equals(p.endpoint)
                && Arrays.equals(password, p.password) && Objects.equals(sslContext, p.sslContext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, Arrays.hashCode(password), sslContext);
    }

    /** The endpoint and security profile; never the password. */
    @Override
    public String toString() {
        return "ConnectionProfile[" + endpoint + ", security profile " + securityProfile() + "]";
    }
}
