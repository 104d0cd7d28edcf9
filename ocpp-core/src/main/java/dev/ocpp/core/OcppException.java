package dev.ocpp.core;

/** The root of every exception this library raises for protocol, timeout and connection outcomes. */
public class OcppException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OcppException(String message) {
        super(message);
    }

    public OcppException(String message, Throwable cause) {
        super(message, cause);
    }
}
