package dev.ocpp.transport.jakarta.internal;

import jakarta.websocket.CloseReason;
import java.nio.charset.StandardCharsets;

/** Close codes and reasons as RFC 6455 §5.5.1 and §7.4 allow them on the wire. */
final class CloseReasons {

    /** A close frame's payload is at most 125 bytes, two of which are the code. */
    private static final int MAX_REASON_BYTES = 123;

    private CloseReasons() {
    }

    /**
     * {@code code} if an endpoint may send it; otherwise 1000. 1005, 1006 and 1015 only ever describe a close
     * locally (RFC 6455 §7.4.1) and codes outside 1000-4999 do not exist.
     */
    static CloseReason.CloseCode sendable(int code) {
        boolean reservedForReporting = code == 1004 || code == 1005 || code == 1006 || code == 1015;
        if (code < 1000 || code > 4999 || reservedForReporting) {
            return CloseReason.CloseCodes.NORMAL_CLOSURE;
        }
        return CloseReason.CloseCodes.getCloseCode(code);
    }

    /** {@code reason} cut to fit a close frame, never splitting a character. */
    static String truncate(String reason) {
        if (reason == null) {
            return "";
        }
        if (Utf8.length(reason, MAX_REASON_BYTES) <= MAX_REASON_BYTES) {
            return reason;
        }
        int bytes = 0;
        int end = 0;
        while (end < reason.length()) {
            int cp = reason.codePointAt(end);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > MAX_REASON_BYTES - 3) {
                break;
            }
            bytes += n;
            end += Character.charCount(cp);
        }
        return reason.substring(0, end) + "...";
    }
}
