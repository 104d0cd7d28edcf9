package dev.ocpp.core.spi.support;

/**
 * Makes text that came from a peer safe to put in a log line or an error description: short, on one line, and
 * unable to pose as something else.
 *
 * <p>A station controls its identity, its action names, message ids and descriptions. Written to a log as they are,
 * a newline in an identity forges a whole log line ({@code ... ADMIN connected}), terminal escape sequences rewrite
 * what an operator sees, and a megabyte-long action name fills the disk and the heap of whoever keeps the line.
 * Everything from a peer therefore passes through {@link #escape} (or {@link #escape(String, int)}) before it is
 * logged or echoed.
 */
public final class LogSafe {

    /** The default length, in characters, that peer text is cut to. */
    public static final int DEFAULT_MAX_LENGTH = 64;

    private LogSafe() {
    }

    /** {@code text} escaped and cut to {@link #DEFAULT_MAX_LENGTH} characters; see {@link #escape(String, int)}. */
    public static String escape(Object text) {
        return escape(text == null ? null : text.toString(), DEFAULT_MAX_LENGTH);
    }

    /**
     * {@code text} with every character outside printable ASCII written as a Java-style escape ({@code \n},
     * {@code \t}, {@code \\}, {@code \u001b}, {@code \u00e9}), and cut after {@code maxLength} characters of the
     * original, with a marker saying how many were left out. A backslash is escaped too, so that an escape in the
     * output always means the peer sent that character, never that it sent the escape's spelling.
     *
     * @param text      the peer's text; {@code null} gives {@code "null"}
     * @param maxLength how many characters of {@code text} to keep, at least 0
     * @return the escaped text, on one line
     */
    public static String escape(String text, int maxLength) {
        if (text == null) {
            return "null";
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength < 0: " + maxLength);
        }
        int end = Math.min(text.length(), maxLength);
        // Do not split a surrogate pair; the escape of a lone half would be misleading.
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        if (end == text.length() && isPlain(text)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append(c);
                    } else {
                        sb.append("\\u").append(String.format("%04x", (int) c));
                    }
                }
            }
        }
        if (end < text.length()) {
            sb.append("...(").append(text.length() - end).append(" more)");
        }
        return sb.toString();
    }

    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
