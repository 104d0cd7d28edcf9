package dev.ocpp.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.spi.ConnectionInfo;
import java.time.Duration;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CompletableFuture;

/**
 * The OCPP-J session between a charging station and a CSMS, seen from either end. Thread-safe.
 *
 * <p><b>A session is not a connection.</b> It holds what belongs to the peer (identity, negotiated version, the
 * outgoing call queue, handlers, {@link #attributes() attributes}) and outlives any one WebSocket: a station's
 * {@link OcppClient} reconnects under the same session object, and an {@link OcppServer} gives a station that
 * reconnects the session it had before. A session ends only when it is {@link #close() closed} (or its owner gives
 * up on it: a client without reconnects, a server stopping or forgetting a long-gone station); then
 * {@link #closeFuture()} completes. See {@link State}.
 *
 * <p><b>Calls</b> follow the one-outstanding-CALL rule (OCPP-J 1.6 §4.1.1, OCPP 2.0.1 Part 4 §4.1.1): at most one
 * CALL of this side is on the wire at a time; further calls wait in a bounded FIFO queue and go out one by one as
 * answers (or timeouts) arrive. The peer's CALLs may cross ours at any time. A call made while there is no
 * connection waits in the same queue for one, up to its connection wait ({@link CallOptions#connectionWait()},
 * {@link SessionConfig#connectionWait(String)}), or fails at once when that wait is zero.
 *
 * <p><b>The outcome contract</b> of every {@code call} method. The returned future
 * <ul>
 *   <li>completes with the CALLRESULT payload;</li>
 *   <li>completes exceptionally with {@link CallErrorException} if the peer answered with a CALLERROR;</li>
 *   <li>completes exceptionally with {@link CallTimeoutException} if no answer came within the timeout, counted
 *       from when the CALL went on the wire;</li>
 *   <li>completes exceptionally with {@link NotConnectedException} if there was no connection and the call could
 *       not wait for one, or no connection came within its wait; the CALL was never sent;</li>
 *   <li>completes exceptionally with {@link ConnectionClosedException} if the connection it was sent on is lost
 *       before the answer (it may or may not have reached the peer), or the session is closed;</li>
 *   <li>completes exceptionally with {@link CallQueueFullException} at once if the queue is full;</li>
 *   <li>completes exceptionally with {@link OcppProtocolException} if the answer was malformed;</li>
 *   <li>completes exceptionally with whatever a {@link CallInterceptor} refused it with (schema violations,
 *       registration state).</li>
 * </ul>
 * Futures are completed on the session's handler executor, never on a transport I/O thread, so dependent stages
 * may do real work. Cancelling the future does not recall a CALL already sent; it frees its queue slot if it was
 * still waiting.
 */
public interface OcppSession {

    /** Where a session is in its life. */
    enum State {
        /** A connection is open. */
        CONNECTED,
        /** No connection now (not yet, or lost); calls wait for one or fail, as configured. */
        DISCONNECTED,
        /** Ended: nothing is sent any more and every call has completed. */
        CLOSED
    }

    /** The charging station identity. */
    String identity();

    /**
     * The negotiated protocol version: that of the current connection, or of the last one; before the first
     * connection of a station, the version it prefers.
     */
    OcppVersion version();

    /** Addresses, credentials and certificates from the current (or last) connection's handshake. */
    ConnectionInfo connectionInfo();

    /** The settings this session runs with (timeouts, limits, executor, listeners). */
    SessionConfig config();

    /** Where the session is in its life. */
    State state();

    /** Sends a CALL with the session's default timeout. See the class notes for outcomes. */
    CompletableFuture<ObjectNode> call(String action, ObjectNode payload);

    /** Sends a CALL with its own timeout. See the class notes for outcomes. */
    CompletableFuture<ObjectNode> call(String action, ObjectNode payload, Duration timeout);

    /** Sends a CALL with its own settings. See the class notes for outcomes. */
    CompletableFuture<ObjectNode> call(String action, ObjectNode payload, CallOptions options);

    /**
     * Sends an OCPP 2.1 SEND (message type 6): unconfirmed, outside the CALL queue. The future completes when
     * the frame was written.
     *
     * @throws UnsupportedOperationException if the session does not speak 2.1
     */
    CompletableFuture<Void> send(String action, ObjectNode payload);

    /** Whether a connection is open now. */
    boolean isOpen();

    /** Application state kept with the session for its whole life, across reconnects. */
    ConcurrentMap<String, Object> attributes();

    /** Completes when the session has ended (see {@link State#CLOSED}). Never completes exceptionally. */
    CompletableFuture<CloseReason> closeFuture();

    /**
     * Closes the current connection, if any, with a WebSocket close code and reason, but keeps the session: a
     * station reconnects as its back-off says, a server waits for the station to come back.
     */
    void disconnect(int code, String reason);

    /** Ends the session normally (1000). */
    default void close() {
        close(1000, "");
    }

    /**
     * Ends the session: closes the connection with {@code code} and {@code reason}, stops any reconnecting, and
     * fails every call still waiting with {@link ConnectionClosedException}. Idempotent.
     */
    void close(int code, String reason);

    /** The WebSocket close code and reason with which a session ended. */
    record CloseReason(int code, String reason) {
    }
}
