package dev.ocpp.core.spi;

import java.io.IOException;

/**
 * Starts server transports. One implementation per WebSocket stack (Tyrus, Netty, ...).
 */
public interface TransportServerFactory {

    /**
     * Binds and starts a server for {@code config}, handing every upgrade request and connection to
     * {@code handler}. The server listens on exactly {@code config.host()}, never on all interfaces unless that
     * host is a wildcard address.
     *
     * @throws IOException if the address cannot be bound
     */
    TransportServer start(ServerTransportConfig config, ServerConnectionHandler handler) throws IOException;
}
