package dev.ocpp.core;

import dev.ocpp.core.frame.Frame;
import java.time.Duration;

/**
 * Observes sessions: connections, calls in both directions, and frames that were dropped. Every method has a
 * no-op default. Implementations must be fast, must not throw and must not block: some events are delivered on
 * transport I/O threads. An exception thrown here is logged and otherwise ignored.
 */
public interface OcppEventListener {

    /** A session got its first connection, with an agreed version. */
    default void sessionOpened(OcppSession session) {
    }

    /** A session ended ({@link OcppSession#close(int, String)}); every call of it has completed. */
    default void sessionClosed(OcppSession session, int code, String reason) {
    }

    /** A connection of the session opened (the first one, or a reconnect). */
    default void connected(OcppSession session) {
    }

    /** A connection of the session closed; {@code code} and {@code reason} as the WebSocket reported them. */
    default void disconnected(OcppSession session, int code, String reason) {
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

    /**
     * A payload broke its message schema. {@code report.accepted()} tells whether it was tolerated by a lenient
     * {@link dev.ocpp.core.validation.ValidationOptions} setting and used anyway, or refused: an incoming CALL
     * answered with a CALLERROR, an incoming CALLRESULT failing its call, an outgoing CALL never sent, or a
     * handler's response replaced by CALLERROR InternalError.
     */
    default void payloadViolations(OcppSession session, dev.ocpp.core.validation.ValidationReport report) {
    }

    /**
     * A listener that passes every event to {@code first}, then to {@code second}. A listener that throws does not
     * keep the event from the other.
     */
    static OcppEventListener compose(OcppEventListener first, OcppEventListener second) {
        java.util.Objects.requireNonNull(first, "first");
        java.util.Objects.requireNonNull(second, "second");
        return new OcppEventListener() {
            private void both(java.util.function.Consumer<OcppEventListener> event) {
                RuntimeException failure = null;
                for (OcppEventListener l : new OcppEventListener[] {first, second}) {
                    try {
                        event.accept(l);
                    } catch (RuntimeException e) {
                        failure = failure == null ? e : failure;
                    }
                }
                if (failure != null) {
                    throw failure;
                }
            }

            @Override
            public void sessionOpened(OcppSession session) {
                both(l -> l.sessionOpened(session));
            }

            @Override
            public void sessionClosed(OcppSession session, int code, String reason) {
                both(l -> l.sessionClosed(session, code, reason));
            }

            @Override
            public void connected(OcppSession session) {
                both(l -> l.connected(session));
            }

            @Override
            public void disconnected(OcppSession session, int code, String reason) {
                both(l -> l.disconnected(session, code, reason));
            }

            @Override
            public void callStarted(OcppSession session, Frame.Call call) {
                both(l -> l.callStarted(session, call));
            }

            @Override
            public void callEnded(OcppSession session, Frame.Call call, Frame.CallResult result, Duration elapsed) {
                both(l -> l.callEnded(session, call, result, elapsed));
            }

            @Override
            public void callFailed(OcppSession session, Frame.Call call, Throwable cause, Duration elapsed) {
                both(l -> l.callFailed(session, call, cause, elapsed));
            }

            @Override
            public void incomingCallAnswered(OcppSession session, Frame.Call call, Frame answer, Duration elapsed) {
                both(l -> l.incomingCallAnswered(session, call, answer, elapsed));
            }

            @Override
            public void unmatchedResponse(OcppSession session, Frame response) {
                both(l -> l.unmatchedResponse(session, response));
            }

            @Override
            public void malformedMessage(OcppSession session, String text, String reason, boolean answered) {
                both(l -> l.malformedMessage(session, text, reason, answered));
            }

            @Override
            public void payloadViolations(OcppSession session, dev.ocpp.core.validation.ValidationReport report) {
                both(l -> l.payloadViolations(session, report));
            }
        };
    }
}
