package dev.ocpp.core;

import dev.ocpp.core.spi.ConnectionInfo;
import java.net.URI;
import java.time.Duration;

/**
 * What happens to a station's connection, in order: attempts, successes, losses and the waits between them. A
 * station's {@link OcppClient} reports these to the listeners given to
 * {@link OcppClient.Builder#onConnectionEvent}, on the handler executor, one at a time and in order.
 */
public sealed interface ConnectionEvent {

    /** The session the event belongs to. */
    OcppSession session();

    /** A connection attempt starts; {@code attempt} counts from 1 after each successful connection. */
    record Connecting(OcppSession session, URI uri, int attempt) implements ConnectionEvent {
    }

    /** A connection is open and a version agreed. */
    record Connected(OcppSession session, OcppVersion version, boolean tls, ConnectionInfo info)
            implements ConnectionEvent {
    }

    /** An open connection ended. */
    record Disconnected(OcppSession session, int code, String reason, ClosedBy closedBy) implements ConnectionEvent {
    }

    /** The server refused the WebSocket upgrade with this HTTP status (401 bad credentials, 404 unknown identity). */
    record HandshakeRefused(OcppSession session, int status, String reason) implements ConnectionEvent {
    }

    /** An attempt failed for another reason: no route, refused TCP connect, TLS failure, no agreed subprotocol. */
    record ConnectFailed(OcppSession session, Throwable cause) implements ConnectionEvent {
    }

    /** The next attempt will start after {@code delay} (the back-off of {@link RetryBackOff}). */
    record ReconnectScheduled(OcppSession session, Duration delay, int attempt) implements ConnectionEvent {
    }

    /** Who ended a connection. */
    enum ClosedBy {
        /** This side closed it (the application, or the library replacing or ending it). */
        LOCAL,
        /** The peer sent a close frame. */
        REMOTE,
        /** It broke without a close handshake (network failure, missed pongs: code 1006). */
        NETWORK
    }
}
