package dev.ocpp.core.spi;

/**
 * What a server transport asks of the layer above it: a decision for each upgrade request, and a listener for
 * each connection it then opens. The RPC engine implements this; transports only carry out its decisions.
 */
public interface ServerConnectionHandler {

    /**
     * Decides an upgrade request. Called on a transport thread before the HTTP response is written; must not
     * block. A transport answers a rejection with the decision's HTTP status and writes no upgrade.
     */
    HandshakeDecision onHandshake(HandshakeRequest request);

    /**
     * A connection accepted by {@link #onHandshake} is open. Returns the listener for its events;
     * the transport then calls {@link TransportListener#onOpen} on it.
     */
    TransportListener onConnected(TransportConnection connection);
}
