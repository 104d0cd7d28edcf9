package dev.ocpp.v16.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.delivery.TransactionTracker.Message;
import dev.ocpp.core.delivery.TransactionTracker.Phase;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The 1.6 rules on payloads as charge points send them (§3.7, §4.7, §4.8, §4.10). */
class Ocpp16TransactionRulesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final Ocpp16TransactionRules rules = new Ocpp16TransactionRules();

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    Message identify(String action, String payload) {
        return rules.identify(action, json(payload)).orElseThrow();
    }

    static final String START = "{'connectorId':1,'idTag':'04A2B3C4','meterStart':12500,"
            + "'timestamp':'2026-03-01T10:00:00Z'}";

    @Test
    void aStartTransactionIsAStartWhoseTransactionTheAnswerAssigns() {
        Message m = identify("StartTransaction", START);

        assertThat(m.transaction()).isNull();
        assertThat(m.phase()).isEqualTo(Phase.START);
        assertThat(m.seqNo()).isNull();
        assertThat(m.time()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(m.matched()).isEqualTo("connectorId, idTag, meterStart and timestamp");
    }

    @Test
    void aStartTransactionCopyWrittenWithAnotherOffsetOrFieldOrderHasTheSameFingerprint() {
        Message first = identify("StartTransaction", START);
        Message copy = identify("StartTransaction", "{'timestamp':'2026-03-01T12:00:00.000+02:00',"
                + "'meterStart':12500,'idTag':'04A2B3C4','connectorId':1}");

        assertThat(copy.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void aStartTransactionDifferingInAnyComparedFieldIsAnotherStart() {
        String print = identify("StartTransaction", START).fingerprint();

        assertThat(identify("StartTransaction", START.replace("'connectorId':1", "'connectorId':2")).fingerprint())
                .isNotEqualTo(print);
        assertThat(identify("StartTransaction", START.replace("04A2B3C4", "04A2B3C5")).fingerprint())
                .isNotEqualTo(print);
        assertThat(identify("StartTransaction", START.replace("12500", "12501")).fingerprint())
                .isNotEqualTo(print);
        assertThat(identify("StartTransaction", START.replace("10:00:00Z", "10:00:01Z")).fingerprint())
                .isNotEqualTo(print);
        // A reservation is not compared: the same start with it is still a copy.
        assertThat(identify("StartTransaction", START.replace("}", ",'reservationId':7}")).fingerprint())
                .isEqualTo(print);
    }

    @Test
    void aTimestampThatIsNotAnInstantIsComparedAsText() {
        String local = START.replace("2026-03-01T10:00:00Z", "2026-03-01T10:00:00");
        Message m = identify("StartTransaction", local);

        assertThat(m.time()).isNull();
        assertThat(identify("StartTransaction", local).fingerprint()).isEqualTo(m.fingerprint());
        assertThat(m.fingerprint()).isNotEqualTo(identify("StartTransaction", START).fingerprint());
    }

    @Test
    void theAnswerOfAStartTransactionAssignsItsTransactionId() {
        assertThat(rules.assignedTransaction("StartTransaction",
                json("{'transactionId':4711,'idTagInfo':{'status':'Accepted'}}"))).contains("4711");
        assertThat(rules.assignedTransaction("StopTransaction", json("{'transactionId':4711}"))).isEmpty();
    }

    @Test
    void aStopTransactionEndsItsTransactionAndIsComparedByMeterStopAndTimestamp() {
        String stop = "{'transactionId':4711,'meterStop':19800,'timestamp':'2026-03-01T11:30:00Z',"
                + "'reason':'Local','idTag':'04A2B3C4'}";
        Message m = identify("StopTransaction", stop);

        assertThat(m.transaction()).isEqualTo("4711");
        assertThat(m.phase()).isEqualTo(Phase.END);
        assertThat(m.time()).isEqualTo(Instant.parse("2026-03-01T11:30:00Z"));
        assertThat(identify("StopTransaction", stop.replace(",'reason':'Local'", "")).fingerprint())
                .isEqualTo(m.fingerprint());
        assertThat(identify("StopTransaction", stop.replace("19800", "19801")).fingerprint())
                .isNotEqualTo(m.fingerprint());
        assertThat(identify("StopTransaction", stop.replace("4711", "4712")).transaction()).isEqualTo("4712");
    }

    static final String METER_VALUES = "{'connectorId':1,'transactionId':4711,'meterValue':["
            + "{'timestamp':'2026-03-01T10:15:00Z','sampledValue':[{'value':'14000','measurand':"
            + "'Energy.Active.Import.Register','unit':'Wh','context':'Sample.Periodic'},{'value':'7.2',"
            + "'measurand':'Power.Active.Import','unit':'kW'}]},"
            + "{'timestamp':'2026-03-01T10:30:00Z','sampledValue':[{'value':'15800','unit':'Wh'}]}]}";

    @Test
    void transactionMeterValuesAreUpdatesOrderedByTheirNewestSample() {
        Message m = identify("MeterValues", METER_VALUES);

        assertThat(m.transaction()).isEqualTo("4711");
        assertThat(m.phase()).isEqualTo(Phase.UPDATE);
        assertThat(m.time()).isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
    }

    @Test
    void meterValuesAreComparedByTimestampsAndSampledValues() {
        String print = identify("MeterValues", METER_VALUES).fingerprint();

        assertThat(identify("MeterValues", METER_VALUES.replace("10:30:00Z", "12:30:00+02:00")).fingerprint())
                .isEqualTo(print);
        assertThat(identify("MeterValues", METER_VALUES.replace("'unit':'kW'", "'unit':'kW','phase':'L1'"))
                .fingerprint()).isNotEqualTo(print);
        assertThat(identify("MeterValues", METER_VALUES.replace("15800", "15801")).fingerprint())
                .isNotEqualTo(print);
        assertThat(identify("MeterValues", METER_VALUES.replace("10:15:00Z", "10:15:01Z")).fingerprint())
                .isNotEqualTo(print);
        // Field order inside a sample does not matter.
        assertThat(identify("MeterValues", METER_VALUES.replace("{'value':'15800','unit':'Wh'}",
                "{'unit':'Wh','value':'15800'}")).fingerprint()).isEqualTo(print);
    }

    @Test
    void meterValuesOutsideATransactionAndOtherActionsAreNotTracked() {
        assertThat(rules.identify("MeterValues", json(METER_VALUES.replace("'transactionId':4711,", ""))))
                .isEmpty();
        assertThat(rules.identify("StopTransaction", json("{'meterStop':1,'timestamp':'2026-03-01T11:30:00Z'}")))
                .isEmpty();
        assertThat(rules.identify("Heartbeat", json("{}"))).isEmpty();
        assertThat(rules.identify("StatusNotification",
                json("{'connectorId':1,'errorCode':'NoError','status':'Charging'}"))).isEmpty();
    }
}
