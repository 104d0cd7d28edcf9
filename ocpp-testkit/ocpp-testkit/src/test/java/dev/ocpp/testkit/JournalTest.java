package dev.ocpp.testkit;

import static dev.ocpp.core.FrameListener.Direction.IN;
import static dev.ocpp.core.FrameListener.Direction.OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocpp.core.OcppVersion;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.BootNotificationResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The journal pairs CALLs with their answers from wire frames, stays bounded, and hands exchanges to waiters. */
class JournalTest {

    private static final OcppVersion V16 = OcppVersion.OCPP16;
    private static final Duration LONG = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final VirtualClock clock = new VirtualClock(T0);
    private ExecutorService executor;

    @AfterEach
    void stopExecutor() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private Journal csmsJournal() {
        return new Journal(Role.CSMS, clock.clock(), 100);
    }

    private static String call(String id, String action, String payload) {
        return "[2,\"" + id + "\",\"" + action + "\"," + payload + "]";
    }

    private static String result(String id, String payload) {
        return "[3,\"" + id + "\"," + payload + "]";
    }

    private static String error(String id, String code) {
        return "[4,\"" + id + "\",\"" + code + "\",\"it failed\",{}]";
    }

    @Test
    void callIsPairedWithItsResultByMessageIdAndTimedByTheJournalClock() {
        Journal journal = csmsJournal();
        journal.record("CS-1", V16, IN, call("a1", "Heartbeat", "{}"));
        clock.advance(Duration.ofSeconds(2));
        journal.record("CS-1", V16, OUT, result("a1", "{\"currentTime\":\"2025-01-01T00:00:02Z\"}"));

        assertThat(journal.exchanges()).singleElement().satisfies(e -> {
            assertThat(e.sequence()).isZero();
            assertThat(e.identity()).isEqualTo("CS-1");
            assertThat(e.caller()).isEqualTo(Role.STATION);
            assertThat(e.messageId()).isEqualTo("a1");
            assertThat(e.action()).isEqualTo("Heartbeat");
            assertThat(e.answered()).isTrue();
            assertThat(e.failed()).isFalse();
            assertThat(e.response().get("currentTime").asText()).isEqualTo("2025-01-01T00:00:02Z");
            assertThat(e.calledAt()).isEqualTo(T0);
            assertThat(e.answeredAt()).isEqualTo(T0.plusSeconds(2));
        });
    }

    @Test
    void callErrorCompletesTheExchangeWithTheWireCodeAsSent() {
        Journal journal = csmsJournal();
        journal.record("CS-1", V16, OUT, call("r1", "Reset", "{\"type\":\"Soft\"}"));
        journal.record("CS-1", V16, IN, error("r1", "FormationViolation"));

        Exchange e = journal.exchanges().get(0);
        assertThat(e.caller()).isEqualTo(Role.CSMS);
        assertThat(e.failed()).isTrue();
        assertThat(e.response()).isNull();
        assertThat(e.error().code()).isEqualTo("FormationViolation");
        assertThat(e.error().description()).isEqualTo("it failed");
    }

    @Test
    void callsOfBothDirectionsArePairedFromTheOwnersPointOfView() {
        Journal journal = new Journal(Role.STATION, clock.clock(), 100);
        journal.record("CS-1", V16, OUT, call("s1", "BootNotification",
                "{\"chargePointVendor\":\"V\",\"chargePointModel\":\"M\"}"));
        journal.record("CS-1", V16, IN, result("s1",
                "{\"status\":\"Accepted\",\"currentTime\":\"2025-01-01T00:00:00Z\",\"interval\":300}"));
        journal.record("CS-1", V16, IN, call("c1", "Reset", "{\"type\":\"Hard\"}"));
        journal.record("CS-1", V16, OUT, result("c1", "{\"status\":\"Accepted\"}"));

        assertThat(journal.exchanges()).extracting(Exchange::caller, Exchange::action, e -> e.response().toString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Role.STATION, "BootNotification",
                                "{\"status\":\"Accepted\",\"currentTime\":\"2025-01-01T00:00:00Z\",\"interval\":300}"),
                        org.assertj.core.groups.Tuple.tuple(Role.CSMS, "Reset", "{\"status\":\"Accepted\"}"));
        // The typed views read the generated classes of the version.
        Exchange boot = journal.exchanges().get(0);
        assertThat(boot.request(BootNotificationRequest.class).getChargePointVendor()).isEqualTo("V");
        assertThat(boot.response(BootNotificationResponse.class)).get()
                .extracting(r -> r.getInterval()).isEqualTo(300);
    }

    @Test
    void theSameMessageIdUsedByBothSidesIsKeptApart() {
        Journal journal = csmsJournal();
        journal.record("CS-1", V16, IN, call("1", "Heartbeat", "{}"));             // the station's CALL "1"
        journal.record("CS-1", V16, OUT, call("1", "ClearCache", "{}"));           // the CSMS's CALL "1"
        journal.record("CS-1", V16, IN, result("1", "{\"status\":\"Rejected\"}"));  // answers the CSMS's
        journal.record("CS-1", V16, OUT, result("1", "{\"currentTime\":\"2025-01-01T00:00:00Z\"}")); // the station's

        assertThat(journal.last("Heartbeat")).get().satisfies(e -> {
            assertThat(e.caller()).isEqualTo(Role.STATION);
            assertThat(e.response().has("currentTime")).isTrue();
        });
        assertThat(journal.last("ClearCache")).get().satisfies(e -> {
            assertThat(e.caller()).isEqualTo(Role.CSMS);
            assertThat(e.response().get("status").asText()).isEqualTo("Rejected");
        });
    }

    @Test
    void theSameMessageIdOnTwoStationsIsKeptApart() {
        Journal journal = csmsJournal();
        journal.record("CS-1", V16, IN, call("7", "Heartbeat", "{}"));
        journal.record("CS-2", V16, IN, call("7", "Heartbeat", "{}"));
        journal.record("CS-2", V16, OUT, result("7", "{\"currentTime\":\"2025-01-01T00:00:00Z\"}"));

        assertThat(journal.exchanges()).extracting(Exchange::identity, Exchange::answered)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CS-1", false),
                        org.assertj.core.groups.Tuple.tuple("CS-2", true));
    }

    @Test
    void anAnswerToNoKnownCallIsIgnored() {
        Journal journal = csmsJournal();
        journal.record("CS-1", V16, IN, call("1", "Heartbeat", "{}"));
        journal.record("CS-1", V16, OUT, result("2", "{}"));  // no CALL "2"
        journal.record("CS-1", V16, IN, result("1", "{}"));   // "1" was the station's CALL: its answer goes OUT
        journal.record("CS-9", V16, OUT, result("1", "{}"));  // another station

        assertThat(journal.exchanges()).singleElement().satisfies(e -> assertThat(e.answered()).isFalse());
        assertThat(journal.malformed()).isEmpty();
    }

    @Test
    void malformedFramesAreKeptApartAndBounded() {
        Journal journal = csmsJournal();
        journal.record("CS-1", V16, IN, "not json");
        journal.record("CS-1", V16, IN, "[2,\"x\",\"Heartbeat\"]");  // a CALL without payload
        journal.record("CS-1", V16, IN, "[9,\"x\"]");                 // no such message type
        journal.record("CS-1", V16, IN, call("ok", "Heartbeat", "{}"));

        assertThat(journal.malformed()).containsExactly("not json", "[2,\"x\",\"Heartbeat\"]", "[9,\"x\"]");
        assertThat(journal.exchanges()).singleElement().extracting(Exchange::messageId).isEqualTo("ok");

        for (int i = 0; i < 1_005; i++) {
            journal.record("CS-1", V16, IN, "garbage " + i);
        }
        assertThat(journal.malformed()).hasSize(1_000).startsWith("garbage 5").endsWith("garbage 1004");
    }

    @Test
    void pastCapacityTheOldestAreDroppedAndPairingKeepsWorking() {
        Journal journal = new Journal(Role.CSMS, clock.clock(), 10);
        for (int i = 0; i < 12; i++) {
            journal.record("CS-1", V16, IN, call("m" + i, "Heartbeat", "{}"));
        }
        assertThat(journal.exchanges()).extracting(Exchange::sequence)
                .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);

        journal.record("CS-1", V16, OUT, result("m0", "{}"));  // its CALL was dropped: nothing to pair
        journal.record("CS-1", V16, OUT, result("m5", "{}"));
        journal.record("CS-1", V16, OUT, result("m11", "{}"));
        assertThat(journal.exchanges()).filteredOn(Exchange::answered).extracting(Exchange::messageId)
                .containsExactly("m5", "m11");

        // A message id reused after its first CALL was dropped pairs with the new CALL.
        journal.record("CS-1", V16, IN, call("m0", "StatusNotification", "{}"));
        journal.record("CS-1", V16, OUT, result("m0", "{}"));
        assertThat(journal.last("StatusNotification")).get().extracting(Exchange::answered).isEqualTo(true);
        assertThat(journal.exchanges()).hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new Journal(Role.CSMS, clock.clock(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void awaitReturnsTheEarliestMatchEveryTime() throws InterruptedException {
        Journal journal = csmsJournal();
        journal.record("CS-1", V16, IN, call("1", "Heartbeat", "{}"));
        journal.record("CS-1", V16, IN, call("2", "Heartbeat", "{}"));

        for (int i = 0; i < 2; i++) {
            assertThat(journal.await(e -> e.action().equals("Heartbeat"), Duration.ZERO)).get()
                    .extracting(Exchange::messageId).isEqualTo("1");
        }
        assertThat(journal.await(e -> e.action().equals("Authorize"), Duration.ZERO)).isEmpty();
    }

    @Test
    void takeHandsOutEachExchangeOnceInOrder() throws InterruptedException {
        Journal journal = csmsJournal();
        journal.record("CS-1", V16, IN, call("1", "Heartbeat", "{}"));
        journal.record("CS-1", V16, IN, call("2", "Authorize", "{\"idTag\":\"T\"}"));
        journal.record("CS-1", V16, IN, call("3", "Heartbeat", "{}"));

        assertThat(journal.take(e -> e.action().equals("Heartbeat"), Duration.ZERO)).get()
                .extracting(Exchange::messageId).isEqualTo("1");
        assertThat(journal.take(e -> e.action().equals("Heartbeat"), Duration.ZERO)).get()
                .extracting(Exchange::messageId).isEqualTo("3");
        assertThat(journal.take(e -> e.action().equals("Heartbeat"), Duration.ZERO)).isEmpty();
        // Taking one kind leaves the others; await ignores what take handed out.
        assertThat(journal.take(e -> true, Duration.ZERO)).get().extracting(Exchange::messageId).isEqualTo("2");
        assertThat(journal.await(e -> true, Duration.ZERO)).get().extracting(Exchange::messageId).isEqualTo("1");
    }

    @Test
    void takeWaitsForACallRecordedLaterOnAnotherThread() throws Exception {
        Journal journal = csmsJournal();
        journal.record("CS-1", V16, IN, call("1", "Heartbeat", "{}"));
        executor = Executors.newSingleThreadExecutor();
        CountDownLatch skipped = new CountDownLatch(1);
        Future<Optional<Exchange>> taken = executor.submit(() -> journal.take(e -> {
            if (e.action().equals("Heartbeat")) {
                skipped.countDown();
            }
            return e.action().equals("Authorize");
        }, LONG));
        // Recorded only once the taker has looked at what there was, so the taker must be woken by it.
        assertThat(skipped.await(10, TimeUnit.SECONDS)).isTrue();
        journal.record("CS-1", V16, IN, call("2", "Authorize", "{\"idTag\":\"T\"}"));

        assertThat(taken.get(10, TimeUnit.SECONDS)).get().extracting(Exchange::messageId).isEqualTo("2");
    }

    @Test
    void awaitSeesAnAnswerThatArrivesLaterFromAnotherThread() throws Exception {
        Journal journal = csmsJournal();
        journal.record("CS-1", V16, OUT, call("r1", "Reset", "{\"type\":\"Soft\"}"));
        executor = Executors.newSingleThreadExecutor();
        CountDownLatch sawUnanswered = new CountDownLatch(1);
        // The answer is recorded only once the waiter has seen the exchange unanswered, so it must be woken by it.
        Future<?> answerer = executor.submit(() -> {
            assertThat(sawUnanswered.await(10, TimeUnit.SECONDS)).isTrue();
            journal.record("CS-1", V16, IN, result("r1", "{\"status\":\"Accepted\"}"));
            return null;
        });

        Optional<Exchange> answered = journal.await(e -> {
            if (!e.answered()) {
                sawUnanswered.countDown();
            }
            return e.action().equals("Reset") && e.answered();
        }, LONG);

        answerer.get(10, TimeUnit.SECONDS);
        assertThat(answered).get().satisfies(e -> {
            assertThat(e.messageId()).isEqualTo("r1");
            assertThat(e.response().get("status").asText()).isEqualTo("Accepted");
        });
    }

    @Test
    void awaitGivesUpEmptyAfterItsTimeout() throws InterruptedException {
        Journal journal = csmsJournal();
        long start = System.nanoTime();
        assertThat(journal.await(e -> true, Duration.ofMillis(50))).isEmpty();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void clearForgetsEverythingAndLateAnswersPairWithNothing() {
        Journal journal = csmsJournal();
        journal.record("CS-1", V16, IN, call("1", "Heartbeat", "{}"));
        journal.record("CS-1", V16, IN, "junk");
        journal.clear();
        journal.record("CS-1", V16, OUT, result("1", "{}"));
        assertThat(journal.exchanges()).isEmpty();
        assertThat(journal.malformed()).isEmpty();

        journal.record("CS-1", V16, IN, call("2", "Heartbeat", "{}"));
        assertThat(journal.exchanges()).singleElement().extracting(Exchange::sequence).isEqualTo(1L);
    }

    @Test
    void exchangesCanBeSelectedByActionAndCondition() {
        Journal journal = csmsJournal();
        journal.record("CS-1", V16, IN, call("1", "Heartbeat", "{}"));
        journal.record("CS-2", V16, IN, call("2", "Heartbeat", "{}"));
        journal.record("CS-1", V16, IN, call("3", "Authorize", "{\"idTag\":\"T\"}"));

        assertThat(journal.exchanges("Heartbeat")).extracting(Exchange::messageId).containsExactly("1", "2");
        assertThat(journal.exchanges(e -> e.identity().equals("CS-1"))).extracting(Exchange::messageId)
                .containsExactly("1", "3");
        assertThat(journal.last("Heartbeat")).get().extracting(Exchange::messageId).isEqualTo("2");
        assertThat(journal.last("Reset")).isEmpty();
    }
}
