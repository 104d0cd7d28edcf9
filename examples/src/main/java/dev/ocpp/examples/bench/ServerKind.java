package dev.ocpp.examples.bench;

/** The two servers the harness compares. */
public enum ServerKind {
    /** Tyrus sending each text straight back: the cost of the WebSocket stack alone. */
    ECHO("raw Tyrus echo"),
    /** An {@link dev.ocpp.core.OcppServer} on the Tyrus transport answering Heartbeat: the full RPC path. */
    RPC("OcppServer RPC (Tyrus)");

    private final String label;

    ServerKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
