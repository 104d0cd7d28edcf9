package dev.ocpp.core.delivery;

import dev.ocpp.core.OcppException;

/** A {@link MessageStore} could not read or write; a failed {@link MessageStore#apply} changed nothing. */
public class MessageStoreException extends OcppException {

    private static final long serialVersionUID = 1L;

    public MessageStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public MessageStoreException(String message) {
        super(message);
    }
}
