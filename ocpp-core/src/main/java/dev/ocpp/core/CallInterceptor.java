package dev.ocpp.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A cross-cutting rule on a session's calls, in both directions: schema validation, boot gating, metrics, queueing.
 * A session runs the interceptors of its version's {@link Handlers} in the order they were added, the first one
 * outermost, like the layers of an onion: an interceptor sees a call before those added after it and sees the
 * outcome after them.
 *
 * <p><b>Outgoing</b> CALLs of ours pass through {@link #outgoing} on the caller's thread before they are queued; an
 * interceptor may pass the call on (changed or not), transform the outcome, or refuse it by returning a failed
 * future (the CALL is then never sent). The end of the chain queues the CALL; its future follows the outcome
 * contract of {@link OcppSession} and completes on the handler executor.
 *
 * <p><b>Incoming</b> CALLs of the peer pass through {@link #incoming} on the handler executor, never on a transport
 * thread; an interceptor may answer in place of the handler (a thrown or failed {@link CallErrorException} becomes
 * that CALLERROR) or transform the handler's answer. The end of the chain runs the handler, or answers NotSupported
 * when the action has none. An action without a handler that the version does not know at all is answered
 * NotImplemented by the engine before any interceptor runs (OCPP-J 1.6 §4.2.3, OCPP 2.0.1 Part 4 §4.3).
 *
 * <p>Both methods default to passing the call on unchanged. They must not block.
 */
public interface CallInterceptor {

    /** An outgoing CALL; return {@code next.proceed(call)} to let it go on. */
    default CompletableFuture<ObjectNode> outgoing(OutgoingCall call, Outgoing next) {
        return next.proceed(call);
    }

    /** An incoming CALL; return {@code next.proceed(call)} to let the handler answer it. */
    default CompletionStage<ObjectNode> incoming(IncomingCall call, Incoming next) throws Exception {
        return next.proceed(call);
    }

    /** The rest of the outgoing chain. */
    interface Outgoing {
        CompletableFuture<ObjectNode> proceed(OutgoingCall call);
    }

    /** The rest of the incoming chain. */
    interface Incoming {
        CompletionStage<ObjectNode> proceed(IncomingCall call) throws Exception;

        /** Whether a handler serves this call's action at the end of the chain (if not, NotSupported answers). */
        boolean hasHandler();
    }
}
