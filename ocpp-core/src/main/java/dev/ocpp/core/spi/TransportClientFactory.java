package dev.ocpp.core.spi;

import java.util.concurrent.CompletionStage;

/**
 * Opens client connections. One implementation per WebSocket stack (Tyrus, Netty, the JDK's HTTP client, ...).
 *
 * <p>Lifecycle: a factory may own threads and sockets shared by the connections it opens (an event loop, a
 * selector). It owns them from the first {@link #connect} until {@link #close()}, which stops them: nothing the
 * factory started runs after {@code close} returns, so that an application server redeploying the library, or a test
 * checking for leaked threads, finds none. Whoever created the factory closes it, once the connections it opened are
 * no longer needed.
 */
public interface TransportClientFactory extends AutoCloseable {

    /**
     * Opens a connection to {@code config.uri()}, offering {@code config.subprotocols()} in order.
     * Returns at once. The stage completes with the open connection after {@code listener.onOpen} was called,
     * or exceptionally with a {@link HandshakeRejectedException} (the server answered an HTTP error status) or
     * an {@link java.io.IOException} (no connection could be made).
     */
    CompletionStage<TransportConnection> connect(ClientTransportConfig config, TransportListener listener);

    /**
     * Closes every connection this factory opened that is still open (as {@link TransportConnection#abort()} would:
     * {@code onClosed} 1006 follows) and stops the threads it started. Idempotent. A {@link #connect} after
     * {@code close} fails its stage with an {@link IllegalStateException}. The default does nothing, for factories
     * that own nothing.
     */
    @Override
    default void close() {
    }
}
