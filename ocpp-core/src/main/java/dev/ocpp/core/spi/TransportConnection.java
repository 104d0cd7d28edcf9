package dev.ocpp.core.spi;

import java.util.concurrent.CompletionStage;

/**
 * One open WebSocket connection, as a transport implementation presents it to the RPC engine.
 *
 * <p>Implementations must be thread-safe: the engine sends from handler threads, timer threads and the
 * transport's own threads, possibly at the same time. Text messages are written in the order in which
 * {@link #sendText(String)} was called.
 */
public interface TransportConnection {

    /** Facts fixed at the handshake: identity, subprotocol, addresses, credentials, peer certificates. */
    ConnectionInfo info();

    /**
     * Queues one text message for writing and returns at once, never blocking the caller.
     * The stage completes when the message has been handed to the network, or completes exceptionally if the
     * connection is closed or the write fails.
     */
    CompletionStage<Void> sendText(String text);

    /**
     * Starts the WebSocket close handshake with {@code code} and {@code reason} (RFC 6455 §7). Returns at
     * once; the listener's {@code onClosed} follows. Calling it again, or on a closed connection, does nothing.
     */
    void close(int code, String reason);

    /** Drops the connection without a close handshake; {@code onClosed} follows with code 1006. */
    void abort();

    /** Whether text may still be sent. */
    boolean isOpen();
}
