package dev.ocpp.core.validation;

/** Which payload of an exchange was checked, seen from this end of the connection. */
public enum PayloadDirection {
    /** The payload of a CALL the peer sent us. */
    INCOMING_CALL,
    /** The payload of a CALLRESULT the peer sent in answer to our CALL. */
    INCOMING_RESULT,
    /** The payload of a CALL we are about to send. */
    OUTGOING_CALL,
    /** The payload of a CALLRESULT one of our handlers produced. */
    OUTGOING_RESULT;

    /** Whether the payload is a request (a CALL) rather than a response. */
    public boolean isRequest() {
        return this == INCOMING_CALL || this == OUTGOING_CALL;
    }

    /** Whether the payload came from the peer. */
    public boolean isIncoming() {
        return this == INCOMING_CALL || this == INCOMING_RESULT;
    }
}
