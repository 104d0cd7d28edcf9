package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a simulated station knows of one of its connectors (OCPP 1.6) or EVSEs with one connector each (OCPP 2.0.1):
 * whether a cable is plugged in, the transaction on it, the last meter reading. Changed only by the station's
 * scripted steps, which run one after another; read by any thread (hence volatile fields).
 */
public final class ConnectorState {

    private final int id;
    private volatile boolean plugged;
    private volatile boolean charging;
    private volatile String status;
    private volatile double meterWh;
    /** The transaction id: the CSMS's number as text (1.6) or the station's own id (2.0.1); null when none. */
    private volatile String transactionId;
    /** The next TransactionEvent seqNo of the transaction (2.0.1). */
    private volatile int seqNo;
    /** The token that authorized the transaction: a 1.6 idTag (text) or a 2.0.1 IdTokenType (object). */
    private volatile JsonNode token;

    public ConnectorState(int id, String initialStatus) {
        this.id = id;
        this.status = initialStatus;
    }

    public int id() {
        return id;
    }

    public boolean plugged() {
        return plugged;
    }

    public void plugged(boolean on) {
        plugged = on;
    }

    public boolean charging() {
        return charging;
    }

    public void charging(boolean on) {
        charging = on;
    }

    public String status() {
        return status;
    }

    public void status(String value) {
        status = value;
    }

    public double meterWh() {
        return meterWh;
    }

    public void meterWh(double wh) {
        meterWh = wh;
    }

    public String transactionId() {
        return transactionId;
    }

    public JsonNode token() {
        return token;
    }

    /** A transaction begins: {@code id} with sequence numbers from 0. */
    public void begin(String id, JsonNode startToken) {
        transactionId = id;
        seqNo = 0;
        token = startToken;
    }

    /** Sets the token that authorized the running transaction. */
    public void token(JsonNode value) {
        token = value;
    }

    /** The transaction is over. */
    public void end() {
        transactionId = null;
        charging = false;
        token = null;
    }

    /** The next seqNo of the running transaction (0 for its first message). */
    public int nextSeqNo() {
        return seqNo++;
    }
}
