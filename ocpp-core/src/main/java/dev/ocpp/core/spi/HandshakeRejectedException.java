package dev.ocpp.core.spi;

import java.io.IOException;

/** The server refused the WebSocket upgrade with an HTTP status, for example 401 or 404. */
public class HandshakeRejectedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public HandshakeRejectedException(int status, String message) {
        super("HTTP " + status + (message == null || message.isEmpty() ? "" : ": " + message));
        this.status = status;
    }

    /** The HTTP status the server answered with. */
    public int status() {
        return status;
    }
}
