package dev.ocpp.transport.netty;

import dev.ocpp.core.spi.ServerConnectionHandler;
import dev.ocpp.core.spi.ServerTransportConfig;
import dev.ocpp.core.spi.TransportServer;
import dev.ocpp.core.spi.TransportServerFactory;

import java.io.IOException;

/**
 * An OCPP-J WebSocket server on Netty. (Being written: issue 14.)
 */
public final class NettyServerTransport implements TransportServerFactory {

    /** A server transport; each {@link #start} runs a server with event loops of its own. */
    public NettyServerTransport() {
    }

    @Override
    public TransportServer start(ServerTransportConfig config, ServerConnectionHandler handler) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
