package dev.ocpp.core.spi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The station identity in a connection URL: {@code <endpoint URL>/<identity>}, percent-encoded per RFC 3986
 * (OCPP-J 1.6 §3.1.1, OCPP 2.0.1 Part 4 §3.1.1). Shared by every transport so that all of them read and write it
 * the same way.
 */
public final class StationIdentities {

    /** The longest identity OCPP 2.0.1 allows (Part 4 §3.1.1, identifierString[48]). */
    public static final int OCPP201_MAX_LENGTH = 48;

    private StationIdentities() {
    }

    /**
     * The identity in {@code rawPath} below {@code prefix}: the single path segment after the prefix,
     * percent-decoded as UTF-8. Empty if the path is not below the prefix, has no or more than one further
     * segment, or does not decode (bad escape, invalid UTF-8).
     *
     * @param rawPath the request path as received, without query string
     * @param prefix  the endpoint path, such as {@code /ocpp}, or {@code ""} for the root
     */
    public static Optional<String> fromPath(String rawPath, String prefix) {
        if (rawPath == null) {
            return Optional.empty();
        }
        int q = rawPath.indexOf('?');
        String path = q >= 0 ? rawPath.substring(0, q) : rawPath;
        String start = prefix + "/";
        if (!path.startsWith(start)) {
            return Optional.empty();
        }
        String segment = path.substring(start.length());
        if (segment.isEmpty() || segment.indexOf('/') >= 0) {
            return Optional.empty();
        }
        return decode(segment).filter(s -> !s.isEmpty());
    }

    /** The last path segment of {@code rawPath}, percent-decoded; empty if there is none or it does not decode. */
    public static Optional<String> lastSegment(String rawPath) {
        if (rawPath == null) {
            return Optional.empty();
        }
        String path = rawPath;
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        int slash = path.lastIndexOf('/');
        return decode(path.substring(slash + 1)).filter(s -> !s.isEmpty());
    }

    /** RFC 3986 percent-decoding; {@code +} stays {@code +}. Empty on a bad escape or invalid UTF-8. */
    public static Optional<String> decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return Optional.of(segment);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code identity} as one path segment: RFC 3986 unreserved characters and the path characters OCPP 2.0.1 allows
     * in an identity ({@code * - _ = : @ .}) stay as they are; everything else is percent-encoded as UTF-8, including
     * {@code +} (some servers read it as a space) and {@code |} (not allowed unencoded in a URI).
     */
    public static String encode(String identity) {
        StringBuilder sb = new StringBuilder(identity.length() + 8);
        for (byte b : identity.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~*=:@".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /**
     * Why {@code identity} breaks the OCPP 2.0.1 rules (Part 4 §3.1.1: an identifierString of Part 2 §2.1.4 without
     * {@code ':'}, which separates user and password in Basic auth, at most 48 characters, and no control
     * characters), or empty if it keeps them.
     *
     * @deprecated use {@link dev.ocpp.core.IdentityRules#violation(String, dev.ocpp.core.OcppVersion)}, which also
     *             knows the OCPP 1.6 rules and is configurable
     */
    @Deprecated
    public static Optional<String> ocpp201Violation(String identity) {
        return dev.ocpp.core.IdentityRules.defaults().violation(identity, dev.ocpp.core.OcppVersion.OCPP201);
    }
}
