/**
 * Building blocks for transport implementations: the parts of a WebSocket transport that every transport needs and
 * that depend on no WebSocket library, so that the Jakarta and Tyrus transports, a future Netty transport and
 * third-party transports implement them once and alike.
 *
 * <ul>
 *   <li>{@link dev.ocpp.core.spi.support.Utf8} – the UTF-8 size of a message, checked against a limit without
 *       encoding it;</li>
 *   <li>{@link dev.ocpp.core.spi.support.CloseFrames} – close codes and reasons as a close frame may carry them
 *       (RFC 6455 §5.5.1, §7.4);</li>
 *   <li>{@link dev.ocpp.core.spi.support.Subprotocols} – reading the client's offered subprotocols and picking the
 *       one to agree on (RFC 6455 §4.2.2, OCPP-J 1.6 §3.1.2, OCPP 2.0.1 Part 4 §3.1.2);</li>
 *   <li>{@link dev.ocpp.core.spi.support.HttpStatus} – reason phrases for the statuses an upgrade refusal uses;</li>
 *   <li>{@link dev.ocpp.core.spi.support.LogSafe} – peer text (identities, action names, descriptions) escaped and
 *       cut before it reaches a log line or is echoed;</li>
 *   <li>{@link dev.ocpp.core.spi.support.BoundedOutbox} – the ordered, bounded, non-blocking send queue of a
 *       {@link dev.ocpp.core.spi.TransportConnection}, with a close that waits for the texts queued before it;</li>
 *   <li>{@link dev.ocpp.core.spi.support.ConnectionGate} – the accounting of
 *       {@link dev.ocpp.core.spi.ConnectionLimits} at accept: caps on connections and pending handshakes, per server
 *       and per remote address, and closing the oldest pending handshake when the total cap is reached.</li>
 * </ul>
 *
 * <p>Which HTTP status refuses an upgrade (404 for an unknown or invalid identity, 401 for failed authentication) is
 * not decided here but by the engine, in the {@link dev.ocpp.core.spi.HandshakeDecision} it returns from
 * {@link dev.ocpp.core.spi.ServerConnectionHandler#onHandshake}; a transport only carries the decision out.
 */
package dev.ocpp.core.spi.support;
