package dev.ocpp.core.typed;

/**
 * Answers one typed request synchronously. Runs on the session's handler executor, never on a transport thread.
 *
 * <p>Outcomes: the returned response is checked against its schema and sent as the CALLRESULT; a thrown
 * {@link dev.ocpp.core.CallErrorException} is sent as that CALLERROR; any other exception, a {@code null}
 * response or a response that breaks its schema becomes CALLERROR InternalError (no exception text reaches the
 * wire).
 *
 * @param <Q> the request type
 * @param <R> the response type
 */
@FunctionalInterface
public interface RequestHandler<Q, R> {
    R handle(Q request, CallContext context) throws Exception;
}
