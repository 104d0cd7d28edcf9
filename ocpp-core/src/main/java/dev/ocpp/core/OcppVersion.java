package dev.ocpp.core;

import java.util.Optional;

/**
 * The OCPP-J protocol versions this library can speak, each with the WebSocket subprotocol name that
 * announces it during the handshake (OCPP-J 1.6 §3.1.2 Table 1, OCPP 2.0.1 Part 4 §3.1.2 Table 1,
 * OCPP 2.1 Part 4 §3.1.2).
 */
public enum OcppVersion {
    /** OCPP 1.6 over JSON (OCPP-J 1.6), including the 1.6 security extension. */
    OCPP16("ocpp1.6"),
    /** OCPP 2.0.1. */
    OCPP201("ocpp2.0.1"),
    /** OCPP 2.1: framing only (CALLRESULTERROR and SEND); no typed actions yet. */
    OCPP21("ocpp2.1");

    private final String subprotocol;

    OcppVersion(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    /** The registered {@code Sec-WebSocket-Protocol} token, for example {@code ocpp2.0.1}. */
    public String subprotocol() {
        return subprotocol;
    }

    /** The version announced by a subprotocol token; exact, case-sensitive match as registered with IANA. */
    public static Optional<OcppVersion> fromSubprotocol(String token) {
        if (token == null) {
            return Optional.empty();
        }
        for (OcppVersion v : values()) {
            if (v.subprotocol.equals(token)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return subprotocol;
    }
}
