package dev.ocpp.core;

/**
 * The call could not even be queued: the connection already holds as many waiting calls as
 * {@link SessionConfig#maxQueuedCalls()} allows. Raised at once, without waiting.
 */
public class CallQueueFullException extends OcppException {

    private static final long serialVersionUID = 1L;

    public CallQueueFullException(String message) {
        super(message);
    }
}
