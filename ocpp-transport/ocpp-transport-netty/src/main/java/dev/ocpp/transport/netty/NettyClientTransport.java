package dev.ocpp.transport.netty;

import dev.ocpp.core.spi.ClientTransportConfig;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.core.spi.TransportConnection;
import dev.ocpp.core.spi.TransportListener;

import java.util.concurrent.CompletionStage;

/**
 * An OCPP-J WebSocket client on Netty. (Being written: issue 14.)
 */
public final class NettyClientTransport implements TransportClientFactory {

    /** A client transport; its event loop starts with the first connection and stops at {@link #close()}. */
    public NettyClientTransport() {
    }

    @Override
    public CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {
    }
}
