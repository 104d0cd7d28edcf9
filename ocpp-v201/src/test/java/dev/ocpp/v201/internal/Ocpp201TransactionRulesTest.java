package dev.ocpp.v201.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.delivery.TransactionTracker.Message;
import dev.ocpp.core.delivery.TransactionTracker.Phase;
import org.junit.jupiter.api.Test;

/** The 2.0.1 rules on TransactionEventRequests as stations send them (Part 2 E01-E04, E13). */
class Ocpp201TransactionRulesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final Ocpp201TransactionRules rules = new Ocpp201TransactionRules();

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String event(String type, int seqNo) {
        return "{'eventType':'" + type + "','timestamp':'2026-03-01T10:00:00Z','triggerReason':'Authorized',"
                + "'seqNo':" + seqNo + ",'offline':true,'transactionInfo':{'transactionId':'f3a2-77',"
                + "'chargingState':'Charging'},'evse':{'id':1,'connectorId':1},"
                + "'idToken':{'idToken':'04A2B3C4','type':'ISO14443'},'meterValue':[{'timestamp':"
                + "'2026-03-01T10:00:00Z','sampledValue':[{'value':12.5}]}]}";
    }

    @Test
    void aTransactionEventIsNumberedBySeqNoInItsTransaction() {
        Message m = rules.identify("TransactionEvent", json(event("Updated", 7))).orElseThrow();

        assertThat(m.transaction()).isEqualTo("f3a2-77");
        assertThat(m.seqNo()).isEqualTo(7L);
        assertThat(m.fingerprint()).isNull();
        assertThat(m.phase()).isEqualTo(Phase.UPDATE);
        assertThat(m.matched()).isEqualTo("seqNo");
    }

    @Test
    void startedUpdatedAndEndedAreThePhases() {
        assertThat(rules.identify("TransactionEvent", json(event("Started", 0))).orElseThrow().phase())
                .isEqualTo(Phase.START);
        assertThat(rules.identify("TransactionEvent", json(event("Ended", 9))).orElseThrow().phase())
                .isEqualTo(Phase.END);
    }

    @Test
    void securityEventsAndOtherActionsAreNoTransactionMessages() {
        assertThat(rules.identify("SecurityEventNotification",
                json("{'type':'FirmwareUpdated','timestamp':'2026-03-01T10:00:00Z'}"))).isEmpty();
        assertThat(rules.identify("MeterValues", json("{'evseId':1,'meterValue':[]}"))).isEmpty();
        assertThat(rules.identify("StatusNotification", json("{}"))).isEmpty();
    }

    @Test
    void anEventThatNamesNoTransactionOrNumberIsNotTracked() {
        assertThat(rules.identify("TransactionEvent", json(event("Updated", 1).replace("'seqNo':1,", ""))))
                .isEmpty();
        assertThat(rules.identify("TransactionEvent", json(event("Updated", 1).replace("'seqNo':1", "'seqNo':'1'"))))
                .isEmpty();
        assertThat(rules.identify("TransactionEvent",
                json(event("Updated", 1).replace("'transactionId':'f3a2-77',", "")))).isEmpty();
        assertThat(rules.identify("TransactionEvent", json(event("Paused", 1)))).isEmpty();
    }
}
