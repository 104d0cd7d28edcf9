package dev.ocpp.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionStage;

/**
 * Answers one action with a stage that completes later. Invoked on the session's handler executor. The answer
 * goes out whenever the stage completes, so answers may leave in a different order than their CALLs arrived.
 *
 * <p>Outcomes as for {@link CallHandler}; a stage completing exceptionally with a {@link CallErrorException}
 * (possibly wrapped in a {@link java.util.concurrent.CompletionException}) sends that CALLERROR.
 */
@FunctionalInterface
public interface AsyncCallHandler {
    CompletionStage<ObjectNode> handle(IncomingCall call) throws Exception;
}
