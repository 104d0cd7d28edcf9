package dev.ocpp.core.spi;

/**
 * Receives the events of one connection from its transport.
 *
 * <p>The contract every transport implementation keeps:
 * <ul>
 *   <li>events of one connection are delivered one at a time, never concurrently, in this order:
 *       {@code onOpen}, any number of {@code onText}, then at most one {@code onClosing}, then exactly one
 *       {@code onClosed};</li>
 *   <li>{@code onFailure} may come at any point before {@code onClosed} (a failure always ends in
 *       {@code onClosed}, with code 1006 if no close frame was received);</li>
 *   <li>nothing is delivered after {@code onClosed};</li>
 *   <li>events are delivered on the transport's I/O threads: implementations of this interface must return
 *       quickly and never block.</li>
 * </ul>
 */
public interface TransportListener {

    /** The connection is open and {@code connection} may be used. */
    default void onOpen(TransportConnection connection) {
    }

    /** One complete text message arrived. */
    default void onText(TransportConnection connection, String text) {
    }

    /** The peer started the close handshake. */
    default void onClosing(TransportConnection connection, int code, String reason) {
    }

    /** The connection is closed; the last event. */
    default void onClosed(TransportConnection connection, int code, String reason) {
    }

    /** The connection failed (I/O error, protocol error, ping timeout, oversize message, ...). */
    default void onFailure(TransportConnection connection, Throwable cause) {
    }
}
