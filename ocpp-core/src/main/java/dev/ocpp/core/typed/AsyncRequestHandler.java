package dev.ocpp.core.typed;

import java.util.concurrent.CompletionStage;

/**
 * Answers one typed request asynchronously: the CALLRESULT goes out when the stage completes. Outcomes as for
 * {@link RequestHandler}; a stage that completes exceptionally counts as a thrown exception.
 *
 * @param <Q> the request type
 * @param <R> the response type
 */
@FunctionalInterface
public interface AsyncRequestHandler<Q, R> {
    CompletionStage<R> handle(Q request, CallContext context) throws Exception;
}
