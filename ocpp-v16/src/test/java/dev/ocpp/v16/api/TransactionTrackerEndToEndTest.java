package dev.ocpp.v16.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.delivery.TransactionTracker;
import dev.ocpp.core.delivery.TransactionTracker.Finding;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.Ocpp16Delivery;
import dev.ocpp.v16.messages.MeterValuesRequest;
import dev.ocpp.v16.messages.MeterValuesResponse;
import dev.ocpp.v16.messages.StartTransactionRequest;
import dev.ocpp.v16.messages.StartTransactionResponse;
import dev.ocpp.v16.messages.StopTransactionRequest;
import dev.ocpp.v16.messages.StopTransactionResponse;
import dev.ocpp.v16.types.AuthorizationStatus;
import dev.ocpp.v16.types.IdTagInfo;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Central System with {@code Ocpp16Delivery.tracker()} over the in-memory transport, and a charge point that sends
 * its transaction messages twice, as one does when the first answer was lost (OCPP 1.6 §3.7, §3.7.1).
 */
class TransactionTrackerEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryNetwork net = new InMemoryNetwork();
    final List<Finding> findings = new CopyOnWriteArrayList<>();
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger stops = new AtomicInteger();
    final AtomicInteger meterValues = new AtomicInteger();
    final AtomicInteger nextTransactionId = new AtomicInteger(1000);
    final TransactionTracker tracker = Ocpp16Delivery.tracker().onFinding(findings::add).build();
    Ocpp16CentralSystem cs;
    final List<OcppSession> chargePoints = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        chargePoints.forEach(OcppSession::close);
        if (cs != null) {
            cs.close();
        }
    }

    void startCentralSystem() {
        // The findings are published before the copy is answered, so they are in the list once the call returns.
        cs = Ocpp16CentralSystem.builder(net.serverTransport()).port(0).path("/ocpp")
                .intercept(tracker)
                .on(StartTransactionRequest.class, req -> {
                    starts.incrementAndGet();
                    return new StartTransactionResponse().withTransactionId(nextTransactionId.getAndIncrement())
                            .withIdTagInfo(new IdTagInfo().withStatus(AuthorizationStatus.ACCEPTED));
                })
                .on(MeterValuesRequest.class, req -> {
                    meterValues.incrementAndGet();
                    return new MeterValuesResponse();
                })
                .on(StopTransactionRequest.class, req -> {
                    stops.incrementAndGet();
                    return new StopTransactionResponse()
                            .withIdTagInfo(new IdTagInfo().withStatus(AuthorizationStatus.ACCEPTED));
                })
                .build().start();
    }

    OcppSession connect(String identity) throws Exception {
        Ocpp16ChargePoint cp = Ocpp16ChargePoint.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + cs.port() + "/ocpp")).identity(identity).build();
        OcppSession session = cp.connect().get(5, TimeUnit.SECONDS).session();
        chargePoints.add(session);
        return session;
    }

    static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    }

    static ObjectNode call(OcppSession session, String action, ObjectNode payload) throws Exception {
        return session.call(action, payload.deepCopy()).get(5, TimeUnit.SECONDS);
    }

    static final String START = "{'connectorId':1,'idTag':'04A2B3C4','meterStart':12500,"
            + "'timestamp':'2026-03-01T10:00:00Z'}";

    @Test
    void aStartTransactionSentTwiceGetsTheSameTransactionIdAndIsHandledOnce() throws Exception {
        startCentralSystem();
        OcppSession cp = connect("CP-1");

        ObjectNode first = call(cp, "StartTransaction", json(START));
        ObjectNode second = call(cp, "StartTransaction", json(START));

        assertThat(starts).hasValue(1);
        assertThat(second).isEqualTo(first);
        assertThat(second.get("transactionId").asInt()).isEqualTo(1000);
        assertThat(findings).singleElement().isInstanceOfSatisfying(Finding.Duplicate.class, d -> {
            assertThat(d.identity()).isEqualTo("CP-1");
            assertThat(d.action()).isEqualTo("StartTransaction");
            assertThat(d.transaction()).isEqualTo("1000");
            assertThat(d.matched()).isEqualTo("connectorId, idTag, meterStart and timestamp");
            assertThat(d.replayed()).isTrue();
        });
        // Another start is no copy: it gets its own transaction.
        assertThat(call(cp, "StartTransaction", json(START.replace("'connectorId':1", "'connectorId':2")))
                .get("transactionId").asInt()).isEqualTo(1001);
    }

    @Test
    void aCopySentOnANewConnectionAfterTheFirstWasCutIsStillRecognised() throws Exception {
        startCentralSystem();
        OcppSession before = connect("CP-1");
        ObjectNode first = call(before, "StartTransaction", json(START));
        before.close();

        OcppSession after = connect("CP-1");
        ObjectNode copy = call(after, "StartTransaction", json(START));

        assertThat(copy).isEqualTo(first);
        assertThat(starts).hasValue(1);
    }

    @Test
    void meterValuesAndStopTransactionSentTwiceAreHandledOnceAndAnsweredAlike() throws Exception {
        startCentralSystem();
        OcppSession cp = connect("CP-1");
        int tx = call(cp, "StartTransaction", json(START)).get("transactionId").asInt();
        ObjectNode values = json("{'connectorId':1,'transactionId':" + tx + ",'meterValue':[{'timestamp':"
                + "'2026-03-01T10:15:00Z','sampledValue':[{'value':'14000','unit':'Wh'}]}]}");
        ObjectNode stop = json("{'transactionId':" + tx + ",'meterStop':19800,'timestamp':'2026-03-01T11:30:00Z',"
                + "'reason':'Local'}");

        call(cp, "MeterValues", values);
        call(cp, "MeterValues", values);
        ObjectNode stopped = call(cp, "StopTransaction", stop);
        ObjectNode again = call(cp, "StopTransaction", stop);

        assertThat(meterValues).hasValue(1);
        assertThat(stops).hasValue(1);
        assertThat(again).isEqualTo(stopped);
        assertThat(findings).extracting(f -> ((Finding.Duplicate) f).action())
                .containsExactly("MeterValues", "StopTransaction");
        assertThat(tracker.endedTransactions("CP-1")).isEqualTo(1);
    }

    @Test
    void aStopForATransactionTheCentralSystemNeverStartedIsHandledAndReportedUnknown() throws Exception {
        startCentralSystem();
        OcppSession cp = connect("CP-1");

        call(cp, "StopTransaction", json("{'transactionId':77,'meterStop':500,'timestamp':'2026-03-01T11:30:00Z'}"));

        assertThat(stops).hasValue(1);
        assertThat(findings).singleElement().isInstanceOfSatisfying(Finding.UnknownTransaction.class,
                u -> assertThat(u.transaction()).isEqualTo("77"));
    }

    @Test
    void meterValuesOlderThanTheNewestOfTheirTransactionAreReportedOutOfOrder() throws Exception {
        startCentralSystem();
        OcppSession cp = connect("CP-1");
        int tx = call(cp, "StartTransaction", json(START)).get("transactionId").asInt();

        call(cp, "MeterValues", json("{'connectorId':1,'transactionId':" + tx + ",'meterValue':[{'timestamp':"
                + "'2026-03-01T10:30:00Z','sampledValue':[{'value':'15000'}]}]}"));
        call(cp, "MeterValues", json("{'connectorId':1,'transactionId':" + tx + ",'meterValue':[{'timestamp':"
                + "'2026-03-01T10:15:00Z','sampledValue':[{'value':'14000'}]}]}"));

        assertThat(meterValues).hasValue(2);
        assertThat(findings).singleElement().isInstanceOfSatisfying(Finding.OutOfOrder.class, o -> {
            assertThat(o.arrived()).isEqualTo("2026-03-01T10:15:00Z");
            assertThat(o.newest()).isEqualTo("2026-03-01T10:30:00Z");
        });
    }
}
