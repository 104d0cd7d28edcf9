package dev.ocpp.core;

/**
 * The connection closed or failed before the call was answered, or was already closed when the call was made.
 * Every pending and queued call of a connection fails with this at the moment the connection is lost.
 */
public class ConnectionClosedException extends OcppException {

    private static final long serialVersionUID = 1L;

    public ConnectionClosedException(String message) {
        super(message);
    }

    public ConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
