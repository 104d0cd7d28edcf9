package dev.ocpp.core;

/**
 * The peer broke the OCPP-J framing rules in a way that concerns this call, for example a CALLRESULT whose
 * payload is not a JSON object, or a connection whose subprotocol could not be agreed.
 */
public class OcppProtocolException extends OcppException {

    private static final long serialVersionUID = 1L;

    public OcppProtocolException(String message) {
        super(message);
    }
}
