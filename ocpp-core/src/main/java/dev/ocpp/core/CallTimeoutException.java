package dev.ocpp.core;

import java.time.Duration;

/**
 * No CALLRESULT or CALLERROR arrived within the call's timeout. OCPP treats such a call as not sent
 * (OCPP 2.0.1 Part 2 §3.2); a reply that turns up later is dropped as one with an unknown id.
 */
public class CallTimeoutException extends OcppException {

    private static final long serialVersionUID = 1L;

    public CallTimeoutException(String action, String messageId, Duration timeout) {
        super(action + " (" + messageId + ") got no answer within " + timeout.toMillis() + " ms");
    }
}
