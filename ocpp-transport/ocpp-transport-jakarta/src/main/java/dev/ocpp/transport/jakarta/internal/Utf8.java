package dev.ocpp.transport.jakarta.internal;

/** UTF-8 sizes without encoding. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * A size that is above {@code limit} exactly when the UTF-8 encoding of {@code s} is longer than {@code limit}
     * bytes. Exact only where that is in doubt: most messages are decided from their length alone, and an oversize one
     * is refused without walking all of it.
     */
    static long length(String s, long limit) {
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
                return bytes;
            }
        }
        return bytes;
    }
}
