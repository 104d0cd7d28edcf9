package dev.ocpp.security;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A station's HTTP Basic password for security profiles 1 and 2, and the bytes that go on the wire for it. Both a
 * station (to send it) and a CSMS (to check it, see {@link StationCredential}) use this class, so both apply the same
 * version rules:
 * <ul>
 *   <li>OCPP 2.0.1 {@code SecurityCtrlr.BasicAuthPassword}: a passwordString of 16 to 40 characters from
 *       {@code a-z A-Z 0-9 * - _ = : + | @ .}, sent as UTF-8 text (Part 2 A00.FR.205/304, §2.1.4).</li>
 *   <li>OCPP 1.6 {@code AuthorizationKey}: 16 to 20 bytes written as 32 to 40 hex digits; the bytes the hex stands for
 *       are sent, not the hex text (OCPP-J 1.6 §6.2.2; Security Whitepaper A00.FR.205/304, §7.2). Some stacks send
 *       the hex text itself; {@link #ocpp16KeyAsText(String)} does that, for peers that expect it.</li>
 * </ul>
 */
public final class StationPassword {

    private static final Pattern PASSWORD_201 = Pattern.compile("[A-Za-z0-9*\\-_=:+|@.]{16,40}");
    private static final Pattern KEY_16 = Pattern.compile("(?:[0-9A-Fa-f]{2}){16,20}");

    private final byte[] wireBytes;
    private final String description;

    private StationPassword(byte[] wireBytes, String description) {
        this.wireBytes = wireBytes;
        this.description = description;
    }

    /**
     * An OCPP 2.0.1 password.
     *
     * @throws IllegalArgumentException if it is not 16-40 characters of the allowed set
     */
    public static StationPassword ocpp201(String password) {
        Objects.requireNonNull(password, "password");
        if (!PASSWORD_201.matcher(password).matches()) {
            throw new IllegalArgumentException("an OCPP 2.0.1 password is 16 to 40 characters of a-z A-Z 0-9 "
                    + "*-_=:+|@. (got " + password.length() + " characters)");
        }
        return new StationPassword(password.getBytes(StandardCharsets.UTF_8), "OCPP 2.0.1 password");
    }

    /**
     * An OCPP 1.6 AuthorizationKey given as hex; the decoded bytes are sent (the specification's rule).
     *
     * @throws IllegalArgumentException if it is not 32 to 40 hex digits
     */
    public static StationPassword ocpp16Key(String hex) {
        return new StationPassword(HexFormat.of().parseHex(checkKey(hex)), "OCPP 1.6 AuthorizationKey");
    }

    /**
     * An OCPP 1.6 AuthorizationKey sent as its hex text, as some implementations do instead of the decoded bytes.
     * Only for peers that need it: the specification sends the bytes.
     */
    public static StationPassword ocpp16KeyAsText(String hex) {
        return new StationPassword(checkKey(hex).getBytes(StandardCharsets.US_ASCII),
                "OCPP 1.6 AuthorizationKey as text");
    }

    private static String checkKey(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (!KEY_16.matcher(hex).matches()) {
            throw new IllegalArgumentException("an OCPP 1.6 AuthorizationKey is 16 to 20 bytes written as 32 to 40 "
                    + "hex digits (got " + hex.length() + " characters)");
        }
        return hex;
    }

    /** The bytes that follow {@code identity:} in the Basic credentials. A copy. */
    public byte[] wireBytes() {
        return wireBytes.clone();
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return description + " (****)";
    }
}
