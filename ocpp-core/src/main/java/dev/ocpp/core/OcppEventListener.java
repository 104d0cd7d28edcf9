package dev.ocpp.core;

import dev.ocpp.core.frame.Frame;
import java.time.Duration;

/**
 * Observes sessions: connections, calls in both directions, and frames that were dropped. Every method has a
 * no-op default. Implementations must be fast, must not throw and must not block: some events are delivered on
 * transport I/O threads. An exception thrown here is logged and otherwise ignored.
 */
public interface OcppEventListener {

    /** A session opened with an agreed version. */
    default void sessionOpened(OcppSession session) {
    }

    /** A session closed; {@code code} and {@code reason} as the WebSocket reported them. */
    default void sessionClosed(OcppSession session, int code, String reason) {
    }

    /** An outgoing CALL was queued (it may still wait for an earlier one). */
    default void callStarted(OcppSession session, Frame.Call call) {
    }

    /** An outgoing CALL got its CALLRESULT after {@code elapsed} (from when it was queued). */
    default void callEnded(OcppSession session, Frame.Call call, Frame.CallResult result, Duration elapsed) {
    }

    /** An outgoing CALL failed: CALLERROR, timeout, connection loss, full queue or malformed answer. */
    default void callFailed(OcppSession session, Frame.Call call, Throwable cause, Duration elapsed) {
    }

    /** A CALL from the peer was answered with {@code answer} (a CALLRESULT or CALLERROR). */
    default void incomingCallAnswered(OcppSession session, Frame.Call call, Frame answer, Duration elapsed) {
    }

    /** A CALLRESULT or CALLERROR (or CALLRESULTERROR) matched no pending call; it was dropped unanswered. */
    default void unmatchedResponse(OcppSession session, Frame response) {
    }

    /** A message could not be read; {@code answered} tells whether a CALLERROR went back. */
    default void malformedMessage(OcppSession session, String text, String reason, boolean answered) {
    }
}
