package dev.ocpp.core;

/**
 * The call was made while the session had no open connection and was not allowed to wait for one, or the wait
 * ({@link CallOptions#connectionWait()}) ran out first. The CALL never went on the wire. A subclass of
 * {@link ConnectionClosedException}, so code that handles a lost connection handles this too.
 */
public class NotConnectedException extends ConnectionClosedException {

    private static final long serialVersionUID = 1L;

    public NotConnectedException(String message) {
        super(message);
    }
}
