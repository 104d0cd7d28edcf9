package dev.ocpp.core.spi;

import java.util.concurrent.CompletionStage;

/**
 * Opens client connections. One implementation per WebSocket stack (Tyrus, the JDK's HTTP client, ...).
 */
public interface TransportClientFactory {

    /**
     * Opens a connection to {@code config.uri()}, offering {@code config.subprotocols()} in order.
     * Returns at once. The stage completes with the open connection after {@code listener.onOpen} was called,
     * or exceptionally with a {@link HandshakeRejectedException} (the server answered an HTTP error status) or
     * an {@link java.io.IOException} (no connection could be made).
     */
    CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener);
}
