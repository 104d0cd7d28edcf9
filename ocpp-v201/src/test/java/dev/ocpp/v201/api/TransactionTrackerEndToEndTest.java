package dev.ocpp.v201.api;

import static dev.ocpp.v201.api.Ocpp201Fixture.JSON;
import static dev.ocpp.v201.api.Ocpp201Fixture.NOW;
import static dev.ocpp.v201.api.Ocpp201Fixture.boot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.OcppSession;
import dev.ocpp.core.delivery.TransactionTracker;
import dev.ocpp.core.delivery.TransactionTracker.Finding;
import dev.ocpp.core.delivery.TransactionTracker.Range;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.Ocpp201Delivery;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.TransactionEventRequest;
import dev.ocpp.v201.messages.TransactionEventResponse;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A CSMS with {@code Ocpp201Delivery.tracker()} over the in-memory transport, and a station that sends its
 * TransactionEvents twice or skips numbers, as after a lost answer (E13.FR.02) or a dropped offline event
 * (E04.FR.07/08).
 */
class TransactionTrackerEndToEndTest {

    final InMemoryNetwork net = new InMemoryNetwork();
    final List<Finding> findings = new CopyOnWriteArrayList<>();
    final List<TransactionEventRequest> handled = new CopyOnWriteArrayList<>();
    final List<Boolean> toldDuplicate = new CopyOnWriteArrayList<>();
    final AtomicInteger cost = new AtomicInteger();
    final List<OcppSession> stations = new CopyOnWriteArrayList<>();
    Ocpp201Csms csms;
    TransactionTracker tracker;

    @AfterEach
    void stop() {
        stations.forEach(OcppSession::close);
        if (csms != null) {
            csms.close();
        }
    }

    void startCsms(TransactionTracker.Builder settings, UnaryOperator<Ocpp201Csms.Builder> more) {
        tracker = settings.onFinding(findings::add).build();
        // Each answer differs (a running total), so that an answer equal to the first one was replayed.
        csms = more.apply(Ocpp201Csms.builder(net.serverTransport()).port(0).path("/ocpp")
                .intercept(tracker)
                .on(BootNotificationRequest.class, b -> new BootNotificationResponse()
                        .withStatus(RegistrationStatusEnum.ACCEPTED).withCurrentTime(NOW).withInterval(300))
                .on(TransactionEventRequest.class, (req, ctx) -> {
                    handled.add(req);
                    toldDuplicate.add(tracker.isDuplicate(ctx));
                    return new TransactionEventResponse().withTotalCost((double) cost.incrementAndGet());
                }))
                .build().start();
    }

    OcppSession connect(String identity) throws Exception {
        OcppSession s = Ocpp201ChargingStation.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + csms.port() + "/ocpp")).identity(identity)
                .build().connect().get(5, TimeUnit.SECONDS).session();
        stations.add(s);
        return s;
    }

    static ObjectNode event(String type, int seqNo) throws Exception {
        return (ObjectNode) JSON.readTree(("{'eventType':'" + type + "','timestamp':'2026-03-01T10:00:0" + (seqNo % 10)
                + "Z','triggerReason':'MeterValuePeriodic','seqNo':" + seqNo
                + ",'transactionInfo':{'transactionId':'TX-1'},'evse':{'id':1}}").replace('\'', '"'));
    }

    static ObjectNode send(OcppSession station, ObjectNode payload) throws Exception {
        return station.call("TransactionEvent", payload.deepCopy()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aTransactionEventSentTwiceIsHandledOnceAndTheCopyGetsTheFirstAnswer() throws Exception {
        startCsms(Ocpp201Delivery.tracker(), b -> b);
        OcppSession station = connect("CS-1");

        send(station, event("Started", 0));
        ObjectNode first = send(station, event("Updated", 1));
        ObjectNode copy = send(station, event("Updated", 1));

        assertThat(handled).extracting(TransactionEventRequest::getSeqNo).containsExactly(0, 1);
        assertThat(copy).isEqualTo(first);
        assertThat(copy.get("totalCost").asDouble()).isEqualTo(2.0);
        assertThat(findings).singleElement().isInstanceOfSatisfying(Finding.Duplicate.class, d -> {
            assertThat(d.identity()).isEqualTo("CS-1");
            assertThat(d.transaction()).isEqualTo("TX-1");
            assertThat(d.matched()).isEqualTo("seqNo 1");
            assertThat(d.replayed()).isTrue();
        });
    }

    @Test
    void aSkippedSeqNoIsReportedAsAGapAndTheEndAsIncomplete() throws Exception {
        startCsms(Ocpp201Delivery.tracker(), b -> b);
        OcppSession station = connect("CS-1");

        send(station, event("Started", 0));
        send(station, event("Updated", 1));
        send(station, event("Updated", 3));
        send(station, event("Ended", 4));

        assertThat(handled).hasSize(4);
        assertThat(findings).hasSize(2);
        assertThat(findings.get(0)).isInstanceOfSatisfying(Finding.Gap.class, g -> {
            assertThat(g.seqNo()).isEqualTo(3);
            assertThat(g.missing()).isEqualTo(new Range(2, 2));
        });
        assertThat(findings.get(1)).isInstanceOfSatisfying(Finding.Incomplete.class, i -> {
            assertThat(i.missing()).containsExactly(new Range(2, 2));
            assertThat(i.startedSeqNo()).isEqualTo(0L);
        });
        assertThat(tracker.endedTransactions("CS-1")).isEqualTo(1);
    }

    @Test
    void passOnLetsTheTypedHandlerAnswerTheCopyAndTellsItThatItIsOne() throws Exception {
        startCsms(Ocpp201Delivery.tracker().duplicates(TransactionTracker.Duplicates.PASS_ON), b -> b);
        OcppSession station = connect("CS-1");

        send(station, event("Started", 0));
        ObjectNode copy = send(station, event("Started", 0));

        assertThat(toldDuplicate).containsExactly(false, true);
        assertThat(copy.get("totalCost").asDouble()).isEqualTo(2.0);
        assertThat(findings).singleElement().isInstanceOf(Finding.Duplicate.class);
    }

    @Test
    void withBootGatingACallRefusedBeforeAcceptanceIsNotTrackedSoItsResendIsHandled() throws Exception {
        startCsms(Ocpp201Delivery.tracker(), Ocpp201Csms.Builder::bootGating);
        OcppSession station = connect("CS-1");

        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> send(station, event("Started", 0)));
        assertThat(refused.getCause()).isInstanceOf(CallErrorException.class);
        station.call("BootNotification", JSON.valueToTree(boot())).get(5, TimeUnit.SECONDS);
        send(station, event("Started", 0));

        // The tracker sits inside gating (and validation): the refused copy never reached it.
        assertThat(handled).hasSize(1);
        assertThat(findings).isEmpty();
    }
}
