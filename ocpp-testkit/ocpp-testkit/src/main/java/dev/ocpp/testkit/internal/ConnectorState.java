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
    /**
     * The station's own name of the transaction on the connector, null when none: the message key of its 1.6
     * StartTransaction in the delivery queue, or the 2.0.1 transactionId.
     */
    private volatile String transactionKey;
    /**
     * The transaction id: the CSMS's number as text (1.6, known only once the queued StartTransaction is answered) or
     * the station's own id (2.0.1); null when none or not known yet.
     */
    private volatile String transactionId;
    /** The status last sent in a StatusNotification, null before the first. */
    private volatile String reportedStatus;
    /** The next TransactionEvent seqNo of the transaction (2.0.1). */
    private volatile int seqNo;
    /** The 2.0.1 transactionId the station chose at the start, or null (1.6). */
    private volatile String ownTransactionId;
    /** How many numbered messages the running transaction has queued (their keys count them). */
    private volatile int messages;
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

    /** Sets the transaction id once it is known (1.6: from the answer to StartTransaction). */
    public void transactionId(String id) {
        transactionId = id;
    }

    /** The station's own name of the running transaction, or null when none is on. */
    public String transactionKey() {
        return transactionKey;
    }

    /** Whether a transaction is on, whether or not the CSMS has given it its id yet. */
    public boolean inTransaction() {
        return transactionKey != null;
    }

    public String reportedStatus() {
        return reportedStatus;
    }

    public void reportedStatus(String value) {
        reportedStatus = value;
    }

    public JsonNode token() {
        return token;
    }

    /**
     * A transaction begins, named {@code key} by the station, with sequence numbers from 0; its id is {@code id}
     * (null while the CSMS has not given it one).
     */
    public void begin(String key, String id, JsonNode startToken) {
        transactionKey = key;
        transactionId = id;
        ownTransactionId = id;
        seqNo = 0;
        messages = 0;
        token = startToken;
    }

    /** The 2.0.1 transactionId the station gave the running transaction; null in 1.6, where the CSMS gives it. */
    public String ownTransactionId() {
        return ownTransactionId;
    }

    /** The number of the running transaction's next numbered message (a 1.6 MeterValues, a 2.0.1 Updated), from 1. */
    public int nextMessageNumber() {
        return ++messages;
    }

    /** Sets the token that authorized the running transaction. */
    public void token(JsonNode value) {
        token = value;
    }

    /** The transaction is over. */
    public void end() {
        transactionKey = null;
        transactionId = null;
        ownTransactionId = null;
        charging = false;
        token = null;
    }

    /** The next seqNo of the running transaction (0 for its first message). */
    public int nextSeqNo() {
        return seqNo++;
    }
}
