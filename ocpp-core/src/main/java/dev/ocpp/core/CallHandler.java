package dev.ocpp.core;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Answers one action synchronously. Runs on the session's handler executor, never on a transport thread, so it
 * may block (briefly: it holds an executor thread).
 *
 * <p>Outcomes: a returned payload is sent as the CALLRESULT; a thrown {@link CallErrorException} is sent as that
 * CALLERROR; any other exception, or a {@code null} result, becomes CALLERROR InternalError with a generic
 * description (no exception text or stack trace reaches the wire).
 */
@FunctionalInterface
public interface CallHandler {
    ObjectNode handle(IncomingCall call) throws Exception;
}
