package dev.ocpp.core.delivery;

import dev.ocpp.core.CallQueueFullException;

/**
 * A transaction message was not queued: the {@link DeliveryQueue} holds as many messages (or bytes) as it may, and
 * nothing queued may be dropped for it (2.0.1 E04.FR.07/08 allow dropping intermediate Updated events only). Raised
 * at once; the message was never stored.
 */
public class DeliveryQueueFullException extends CallQueueFullException {

    private static final long serialVersionUID = 1L;

    public DeliveryQueueFullException(String message) {
        super(message);
    }
}
