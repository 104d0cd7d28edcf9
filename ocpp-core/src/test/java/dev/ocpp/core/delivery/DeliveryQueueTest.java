package dev.ocpp.core.delivery;

import static dev.ocpp.core.testing.StationHarness.bootAnswer;
import static dev.ocpp.core.testing.StationHarness.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.ConnectionClosedException;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.testing.StationHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The delivery queue against a CSMS played by hand, on a manual clock: queueing before {@code call} returns, order
 * and overtaking (OCPP 1.6 §3.7), retry arithmetic (1.6 §3.7.1, 2.0.1 E13), transaction-id substitution, the
 * overflow policy (2.0.1 E04.FR.07/08), replay pacing and restarts. The rules come from {@link TestPolicy}, shaped
 * like the 1.6 one; the version modules test their own policies.
 */
class DeliveryQueueTest {

    private static final String START = "{\"connectorId\":1,\"idTag\":\"T1\",\"meterStart\":0,"
            + "\"timestamp\":\"2026-12-07T10:00:00Z\"}";
    private static final String AUTHORIZE = "{\"idTag\":\"T1\"}";

    private final RecordingStore store = new RecordingStore(MessageStore.inMemory());
    private final Events events = new Events();

    private StationHarness station(Consumer<DeliveryQueue.Builder> settings) {
        return station(new TestPolicy(false), settings);
    }

    private StationHarness station(TestPolicy policy, Consumer<DeliveryQueue.Builder> settings) {
        DeliveryQueue.Builder b = DeliveryQueue.builder(policy).store(store).listener(events)
                .replayPacing(Duration.ZERO, Duration.ZERO);
        settings.accept(b);
        return new StationHarness(r -> r.heartbeatIntervalFromCsms(false).heartbeatInterval(Duration.ofHours(1)), b);
    }

    /** Connects and accepts the boot; what the queue sends next is left unread. */
    private static void connectAndAccept(StationHarness h) {
        h.open();
        h.answer(h.takeCall("BootNotification"), bootAnswer("Accepted", 3600));
    }

    private static String meterValues(int transactionId, int wh) {
        return "{\"connectorId\":1,\"transactionId\":" + transactionId + ",\"meterValue\":[{\"timestamp\":"
                + "\"2026-12-07T10:00:00Z\",\"sampledValue\":[{\"value\":\"" + wh + "\"}]}]}";
    }

    private static String stop(int transactionId) {
        return "{\"transactionId\":" + transactionId + ",\"meterStop\":10,\"timestamp\":\"2026-12-07T11:00:00Z\"}";
    }

    @Test
    void aTransactionMessageIsInTheStoreWhenCallReturnsAndGoesOutOnlyAfterTheBootIsAccepted() {
        StationHarness h = station(b -> { });
        CompletableFuture<ObjectNode> start = h.session.call("StartTransaction", obj(START),
                CallOptions.defaults().withMessageKey("tx1/start"));

        assertThat(store.load().messages()).extracting(StoredMessage::key).containsExactly("tx1/start");
        assertThat(h.queue.depth()).isEqualTo(1);
        assertThat(start).isNotDone();

        h.open();
        // Nothing but BootNotification before the registration is accepted (1.6 §4.2), queued messages included.
        JsonNode boot = h.takeCall("BootNotification");
        h.answer(boot, bootAnswer("Pending", 10));
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(10);
        h.answer(h.takeCall("BootNotification"), bootAnswer("Accepted", 3600));

        JsonNode sent = h.takeCall("StartTransaction");
        assertThat(sent.get(3)).isEqualTo(obj(START));
        h.answer(sent, "{\"transactionId\":42,\"idTagInfo\":{\"status\":\"Accepted\"}}");

        assertThat(start.join().path("transactionId").asInt()).isEqualTo(42);
        assertThat(store.load().messages()).isEmpty();
        assertThat(h.queue.depth()).isZero();
        assertThat(events.log).containsExactly("queued tx1/start 1", "delivered tx1/start");
    }

    @Test
    void transactionMessagesGoOneAtATimeInOrderWhileOtherMessagesOvertakeAWaitingQueue() {
        StationHarness h = station(b -> { });
        connectAndAccept(h);
        h.session.call("StartTransaction", obj(START), CallOptions.defaults().withMessageKey("s"));
        h.session.call("MeterValues", obj(meterValues(7, 1)), CallOptions.defaults().withMessageKey("m1"));
        h.session.call("StopTransaction", obj(stop(7)), CallOptions.defaults().withMessageKey("e"));
        h.runTasks();

        JsonNode start = h.takeCall("StartTransaction");
        h.answerError(start);
        // The Start waits 60 s for its retry; the queue behind it waits too, an Authorize does not (1.6 §3.7).
        CompletableFuture<ObjectNode> authorize = h.session.call("Authorize", obj(AUTHORIZE));
        h.runTasks();
        h.answer(h.takeCall("Authorize"), "{\"idTagInfo\":{\"status\":\"Accepted\"}}");
        assertThat(authorize).isCompleted();
        assertThat(h.queue.depth()).isEqualTo(3);

        h.advanceSeconds(60);
        h.answer(h.takeCall("StartTransaction"), "{\"transactionId\":7,\"idTagInfo\":{\"status\":\"Accepted\"}}");
        h.answer(h.takeCall("MeterValues"), "{}");
        h.answer(h.takeCall("StopTransaction"), "{}");
        assertThat(events.delivered()).containsExactly("s", "m1", "e");
    }

    @Test
    void aCallErrorIsRetriedAfterIntervalTimesFailuresAndDiscardedAfterTheLastAttempt() {
        StationHarness h = station(b -> b.retrySettings(new DeliveryPolicy.RetrySettings(3, Duration.ofSeconds(60))));
        connectAndAccept(h);
        CompletableFuture<ObjectNode> start = h.session.call("StartTransaction", obj(START),
                CallOptions.defaults().withMessageKey("s"));
        h.session.call("MeterValues", obj(meterValues(3, 1)), CallOptions.defaults().withMessageKey("m"));
        h.runTasks();

        h.answerError(h.takeCall("StartTransaction"));
        assertThat(store.load().messages().get(0).attempts()).isEqualTo(1);
        h.advanceSeconds(59.9);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.1);
        h.answerError(h.takeCall("StartTransaction"));
        // Before each retransmission: interval × the number of preceding transmissions (1.6 §3.7.1 example).
        h.advanceSeconds(119.9);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.1);
        h.answerError(h.takeCall("StartTransaction"));

        assertThat(start).isCompletedExceptionally();
        Throwable failure = failureOf(start);
        assertThat(failure).isInstanceOf(MessageDiscardedException.class);
        assertThat(((MessageDiscardedException) failure).reason())
                .isEqualTo(DeliveryListener.DiscardReason.ATTEMPTS_EXHAUSTED);
        assertThat(events.log).contains("retrying s 1 PT1M", "retrying s 2 PT2M", "discarded s ATTEMPTS_EXHAUSTED");
        // The next message is not held up by the discarded one.
        h.takeCall("MeterValues");
    }

    @Test
    void anUnansweredMessageCountsAsAnAttemptOnlyWhereThePolicySaysSo() {
        StationHarness counting = station(new TestPolicy(true),
                b -> b.retrySettings(new DeliveryPolicy.RetrySettings(2, Duration.ofSeconds(10))));
        connectAndAccept(counting);
        CompletableFuture<ObjectNode> a = counting.session.call("StartTransaction", obj(START));
        counting.runTasks();
        counting.takeCall("StartTransaction");
        counting.advanceSeconds(30); // the call timeout
        counting.advanceSeconds(10);
        counting.takeCall("StartTransaction");
        counting.advanceSeconds(30);
        assertThat(failureOf(a)).isInstanceOf(MessageDiscardedException.class);

        store.clear();
        events.log.clear();
        StationHarness lenient = station(new TestPolicy(false),
                b -> b.retrySettings(new DeliveryPolicy.RetrySettings(2, Duration.ofSeconds(10))));
        connectAndAccept(lenient);
        CompletableFuture<ObjectNode> b = lenient.session.call("StartTransaction", obj(START));
        lenient.runTasks();
        for (int i = 0; i < 4; i++) {
            lenient.takeCall("StartTransaction");
            lenient.advanceSeconds(30);
            lenient.advanceSeconds(10);
        }
        lenient.answer(lenient.takeCall("StartTransaction"), "{\"transactionId\":1,\"idTagInfo\":{\"status\":"
                + "\"Accepted\"}}");
        assertThat(b).isCompleted();
    }

    @Test
    void aMessageLostWithItsConnectionIsSentAgainOnTheNextOneWithoutCountingAnAttempt() {
        StationHarness h = station(b -> b.retrySettings(new DeliveryPolicy.RetrySettings(1, Duration.ofSeconds(60))));
        connectAndAccept(h);
        CompletableFuture<ObjectNode> start = h.session.call("StartTransaction", obj(START));
        h.runTasks();
        h.takeCall("StartTransaction");
        h.drop();
        assertThat(start).isNotDone();
        h.advance(StationHarness.RECONNECT);
        h.open(); // a reconnect is not a reboot: no BootNotification, the queue goes on
        JsonNode again = h.takeCall("StartTransaction");
        assertThat(store.load().messages().get(0).attempts()).isZero();
        h.answer(again, "{\"transactionId\":5,\"idTagInfo\":{\"status\":\"Accepted\"}}");
        assertThat(start).isCompleted();
    }

    @Test
    void stopAndMeterValuesQueuedBeforeTheStartIsAnsweredCarryTheTransactionIdTheCsmsAssigns() {
        StationHarness h = station(b -> { });
        h.session.call("StartTransaction", obj(START), CallOptions.defaults().withMessageKey("tx/start"));
        // Offline: the station does not know its transaction id yet; 0 stands in for it.
        h.session.call("MeterValues", obj(meterValues(0, 5)),
                CallOptions.defaults().withMessageKey("tx/mv").withTransactionOf("tx/start"));
        h.session.call("StopTransaction", obj(stop(0)),
                CallOptions.defaults().withMessageKey("tx/stop").withTransactionOf("tx/start"));
        assertThat(store.load().messages()).extracting(StoredMessage::transactionOf)
                .containsExactly(null, "tx/start", "tx/start");

        connectAndAccept(h);
        h.answer(h.takeCall("StartTransaction"), "{\"transactionId\":314,\"idTagInfo\":{\"status\":\"Accepted\"}}");
        // Substituted in the store too, so a crash now still sends the right id.
        assertThat(store.load().messages()).extracting(m -> obj(m.payload()).path("transactionId").asInt())
                .containsExactly(314, 314);
        assertThat(h.takeCall("MeterValues").get(3).path("transactionId").asInt()).isEqualTo(314);
    }

    @Test
    void aStopQueuedAfterTheStartWasAnsweredGetsItsIdAtOnceAndTheMappingIsForgotten() {
        StationHarness h = station(b -> { });
        connectAndAccept(h);
        h.session.call("StartTransaction", obj(START), CallOptions.defaults().withMessageKey("k"));
        h.runTasks();
        h.answer(h.takeCall("StartTransaction"), "{\"transactionId\":99,\"idTagInfo\":{\"status\":\"Accepted\"}}");
        assertThat(h.queue.transactionId("k")).map(JsonNode::asInt).contains(99);

        h.session.call("StopTransaction", obj(stop(0)), CallOptions.defaults().withTransactionOf("k"));
        h.runTasks();
        assertThat(h.takeCall("StopTransaction").get(3).path("transactionId").asInt()).isEqualTo(99);
        assertThat(h.queue.transactionId("k")).isEmpty();
        assertThat(store.load().state()).doesNotContainKey("delivery/transactionId/k");
    }

    @Test
    void messagesOfADiscardedStartAreDiscardedWithIt() {
        StationHarness h = station(b -> b.retrySettings(new DeliveryPolicy.RetrySettings(1, Duration.ofSeconds(1))));
        h.session.call("StartTransaction", obj(START), CallOptions.defaults().withMessageKey("s"));
        CompletableFuture<ObjectNode> stop = h.session.call("StopTransaction", obj(stop(0)),
                CallOptions.defaults().withMessageKey("e").withTransactionOf("s"));
        connectAndAccept(h);
        h.answerError(h.takeCall("StartTransaction"));
        assertThat(((MessageDiscardedException) failureOf(stop)).reason())
                .isEqualTo(DeliveryListener.DiscardReason.TRANSACTION_UNKNOWN);
        assertThat(store.load().messages()).isEmpty();
        assertThat(h.takeSent()).isEmpty();
    }

    @Test
    void aTransactionOfAnUnknownStartIsRefusedAtOnce() {
        StationHarness h = station(b -> { });
        CompletableFuture<ObjectNode> stop = h.session.call("StopTransaction", obj(stop(0)),
                CallOptions.defaults().withTransactionOf("never-queued"));
        assertThat(failureOf(stop)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.load().messages()).isEmpty();
    }

    @Test
    void aFullQueueDropsEveryOtherIntermediateMessageOldestFirstAndNeverAStartOrStop() {
        StationHarness h = station(b -> b.maxMessages(6));
        h.session.call("StartTransaction", obj(START), CallOptions.defaults().withMessageKey("s"));
        List<CompletableFuture<ObjectNode>> mv = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            mv.add(h.session.call("MeterValues", obj(meterValues(1, i)),
                    CallOptions.defaults().withMessageKey("m" + i)));
        }
        h.session.call("StopTransaction", obj(stop(1)), CallOptions.defaults().withMessageKey("e"));

        assertThat(h.queue.pending()).extracting(StoredMessage::key).containsExactly("s", "m2", "m3", "m4", "m5",
                "e");
        assertThat(((MessageDiscardedException) failureOf(mv.get(0))).reason())
                .isEqualTo(DeliveryListener.DiscardReason.OVERFLOW);
        assertThat(events.log).contains("discarded m1 OVERFLOW");
        assertThat(store.load().messages()).extracting(StoredMessage::key)
                .containsExactly("s", "m2", "m3", "m4", "m5", "e");
    }

    @Test
    void makingRoomForABigMessageDropsTheFirstThirdAndFifthIntermediateOnes() {
        String bigStop = "{\"transactionId\":1,\"meterStop\":10,\"timestamp\":\"2026-12-07T11:00:00Z\",\"idTag\":\""
                + "x".repeat(600) + "\"}";
        // Measure what the six messages and the big one weigh on a queue without bounds.
        StationHarness measure = station(b -> { });
        fill(measure);
        long six = measure.queue.bytes();
        long small = measure.queue.pending().get(1).size();
        measure.session.call("StopTransaction", obj(bigStop), CallOptions.defaults().withMessageKey("e"));
        long big = measure.queue.bytes() - six;
        assertThat(big).isGreaterThan(small * 2);
        measure.session.close();
        store.clear();
        events.log.clear();

        // Room for all but two of the meter values: the 1st and the 3rd go (E04.FR.08), the 2nd, 4th and 5th stay.
        StationHarness h = station(b -> b.maxBytes(six + big - 2 * small));
        fill(h);
        CompletableFuture<ObjectNode> stop = h.session.call("StopTransaction", obj(bigStop),
                CallOptions.defaults().withMessageKey("e"));
        assertThat(stop).isNotDone();
        assertThat(h.queue.pending()).extracting(StoredMessage::key).containsExactly("s", "m2", "m4", "m5", "e");
        assertThat(events.log).contains("discarded m1 OVERFLOW", "discarded m3 OVERFLOW");
    }

    private static void fill(StationHarness h) {
        h.session.call("StartTransaction", obj(START), CallOptions.defaults().withMessageKey("s"));
        for (int i = 1; i <= 5; i++) {
            h.session.call("MeterValues", obj(meterValues(1, i)), CallOptions.defaults().withMessageKey("m" + i));
        }
    }

    @Test
    void aQueueFullOfMessagesThatMayNotBeDroppedRefusesTheNewOneAndKeepsTheRest() {
        StationHarness h = station(b -> b.maxMessages(2));
        h.session.call("StartTransaction", obj(START), CallOptions.defaults().withMessageKey("s1"));
        h.session.call("StopTransaction", obj(stop(1)), CallOptions.defaults().withMessageKey("e1"));
        CompletableFuture<ObjectNode> third = h.session.call("StartTransaction", obj(START),
                CallOptions.defaults().withMessageKey("s2"));
        assertThat(failureOf(third)).isInstanceOf(DeliveryQueueFullException.class);
        assertThat(events.log).contains("refused s2");
        assertThat(store.load().messages()).extracting(StoredMessage::key).containsExactly("s1", "e1");
    }

    @Test
    void afterAReconnectTheBacklogStartsAfterARandomDelayAndIsPaced() {
        StationHarness h = station(b -> b.replayPacing(Duration.ofSeconds(10), Duration.ofSeconds(2))
                .random(() -> 0.5));
        for (int i = 1; i <= 3; i++) {
            h.session.call("MeterValues", obj(meterValues(1, i)), CallOptions.defaults().withMessageKey("m" + i));
        }
        connectAndAccept(h);
        h.advanceSeconds(4.9);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.1);
        h.answer(h.takeCall("MeterValues"), "{}");
        h.advanceSeconds(1.9);
        assertThat(h.takeSent()).isEmpty();
        h.advanceSeconds(0.1);
        h.answer(h.takeCall("MeterValues"), "{}");
        h.advanceSeconds(2);
        h.answer(h.takeCall("MeterValues"), "{}");

        // Caught up: a new message goes at once.
        h.session.call("MeterValues", obj(meterValues(1, 4)));
        h.runTasks();
        h.takeCall("MeterValues");
    }

    @Test
    void messagesOfAClosedSessionStayInTheStoreAndTheNextQueueOnItDeliversThem() {
        StationHarness first = station(b -> { });
        CompletableFuture<ObjectNode> a = first.session.call("StartTransaction", obj(START),
                CallOptions.defaults().withMessageKey("a"));
        first.session.call("StopTransaction", obj(stop(0)),
                CallOptions.defaults().withMessageKey("b").withTransactionOf("a"));
        first.session.close();
        first.runTasks();
        assertThat(failureOf(a)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("stays queued in the store");

        events.log.clear();
        StationHarness second = station(b -> { });
        assertThat(second.queue.pending()).extracting(StoredMessage::key).containsExactly("a", "b");
        connectAndAccept(second);
        second.answer(second.takeCall("StartTransaction"), "{\"transactionId\":8,\"idTagInfo\":{\"status\":"
                + "\"Accepted\"}}");
        assertThat(second.takeCall("StopTransaction").get(3).path("transactionId").asInt()).isEqualTo(8);
        assertThat(events.delivered()).containsExactly("a");
    }

    @Test
    void aMessageIsPreparedWithWhetherTheStationWasOfflineWhenItWasQueued() {
        StationHarness h = station(b -> { });
        h.session.call("MeterValues", obj(meterValues(1, 1)));
        connectAndAccept(h);
        h.answer(h.takeCall("MeterValues"), "{}");
        h.session.call("MeterValues", obj(meterValues(1, 2)));
        h.runTasks();
        JsonNode online = h.takeCall("MeterValues");
        assertThat(online.get(3).path("offlineMark").asBoolean()).isFalse();
        assertThat(store.load().state()).containsEntry("test/count", "2");
    }

    @Test
    void aStoreThatFailsRefusesTheCallAndQueuesNothing() {
        StationHarness h = station(b -> { });
        store.failNext = true;
        CompletableFuture<ObjectNode> start = h.session.call("StartTransaction", obj(START));
        assertThat(failureOf(start)).isInstanceOf(MessageStoreException.class);
        assertThat(h.queue.depth()).isZero();
        assertThat(store.load().state()).isEmpty();
    }

    @Test
    void aKeyAlreadyQueuedIsRefusedAndOtherMessagesAndBypassesGoDirectly() {
        StationHarness h = station(b -> { });
        h.session.call("StartTransaction", obj(START), CallOptions.defaults().withMessageKey("k"));
        CompletableFuture<ObjectNode> twice = h.session.call("StartTransaction", obj(START),
                CallOptions.defaults().withMessageKey("k"));
        assertThat(failureOf(twice)).isInstanceOf(IllegalArgumentException.class);

        // Bypassing the queue: a plain call that fails at once without a connection.
        CompletableFuture<ObjectNode> direct = h.session.call("StopTransaction", obj(stop(1)),
                CallOptions.defaults().withQueued(false).withConnectionWait(Duration.ZERO));
        h.runTasks();
        assertThat(failureOf(direct)).isInstanceOf(dev.ocpp.core.NotConnectedException.class);
        assertThat(h.queue.depth()).isEqualTo(1);
    }

    @Test
    void anAcceptedConfigurationChangeOfTheRetrySettingsAppliesToTheNextWait() {
        StationHarness h = station(b -> { });
        connectAndAccept(h);
        h.csmsCalls("c1", "ChangeConfiguration", "{\"key\":\"TestAttempts\",\"value\":\"7\"}");
        assertThat(h.queue.retrySettings().attempts()).isEqualTo(7);
        h.csmsCalls("c2", "ChangeConfiguration", "{\"key\":\"TestAttempts\",\"value\":\"reject\"}");
        assertThat(h.queue.retrySettings().attempts()).isEqualTo(7);
    }

    @Test
    void queueingAllMessagesQueuesEveryMessageButBootAndHeartbeatAndFollowsTheCsmsChange() {
        StationHarness h = station(b -> { });
        connectAndAccept(h);
        h.csmsCalls("q1", "ChangeConfiguration", "{\"key\":\"TestQueueAll\",\"value\":\"true\"}");
        assertThat(h.queue.queueAllMessages()).isTrue();
        CompletableFuture<ObjectNode> status = h.session.call("StatusNotification", obj("{\"connectorId\":1}"),
                CallOptions.defaults().withMessageKey("status-1"));
        assertThat(store.load().messages()).extracting(StoredMessage::key).containsExactly("status-1");
        h.answer(h.takeCall("StatusNotification"), "{}");
        assertThat(status).isCompleted();
        assertThat(h.queue.takes("Heartbeat", obj("{}"), CallOptions.defaults())).isFalse();
        assertThat(h.queue.takes("BootNotification", obj("{}"), CallOptions.defaults())).isFalse();

        h.csmsCalls("q2", "ChangeConfiguration", "{\"key\":\"TestQueueAll\",\"value\":\"false\"}");
        assertThat(h.queue.queueAllMessages()).isFalse();
        assertThat(h.queue.takes("StatusNotification", obj("{}"), CallOptions.defaults())).isFalse();
    }

    @Test
    void stationStateIsKeptInTheStore() {
        StationHarness h = station(b -> { });
        h.queue.state().put("app/open/1", "{\"tx\":1}");
        h.queue.state().put("app/open/2", "{\"tx\":2}");
        h.queue.state().remove("app/open/1");
        assertThat(store.load().state()).containsEntry("app/open/2", "{\"tx\":2}").doesNotContainKey("app/open/1");
        assertThat(h.queue.state().withPrefix("app/open/")).containsOnlyKeys("app/open/2");
    }

    // ------------------------------------------------------------------------------------------------ support

    private static Throwable failureOf(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    /** Rules shaped like OCPP 1.6's, with a counter in the state and a mark of the offline flag. */
    static final class TestPolicy implements DeliveryPolicy {
        private final boolean timeoutCounts;

        TestPolicy(boolean timeoutCounts) {
            this.timeoutCounts = timeoutCounts;
        }

        @Override
        public OcppVersion version() {
            return OcppVersion.OCPP16;
        }

        @Override
        public boolean isTransactionMessage(String action, ObjectNode payload, boolean ofTransaction) {
            return switch (action) {
                case "StartTransaction", "StopTransaction" -> true;
                case "MeterValues" -> ofTransaction || payload.has("transactionId");
                default -> false;
            };
        }

        @Override
        public void prepare(String action, ObjectNode payload, boolean offline, State state) {
            if ("MeterValues".equals(action)) {
                if (offline) {
                    payload.put("offlineMark", true);
                }
                String n = state.get("test/count");
                state.put("test/count", Integer.toString(n == null ? 1 : Integer.parseInt(n) + 1));
            }
        }

        @Override
        public java.util.Optional<JsonNode> assignedTransactionId(String action, ObjectNode answer) {
            return "StartTransaction".equals(action) ? java.util.Optional.ofNullable(answer.get("transactionId"))
                    : java.util.Optional.empty();
        }

        @Override
        public boolean endsTransaction(String action, ObjectNode payload) {
            return "StopTransaction".equals(action);
        }

        @Override
        public boolean droppable(String action, ObjectNode payload) {
            return "MeterValues".equals(action);
        }

        @Override
        public boolean timeoutCountsAsAttempt() {
            return timeoutCounts;
        }

        @Override
        public RetrySettings defaultRetrySettings() {
            return new RetrySettings(3, Duration.ofSeconds(60));
        }

        @Override
        public boolean mayChangeSettings(String action) {
            return "ChangeConfiguration".equals(action);
        }

        @Override
        public java.util.Optional<Boolean> changedQueueAll(String action, ObjectNode request, ObjectNode answer) {
            return "TestQueueAll".equals(request.path("key").asText())
                    && "Accepted".equals(answer.path("status").asText())
                    ? java.util.Optional.of(Boolean.parseBoolean(request.path("value").asText()))
                    : java.util.Optional.empty();
        }

        @Override
        public RetrySettings changedSettings(String action, ObjectNode request, ObjectNode answer,
                                             RetrySettings current) {
            if ("TestAttempts".equals(request.path("key").asText())
                    && "Accepted".equals(answer.path("status").asText())) {
                return current.withAttempts(Integer.parseInt(request.path("value").asText()));
            }
            return current;
        }
    }

    /** A store that can be told to fail its next write. */
    static final class RecordingStore implements MessageStore {
        private MessageStore inner;
        volatile boolean failNext;

        RecordingStore(MessageStore inner) {
            this.inner = inner;
        }

        void clear() {
            inner = MessageStore.inMemory();
        }

        @Override
        public Snapshot load() {
            return inner.load();
        }

        @Override
        public void apply(Change change) {
            if (failNext) {
                failNext = false;
                throw new MessageStoreException("disk full");
            }
            inner.apply(change);
        }
    }

    static final class Events implements DeliveryListener {
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public void queued(StoredMessage message, int depth) {
            log.add("queued " + message.key() + " " + depth);
        }

        @Override
        public void delivered(StoredMessage message, ObjectNode answer) {
            log.add("delivered " + message.key());
        }

        @Override
        public void discarded(StoredMessage message, DiscardReason reason, Throwable cause) {
            log.add("discarded " + message.key() + " " + reason);
        }

        @Override
        public void retrying(StoredMessage message, int failedAttempts, Duration wait, Throwable cause) {
            log.add("retrying " + message.key() + " " + failedAttempts + " " + wait);
        }

        @Override
        public void refused(String action, String key, Throwable reason) {
            log.add("refused " + key);
        }

        List<String> delivered() {
            return log.stream().filter(s -> s.startsWith("delivered ")).map(s -> s.substring(10)).toList();
        }
    }
}
