package dev.ocpp.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.spi.ConnectionInfo;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One OCPP-J connection between a charging station and a CSMS, seen from either end. Thread-safe.
 *
 * <p><b>Calls</b> follow the one-outstanding-CALL rule (OCPP-J 1.6 §4.1.1, OCPP 2.0.1 Part 4 §4.1.1): at most one
 * CALL of this side is on the wire at a time; further calls wait in a bounded FIFO queue and go out one by one as
 * answers (or timeouts) arrive. The peer's CALLs may cross ours at any time.
 *
 * <p><b>The outcome contract</b> of every {@code call} method. The returned future
 * <ul>
 *   <li>completes with the CALLRESULT payload;</li>
 *   <li>completes exceptionally with {@link CallErrorException} if the peer answered with a CALLERROR;</li>
 *   <li>completes exceptionally with {@link CallTimeoutException} if no answer came within the timeout, counted
 *       from when the CALL went on the wire;</li>
 *   <li>completes exceptionally with {@link ConnectionClosedException} if the connection is closed already or
 *       closes before the answer;</li>
 *   <li>completes exceptionally with {@link CallQueueFullException} at once if the queue is full;</li>
 *   <li>completes exceptionally with {@link OcppProtocolException} if the answer was malformed.</li>
 * </ul>
 * Futures are completed on the session's handler executor, never on a transport I/O thread, so dependent stages
 * may do real work. Cancelling the future does not recall a CALL already sent; it frees its queue slot if it was
 * still waiting.
 */
public interface OcppSession {

    /** The charging station identity. */
    String identity();

    /** The negotiated protocol version. */
    OcppVersion version();

    /** Addresses, credentials and certificates from the handshake. */
    ConnectionInfo connectionInfo();

    /** The settings this session runs with (timeouts, limits, executor, listeners). */
    SessionConfig config();

    /** Sends a CALL with the session's default timeout. See the class notes for outcomes. */
    CompletableFuture<ObjectNode> call(String action, ObjectNode payload);

    /** Sends a CALL with its own timeout. See the class notes for outcomes. */
    CompletableFuture<ObjectNode> call(String action, ObjectNode payload, Duration timeout);

    /**
     * Sends an OCPP 2.1 SEND (message type 6): unconfirmed, outside the CALL queue. The future completes when
     * the frame was written.
     *
     * @throws UnsupportedOperationException if the session does not speak 2.1
     */
    CompletableFuture<Void> send(String action, ObjectNode payload);

    /** Whether the connection is open. */
    boolean isOpen();

    /** Completes when the connection has closed, for whatever reason. Never completes exceptionally. */
    CompletableFuture<CloseReason> closeFuture();

    /** Closes normally (1000). */
    default void close() {
        close(1000, "");
    }

    /** Closes with a WebSocket close code and reason. */
    void close(int code, String reason);

    /** The WebSocket close code and reason with which a session ended. */
    record CloseReason(int code, String reason) {
    }
}
