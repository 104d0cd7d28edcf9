package dev.ocpp.examples.station;

import dev.ocpp.core.OcppEventListener;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.frame.Frame;
import dev.ocpp.core.typed.CallContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a station does once its answer to a CSMS call is on the wire. A triggered message, a remote start or a
 * report must follow the Accepted that promised it, or the CSMS could see the consequence before the promise; a
 * handler cannot send it itself, since its answer is written only after it returns. Register it as a listener of the
 * station's session. Thread-safe.
 */
final class AfterAnswer implements OcppEventListener {

    /** By message id: one station has one session, whose incoming ids are unique while in progress. */
    private final Map<String, Runnable> tasks = new ConcurrentHashMap<>();

    /** Runs {@code task} after the CALLRESULT to the call of {@code context}; never after a CALLERROR. */
    void then(CallContext context, Runnable task) {
        tasks.put(context.messageId(), task);
    }

    @Override
    public void incomingCallAnswered(OcppSession session, Frame.Call call, Frame answer, Duration elapsed) {
        Runnable task = tasks.remove(call.messageId());
        if (task != null && answer instanceof Frame.CallResult) {
            task.run();
        }
    }
}
