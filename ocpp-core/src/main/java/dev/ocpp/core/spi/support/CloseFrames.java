package dev.ocpp.core.spi.support;

/**
 * Close codes and reasons as a WebSocket close frame may carry them.
 *
 * <p>A close frame's payload is a two-byte code followed by a UTF-8 reason, 125 bytes at most (RFC 6455 §5.5,
 * §5.5.1), and some codes may only be reported locally, never sent (RFC 6455 §7.4.1). The engine and applications
 * close with any code and reason; a transport passes both through {@link #sendableCode(int)} and
 * {@link #truncateReason(String)} before writing the frame, so that no library refuses them.
 */
public final class CloseFrames {

    /** The most bytes of reason a close frame holds: 125 bytes of payload, two of which are the code (§5.5). */
    public static final int MAX_REASON_BYTES = 123;

    /** The code a close falls back to when the requested one may not be sent: 1000, normal closure (§7.4.1). */
    public static final int NORMAL_CLOSURE = 1000;

    /** What replaces the cut-off end of a truncated reason, so that a reader sees it was cut. */
    static final String ELLIPSIS = "...";

    private CloseFrames() {
    }

    /**
     * {@code code} if an endpoint may send it in a close frame, otherwise {@value #NORMAL_CLOSURE}. 1004 is reserved,
     * 1005, 1006 and 1015 only ever describe a close locally (RFC 6455 §7.4.1), and codes outside 1000-4999 are not
     * defined (§7.4.2).
     *
     * @param code the code the close was asked for with
     * @return a code that may go on the wire
     */
    public static int sendableCode(int code) {
        boolean reservedForReporting = code == 1004 || code == 1005 || code == 1006 || code == 1015;
        if (code < 1000 || code > 4999 || reservedForReporting) {
            return NORMAL_CLOSURE;
        }
        return code;
    }

    /**
     * {@code reason} cut to fit a close frame (at most {@value #MAX_REASON_BYTES} bytes of UTF-8, RFC 6455 §5.5),
     * never splitting a character. A reason that fits is returned as it is; a longer one is cut at a code point
     * boundary and ends in {@code "..."}, all of it within the limit. {@code null} is the empty reason.
     *
     * @param reason the reason the close was asked for with, or null
     * @return the reason to send
     */
    public static String truncateReason(String reason) {
        if (reason == null) {
            return "";
        }
        if (!Utf8.exceeds(reason, MAX_REASON_BYTES)) {
            return reason;
        }
        int budget = MAX_REASON_BYTES - ELLIPSIS.length();
        int bytes = 0;
        int end = 0;
        while (end < reason.length()) {
            int cp = reason.codePointAt(end);
            int n = Utf8.bytesOf(cp);
            if (bytes + n > budget) {
                break;
            }
            bytes += n;
            end += Character.charCount(cp);
        }
        return reason.substring(0, end) + ELLIPSIS;
    }
}
