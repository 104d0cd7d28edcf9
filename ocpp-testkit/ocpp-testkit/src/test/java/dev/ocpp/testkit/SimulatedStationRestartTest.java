package dev.ocpp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.delivery.DeliveryListener;
import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.StoredMessage;
import dev.ocpp.v16.messages.StartTransactionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@link SimulatedStation} that loses power ({@link SimulatedStation#close()} mid-transaction) and comes back as a
 * new station on the same {@link MessageStore}: what it had queued is delivered first, in order, and each transaction
 * it left open is ended with reason PowerLoss (1.6 §4.10, §3.7; 2.0.1 E04). Both versions against a {@link MockCsms},
 * in memory, on a virtual clock that nobody advances unless a retry is meant to come.
 */
class SimulatedStationRestartTest {

    private static final String ID = "CS-RESTART";
    private static final Duration WAIT = Duration.ofSeconds(10);

    final VirtualClock clock = new VirtualClock(Instant.parse("2026-03-01T08:00:00Z"));
    /** The store both runs of the station share: what survives the power cut. */
    final MessageStore store = MessageStore.inMemory();
    final List<SimulatedStation> stations = new ArrayList<>();
    MockCsms csms;

    @AfterEach
    void stop() {
        stations.forEach(SimulatedStation::close);
        if (csms != null) {
            csms.close();
        }
    }

    /** A station on the shared store, not started; the mock CSMS of its version is made with the first. */
    private SimulatedStation built(OcppVersion version) {
        if (csms == null) {
            csms = MockCsms.builder(version).clock(clock).build();
        }
        SimulatedStation s = SimulatedStation.builder(version).identity(ID).endpoint(csms.url())
                .transport(csms.stationTransport()).clock(clock).store(store).build();
        stations.add(s);
        return s;
    }

    /** {@link #built}, started: its BootNotification is accepted. */
    private SimulatedStation booted(OcppVersion version) throws Exception {
        SimulatedStation s = built(version);
        await(s.start());
        return s;
    }

    private static void await(CompletableFuture<?> step) throws Exception {
        step.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits for the station's CALL of {@code action} that {@code which} picks, once answered by the CSMS. */
    private Exchange answered(String action, java.util.function.Predicate<Exchange> which) throws Exception {
        return csms.journal().await(e -> e.action().equals(action) && which.test(e) && e.answered(), WAIT)
                .orElseThrow(() -> new AssertionError("no answered " + action + "; journal: "
                        + csms.journal().exchanges()));
    }

    private static boolean ended(Exchange e) {
        return "Ended".equals(e.request().path("eventType").asText());
    }

    /** The station's transaction messages the CSMS received, in order, as "action" or "eventType seqNo". */
    private List<String> transactionMessages() {
        return csms.journal().exchanges(e -> e.caller() == Role.STATION && Set.of("StartTransaction", "MeterValues",
                "StopTransaction", "TransactionEvent").contains(e.action())).stream()
                .map(e -> e.action().equals("TransactionEvent")
                        ? e.request().path("eventType").asText() + " " + e.request().path("seqNo").asInt()
                        : e.action())
                .toList();
    }

    @Test
    void a16TransactionCutOffByAPowerLossIsStoppedAfterTheRestartWithTheCsmsIdAndTheLastReading() throws Exception {
        SimulatedStation before = booted(OcppVersion.OCPP16);
        await(before.plugIn(1));
        await(before.presentIdToken("TAG-1"));
        await(before.meterValues(1, 1500));
        String id = before.transactionId(1).orElseThrow();
        before.close(); // a power cut: no StopTransaction

        assertThat(csms.journal().exchanges("StopTransaction")).isEmpty();
        SimulatedStation after = booted(OcppVersion.OCPP16);

        ObjectNode stop = answered("StopTransaction", e -> true).request();
        assertThat(stop.path("reason").asText()).isEqualTo("PowerLoss");
        assertThat(stop.path("transactionId").asText()).isEqualTo(id);
        assertThat(stop.path("meterStop").asInt()).isEqualTo(1500);
        assertThat(stop.has("idTag")).as("nobody presented a tag to stop it").isFalse();
        assertThat(transactionMessages()).containsExactly("StartTransaction", "MeterValues", "StopTransaction");
        // The new run starts idle: every connector Available, no transaction.
        assertThat(after.isPluggedIn(1)).isFalse();
        assertThat(after.isCharging(1)).isFalse();
        assertThat(after.transactionId(1)).isEmpty();
        long reboot = csms.journal().exchanges("BootNotification").get(1).sequence();
        assertThat(answered("StatusNotification", e -> e.sequence() > reboot).request().path("status").asText())
                .isEqualTo("Available");
    }

    @Test
    void a201TransactionCutOffByAPowerLossEndsAfterTheRestartWithTheNextSeqNo() throws Exception {
        SimulatedStation before = booted(OcppVersion.OCPP201);
        await(before.plugIn(1));
        await(before.presentIdToken("TOKEN-1"));
        await(before.meterValues(1, 2500));
        String id = before.transactionId(1).orElseThrow();
        before.close();

        SimulatedStation after = booted(OcppVersion.OCPP201);

        ObjectNode end = answered("TransactionEvent", SimulatedStationRestartTest::ended).request();
        assertThat(end.at("/transactionInfo/transactionId").asText()).isEqualTo(id);
        assertThat(end.at("/transactionInfo/stoppedReason").asText()).isEqualTo("PowerLoss");
        assertThat(end.path("triggerReason").asText()).isEqualTo("AbnormalCondition");
        assertThat(end.path("seqNo").asInt()).as("E04.FR.04: the numbers go on").isEqualTo(3);
        assertThat(end.path("offline").asBoolean()).as("sent on a connection").isFalse();
        assertThat(end.at("/meterValue/0/sampledValue/0/value").asDouble()).isEqualTo(2500);
        assertThat(end.at("/meterValue/0/sampledValue/0/context").asText()).isEqualTo("Transaction.End");
        assertThat(transactionMessages()).containsExactly("Started 0", "Updated 1", "Updated 2", "Ended 3");
        assertThat(after.transactionId(1)).isEmpty();
        assertThat(after.isPluggedIn(1)).isFalse();
    }

    @Test
    void a16TransactionBegunOfflineIsDeliveredInOrderAfterTheRestartAndThenStoppedWithTheIdTheCsmsGivesOnlyNow()
            throws Exception {
        SimulatedStation before = booted(OcppVersion.OCPP16);
        await(before.goOffline(Duration.ofHours(1)));
        await(before.plugIn(1));
        await(before.presentIdToken("OFFLINE-1")); // accepted locally, StartTransaction queued
        await(before.meterValues(1, 700));
        assertThat(before.delivery().pending()).extracting(StoredMessage::action)
                .containsExactly("StartTransaction", "MeterValues");
        before.close(); // both still queued: the CSMS has given the transaction no id yet

        booted(OcppVersion.OCPP16);

        ObjectNode stop = answered("StopTransaction", e -> true).request();
        assertThat(transactionMessages()).containsExactly("StartTransaction", "MeterValues", "StopTransaction");
        int id = csms.journal().exchanges("StartTransaction").get(0).response().path("transactionId").asInt();
        assertThat(csms.journal().exchanges("MeterValues").get(0).request().path("transactionId").asInt())
                .isEqualTo(id);
        assertThat(stop.path("transactionId").asInt()).isEqualTo(id);
        assertThat(stop.path("reason").asText()).isEqualTo("PowerLoss");
        assertThat(stop.path("meterStop").asInt()).isEqualTo(700);
        assertThat(csms.journal().exchanges("StartTransaction").get(0).request().path("idTag").asText())
                .isEqualTo("OFFLINE-1");
    }

    @Test
    void a201TransactionBegunOfflineIsDeliveredInOrderAfterTheRestartAndThenEnded() throws Exception {
        SimulatedStation before = booted(OcppVersion.OCPP201);
        await(before.goOffline(Duration.ofHours(1)));
        await(before.plugIn(1));
        await(before.presentIdToken("OFFLINE-2"));
        await(before.meterValues(1, 900));
        String id = before.transactionId(1).orElseThrow();
        assertThat(before.delivery().depth()).isEqualTo(3);
        before.close();

        booted(OcppVersion.OCPP201);

        answered("TransactionEvent", SimulatedStationRestartTest::ended);
        assertThat(transactionMessages()).containsExactly("Started 0", "Updated 1", "Updated 2", "Ended 3");
        List<Exchange> events = csms.journal().exchanges("TransactionEvent");
        assertThat(events).extracting(e -> e.request().at("/transactionInfo/transactionId").asText())
                .containsOnly(id);
        // Made offline before the power cut (E04.FR.03); the end is made on the connection after it.
        assertThat(events).extracting(e -> e.request().path("offline").asBoolean())
                .containsExactly(true, true, true, false);
        ObjectNode end = events.get(3).request();
        assertThat(end.at("/transactionInfo/stoppedReason").asText()).isEqualTo("PowerLoss");
        assertThat(end.at("/meterValue/0/sampledValue/0/value").asDouble()).isEqualTo(900);
    }

    @ParameterizedTest
    @EnumSource(value = OcppVersion.class, names = {"OCPP16", "OCPP201"})
    void aRestartWithNoTransactionOpenSendsNothingMore(OcppVersion version) throws Exception {
        SimulatedStation before = booted(version);
        await(before.plugIn(1));
        await(before.presentIdToken("TAG-2"));
        await(before.meterValues(1, 100));
        await(before.unplug(1)); // ended as usual before the power cut
        before.close();
        List<String> sent = transactionMessages();

        SimulatedStation after = booted(version);

        // Anything the restart had to end was queued before the boot was taken as accepted: it would be in the queue
        // now, or on the wire already.
        assertThat(after.delivery().pending()).isEmpty();
        assertThat(after.journal().exchanges(e -> e.caller() == Role.STATION && !e.action().equals("BootNotification")
                && !e.action().equals("StatusNotification"))).isEmpty();
        assertThat(transactionMessages()).isEqualTo(sent);
    }

    @ParameterizedTest
    @EnumSource(value = OcppVersion.class, names = {"OCPP16", "OCPP201"})
    void aTransactionEndedAfterOneRestartIsNotEndedAgainAfterTheNext(OcppVersion version) throws Exception {
        SimulatedStation first = booted(version);
        await(first.plugIn(1));
        await(first.presentIdToken("TAG-3"));
        first.close();
        SimulatedStation second = built(version);
        CompletableFuture<StoredMessage> endDelivered = new CompletableFuture<>();
        second.delivery().onDelivery(new DeliveryListener() {
            @Override
            public void delivered(StoredMessage message, ObjectNode answer) {
                if (message.payload().contains("PowerLoss")) {
                    endDelivered.complete(message);
                }
            }
        });
        await(second.start());
        // Answered at the station, not only sent by the CSMS: else the store still has it, to be sent again.
        await(endDelivered);
        second.close();
        List<String> sent = transactionMessages();

        SimulatedStation third = booted(version);

        assertThat(third.delivery().pending()).isEmpty();
        assertThat(third.journal().exchanges(e -> e.caller() == Role.STATION && !e.action().equals("BootNotification")
                && !e.action().equals("StatusNotification"))).isEmpty();
        assertThat(transactionMessages()).isEqualTo(sent);
    }

    @Test
    void a16TransactionBegunAfterTheRestartIsQueuedBehindOneStillQueuedFromBeforeUnderAKeyOfItsOwn() throws Exception {
        SimulatedStation before = booted(OcppVersion.OCPP16);
        await(before.goOffline(Duration.ofHours(1)));
        await(before.plugIn(1));
        await(before.presentIdToken("OLD"));
        await(before.stopCharging(1)); // a whole transaction queued offline, ended before the power cut
        before.close();
        // The old StartTransaction fails once and waits for its retry (1.6 §3.7.1) while the new run starts another.
        csms.enqueueError(StartTransactionRequest.class, ErrorCode.INTERNAL_ERROR, "not now");
        CompletableFuture<Void> retrying = new CompletableFuture<>();
        CompletableFuture<Void> newStartQueued = new CompletableFuture<>();
        List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
        // The listener hears of a delivery on the queue's side, which may come after the step that waited for it.
        CompletableFuture<Void> newStartDelivered = new CompletableFuture<>();
        SimulatedStation after = built(OcppVersion.OCPP16);
        after.delivery().onDelivery(new DeliveryListener() {
            @Override
            public void queued(StoredMessage message, int depth) {
                if (message.payload().contains("NEW")) {
                    newStartQueued.complete(null);
                }
            }

            @Override
            public void retrying(StoredMessage message, int failedAttempts, Duration pause, Throwable cause) {
                retrying.complete(null);
            }

            @Override
            public void delivered(StoredMessage message, ObjectNode answer) {
                delivered.add(message.key());
                if (message.key().endsWith("/tx2/start")) {
                    newStartDelivered.complete(null);
                }
            }
        });
        await(after.start());
        await(retrying);
        await(after.plugIn(1));
        CompletableFuture<Void> start = after.presentIdToken("NEW");
        // Queued while the old one still waits (or refused, which fails the step).
        await(CompletableFuture.anyOf(newStartQueued, start));
        assertThat(start).isNotDone();

        clock.advance(Duration.ofSeconds(60));
        await(start);
        await(newStartDelivered);

        assertThat(delivered).containsExactly(ID + "/tx1/start", ID + "/tx1/end", ID + "/tx2/start");
        assertThat(transactionMessages()).containsExactly("StartTransaction", "StartTransaction", "StopTransaction",
                "StartTransaction");
        assertThat(csms.journal().exchanges("StartTransaction")).extracting(e -> e.request().path("idTag").asText())
                .containsExactly("OLD", "OLD", "NEW");
        int oldId = csms.journal().exchanges("StartTransaction").get(1).response().path("transactionId").asInt();
        assertThat(csms.journal().exchanges("StopTransaction").get(0).request().path("transactionId").asInt())
                .isEqualTo(oldId);
        assertThat(after.transactionId(1)).hasValueSatisfying(id -> assertThat(id).isNotEqualTo(
                Integer.toString(oldId)));
    }
}
