package dev.ocpp.core.delivery;

import dev.ocpp.core.OcppException;

/**
 * A queued message was given up without a CALLRESULT (see {@link DeliveryListener.DiscardReason}); the call's future
 * fails with it, and the {@link DeliveryListener} is told.
 */
public class MessageDiscardedException extends OcppException {

    private static final long serialVersionUID = 1L;

    private final transient DeliveryListener.DiscardReason reason;
    private final String key;

    public MessageDiscardedException(String key, DeliveryListener.DiscardReason reason, String message,
                                     Throwable cause) {
        super(message, cause);
        this.key = key;
        this.reason = reason;
    }

    /** Why it was discarded. */
    public DeliveryListener.DiscardReason reason() {
        return reason;
    }

    /** The message's key. */
    public String key() {
        return key;
    }
}
