package dev.ocpp.core.spi.support;

/**
 * UTF-8 sizes of Java strings, without encoding them.
 *
 * <p>OCPP-J messages are WebSocket text frames, whose payload is UTF-8 (RFC 6455 §5.6), and message size limits are
 * in bytes of that payload. A transport that receives or sends a {@code String} checks it with
 * {@link #exceeds(CharSequence, long)} rather than encoding it only to count.
 */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * A size that is above {@code limit} exactly when the UTF-8 encoding of {@code s} is longer than {@code limit}
     * bytes; not necessarily the exact size. It is exact only where that is in doubt: most texts are decided from
     * their length alone (at least one and at most three bytes per UTF-16 char), and walking an oversize text stops
     * as soon as it passes the limit, so a huge message costs no more than the limit to refuse.
     *
     * <p>A surrogate pair counts 4 bytes (RFC 3629 §3); a lone surrogate, which text decoded from valid UTF-8 never
     * holds, counts 3, as much as any encoder may spend on it.
     *
     * @param s     the text
     * @param limit the size in bytes that matters, not negative
     * @return a size greater than {@code limit} if and only if the encoding of {@code s} is longer than {@code limit}
     */
    public static long boundedLength(CharSequence s, long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        int n = s.length();
        if (n > limit) {
            return n; // at least one byte per char
        }
        if (3L * n <= limit) {
            return n; // at most three bytes per UTF-16 char: certainly within the limit
        }
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
            if (bytes > limit) {
                return bytes; // stop early: the exact size of an oversize text is of no use
            }
        }
        return bytes;
    }

    /**
     * Whether the UTF-8 encoding of {@code s} is longer than {@code limit} bytes.
     *
     * @param s     the text
     * @param limit the largest size allowed, in bytes, not negative
     * @return true if {@code s} does not fit in {@code limit} bytes of UTF-8
     */
    public static boolean exceeds(CharSequence s, long limit) {
        return boundedLength(s, limit) > limit;
    }

    /**
     * The UTF-8 size of one code point (RFC 3629 §3); a lone surrogate counts 3, as in
     * {@link #boundedLength(CharSequence, long)}.
     */
    static int bytesOf(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }
}
