package dev.ocpp.core.spi;

import java.util.Objects;

/**
 * The server's answer to a {@link HandshakeRequest}: upgrade, or refuse with an HTTP status.
 *
 * <p>An accepted upgrade with a {@code null} subprotocol means no offered subprotocol is served: the transport
 * completes the handshake without a {@code Sec-WebSocket-Protocol} header, and the engine closes the connection
 * at once (OCPP-J 1.6 §3.1.2, OCPP 2.0.1 Part 4 §3.1.2).
 */
public final class HandshakeDecision {

    private final boolean accepted;
    private final String identity;
    private final String subprotocol;
    private final BasicCredentials credentials;
    private final int status;
    private final String reason;

    private HandshakeDecision(boolean accepted, String identity, String subprotocol, BasicCredentials credentials,
                              int status, String reason) {
        this.accepted = accepted;
        this.identity = identity;
        this.subprotocol = subprotocol;
        this.credentials = credentials;
        this.status = status;
        this.reason = reason;
    }

    /**
     * Upgrade the connection.
     *
     * @param identity    the decoded station identity
     * @param subprotocol the subprotocol to put in the response, or {@code null} for none
     * @param credentials the Basic credentials that were checked, or {@code null}
     */
    public static HandshakeDecision accept(String identity, String subprotocol, BasicCredentials credentials) {
        return new HandshakeDecision(true, Objects.requireNonNull(identity, "identity"), subprotocol, credentials,
                101, "");
    }

    /** Refuse the upgrade with an HTTP status such as 401 or 404. */
    public static HandshakeDecision reject(int httpStatus, String reason) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("not an error status: " + httpStatus);
        }
        return new HandshakeDecision(false, null, null, null, httpStatus, reason == null ? "" : reason);
    }

    public boolean accepted() {
        return accepted;
    }

    /** The identity; {@code null} when rejected. */
    public String identity() {
        return identity;
    }

    /** The subprotocol to answer with; {@code null} for none or when rejected. */
    public String subprotocol() {
        return subprotocol;
    }

    /** The checked credentials, or {@code null}. */
    public BasicCredentials credentials() {
        return credentials;
    }

    /** 101 when accepted, else the HTTP error status to answer with. */
    public int status() {
        return status;
    }

    /** A short reason for a rejection; empty when accepted. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return accepted ? "accept(" + identity + ", " + subprotocol + ")" : "reject(" + status + ", " + reason + ")";
    }
}
