package dev.ocpp.core;

/**
 * A call that was not sent because the station's registration forbids it: before its BootNotification is answered
 * Accepted, only some messages may flow (OCPP 2.0.1 Part 2 B01-B03; OCPP 1.6 §4.2). Raised at once, without
 * touching the connection, by the boot-gating policy of the typed API.
 */
public class RegistrationStateException extends OcppException {

    private static final long serialVersionUID = 1L;

    public RegistrationStateException(String message) {
        super(message);
    }
}
