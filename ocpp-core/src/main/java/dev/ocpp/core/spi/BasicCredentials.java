package dev.ocpp.core.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP Basic credentials (RFC 7617) from a WebSocket upgrade request: OCPP security profiles 1 and 2 send the
 * station identity as user name and the station's password.
 *
 * <p>The password is kept as bytes: OCPP 1.6 defines it as the hex-decoded AuthorizationKey, which need not be
 * text, while 2.0.1 uses a printable passwordString. {@link #passwordAsString()} reads it as UTF-8.
 */
public final class BasicCredentials {

    private final String username;
    private final byte[] password;

    public BasicCredentials(String username, byte[] password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password").clone();
    }

    /** Credentials with a text password, encoded as UTF-8. */
    public static BasicCredentials of(String username, String password) {
        return new BasicCredentials(username, password.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses an {@code Authorization} header value of the form {@code Basic base64(user ":" password)}.
     * The user name is everything before the first colon. Empty if the header is absent or not Basic.
     */
    public static Optional<BasicCredentials> parseHeader(String headerValue) {
        if (headerValue == null) {
            return Optional.empty();
        }
        String v = headerValue.trim();
        if (v.length() < 6 || !v.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(v.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] == ':') {
                String user = new String(decoded, 0, i, StandardCharsets.UTF_8);
                return Optional.of(new BasicCredentials(user, Arrays.copyOfRange(decoded, i + 1, decoded.length)));
            }
        }
        return Optional.empty();
    }

    /** The value for an {@code Authorization} header carrying these credentials. */
    public String toHeaderValue() {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        byte[] joined = new byte[user.length + 1 + password.length];
        System.arraycopy(user, 0, joined, 0, user.length);
        joined[user.length] = ':';
        System.arraycopy(password, 0, joined, user.length + 1, password.length);
        return "Basic " + Base64.getEncoder().encodeToString(joined);
    }

    public String username() {
        return username;
    }

    /** A copy of the password bytes. */
    public byte[] password() {
        return password.clone();
    }

    /** The password read as UTF-8 text. */
    public String passwordAsString() {
        return new String(password, StandardCharsets.UTF_8);
    }

    /** Compares the password in time independent of where the first difference is. */
    public boolean passwordMatches(byte[] expected) {
        return java.security.MessageDigest.isEqual(password, expected);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BasicCredentials b && b.username.equals(username) && Arrays.equals(b.password, password);
    }

    @Override
    public int hashCode() {
        return 31 * username.hashCode() + Arrays.hashCode(password);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "BasicCredentials[" + username + ", ****]";
    }
}
