package dev.ocpp.v201.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.delivery.StoredMessage;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201Csms;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.Ocpp201Delivery;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.BootNotificationResponse;
import dev.ocpp.v201.messages.SecurityEventNotificationRequest;
import dev.ocpp.v201.messages.SecurityEventNotificationResponse;
import dev.ocpp.v201.messages.TransactionEventRequest;
import dev.ocpp.v201.messages.TransactionEventResponse;
import dev.ocpp.v201.types.BootReasonEnum;
import dev.ocpp.v201.types.ChargingStation;
import dev.ocpp.v201.types.RegistrationStatusEnum;
import dev.ocpp.v201.types.Transaction;
import dev.ocpp.v201.types.TransactionEventEnum;
import dev.ocpp.v201.types.TriggerReasonEnum;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The 2.0.1 delivery rules: which messages queue (E04, A04.FR.02), the offline flag (E04.FR.03), seqNo numbering,
 * the overflow choice (E04.FR.07/08), E13's retry variables; and a station whose events were made while its CSMS
 * was down, end to end over the in-memory transport with boot gating on.
 */
class Ocpp201DeliveryTest {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();
    final DeliveryPolicy policy = Ocpp201Delivery.policy();
    final InMemoryNetwork net = new InMemoryNetwork();
    Ocpp201Csms csms;
    Ocpp201CsmsSession station;

    @AfterEach
    void stop() {
        if (station != null) {
            station.session().close();
        }
        if (csms != null) {
            csms.close();
        }
    }

    static ObjectNode obj(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    static TransactionEventRequest event(String tx, TransactionEventEnum type) {
        return new TransactionEventRequest().withEventType(type).withTimestamp(NOW)
                .withTriggerReason(TriggerReasonEnum.METER_VALUE_PERIODIC).withSeqNo(99)
                .withTransactionInfo(new Transaction().withTransactionId(tx));
    }

    /** The prepare step on a plain map, as the queue would run it. */
    static final class MapState implements DeliveryPolicy.State {
        final Map<String, String> map = new HashMap<>();

        @Override
        public String get(String key) {
            return map.get(key);
        }

        @Override
        public void put(String key, String value) {
            map.put(key, value);
        }

        @Override
        public void remove(String key) {
            map.remove(key);
        }
    }

    @Test
    void transactionEventsAndSecurityEventsQueueAndNothingElseDoes() throws Exception {
        assertThat(policy.isTransactionMessage("TransactionEvent", obj("{}"), false)).isTrue();
        assertThat(policy.isTransactionMessage("SecurityEventNotification", obj("{}"), false)).isTrue();
        assertThat(policy.isTransactionMessage("MeterValues", obj("{}"), false)).isFalse();
        assertThat(policy.isTransactionMessage("StatusNotification", obj("{}"), false)).isFalse();
        assertThat(policy.mayQueue("BootNotification")).isFalse();
        assertThat(policy.mayQueue("Heartbeat")).isFalse();
        assertThat(policy.mayQueue("StatusNotification")).isTrue();
        assertThat(policy.timeoutCountsAsAttempt()).isTrue();
    }

    @Test
    void eachTransactionIsNumberedFromZeroAndItsCounterEndsWithIt() throws Exception {
        MapState state = new MapState();
        int[] seen = new int[5];
        String[] types = {"Started", "Updated", "Updated", "Ended"};
        for (int i = 0; i < types.length; i++) {
            ObjectNode p = obj("{\"eventType\":\"" + types[i] + "\",\"seqNo\":77,\"transactionInfo\":"
                    + "{\"transactionId\":\"A\"}}");
            policy.prepare("TransactionEvent", p, false, state);
            seen[i] = p.get("seqNo").asInt();
            if (i == 1) {
                // Another transaction in between has its own numbers.
                ObjectNode other = obj("{\"eventType\":\"Started\",\"seqNo\":5,\"transactionInfo\":"
                        + "{\"transactionId\":\"B\"}}");
                policy.prepare("TransactionEvent", other, false, state);
                assertThat(other.get("seqNo").asInt()).isZero();
            }
        }
        assertThat(seen).startsWith(0, 1, 2, 3);
        assertThat(state.map).doesNotContainKey("delivery/seqNo/A").containsEntry("delivery/seqNo/B", "1");

        ObjectNode kept = obj("{\"eventType\":\"Started\",\"seqNo\":41,\"transactionInfo\":{\"transactionId\":\"C\"}}");
        Ocpp201Delivery.policyKeepingSeqNo().prepare("TransactionEvent", kept, true, state);
        assertThat(kept.get("seqNo").asInt()).isEqualTo(41);
        assertThat(kept.get("offline").asBoolean()).isTrue();
    }

    @Test
    void anEventMadeOfflineIsFlaggedAndOneMadeOnlineIsLeftAsItIs() throws Exception {
        ObjectNode offline = obj("{\"eventType\":\"Started\",\"seqNo\":0,\"transactionInfo\":{\"transactionId\":\"X\"}}");
        policy.prepare("TransactionEvent", offline, true, new MapState());
        assertThat(offline.get("offline").asBoolean()).isTrue();
        ObjectNode online = obj("{\"eventType\":\"Started\",\"seqNo\":0,\"transactionInfo\":{\"transactionId\":\"X\"}}");
        policy.prepare("TransactionEvent", online, false, new MapState());
        assertThat(online.has("offline")).isFalse();
        ObjectNode security = obj("{\"type\":\"StartupOfTheDevice\",\"timestamp\":\"2026-12-07T10:00:00Z\"}");
        policy.prepare("SecurityEventNotification", security, true, new MapState());
        assertThat(security).isEqualTo(obj("{\"type\":\"StartupOfTheDevice\",\"timestamp\":\"2026-12-07T10:00:00Z\"}"));
    }

    @Test
    void onlyIntermediateUpdatedEventsMayBeDropped() throws Exception {
        assertThat(policy.droppable("TransactionEvent", obj("{\"eventType\":\"Updated\"}"))).isTrue();
        assertThat(policy.droppable("TransactionEvent", obj("{\"eventType\":\"Started\"}"))).isFalse();
        assertThat(policy.droppable("TransactionEvent", obj("{\"eventType\":\"Ended\"}"))).isFalse();
        assertThat(policy.droppable("SecurityEventNotification", obj("{}"))).isFalse();
    }

    @Test
    void acceptedSetVariablesOfTheE13VariablesChangeTheRetrySettings() throws Exception {
        DeliveryPolicy.RetrySettings start = policy.defaultRetrySettings();
        ObjectNode request = obj("{\"setVariableData\":["
                + "{\"attributeValue\":\"5\",\"component\":{\"name\":\"OCPPCommCtrlr\"},"
                + "\"variable\":{\"name\":\"MessageAttempts\",\"instance\":\"TransactionEvent\"}},"
                + "{\"attributeValue\":\"20\",\"component\":{\"name\":\"OCPPCommCtrlr\"},"
                + "\"variable\":{\"name\":\"MessageAttemptIntervalTransactionEvent\"}}]}");
        ObjectNode accepted = obj("{\"setVariableResult\":["
                + "{\"attributeStatus\":\"Accepted\",\"component\":{\"name\":\"OCPPCommCtrlr\"},"
                + "\"variable\":{\"name\":\"MessageAttempts\",\"instance\":\"TransactionEvent\"}},"
                + "{\"attributeStatus\":\"Rejected\",\"component\":{\"name\":\"OCPPCommCtrlr\"},"
                + "\"variable\":{\"name\":\"MessageAttemptIntervalTransactionEvent\"}}]}");
        DeliveryPolicy.RetrySettings after = policy.changedSettings("SetVariables", request, accepted, start);
        assertThat(after.attempts()).isEqualTo(5);
        assertThat(after.interval()).isEqualTo(start.interval());

        // Without the TransactionEvent instance it is another variable.
        ObjectNode plain = obj("{\"setVariableData\":[{\"attributeValue\":\"9\",\"component\":{\"name\":"
                + "\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"MessageAttempts\"}}]}");
        ObjectNode plainOk = obj("{\"setVariableResult\":[{\"attributeStatus\":\"Accepted\",\"component\":{\"name\":"
                + "\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"MessageAttempts\"}}]}");
        assertThat(policy.changedSettings("SetVariables", plain, plainOk, start)).isEqualTo(start);
    }

    @Test
    void anAcceptedSetVariablesOfQueueAllMessagesSwitchesItAndARejectedOneDoesNot() throws Exception {
        ObjectNode request = obj("{\"setVariableData\":[{\"attributeValue\":\"true\",\"component\":{\"name\":"
                + "\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"QueueAllMessages\"}}]}");
        ObjectNode accepted = obj("{\"setVariableResult\":[{\"attributeStatus\":\"Accepted\",\"component\":"
                + "{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"QueueAllMessages\"}}]}");
        ObjectNode rejected = obj("{\"setVariableResult\":[{\"attributeStatus\":\"Rejected\",\"component\":"
                + "{\"name\":\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"QueueAllMessages\"}}]}");
        assertThat(policy.changedQueueAll("SetVariables", request, accepted)).contains(true);
        assertThat(policy.changedQueueAll("SetVariables", request, rejected)).isEmpty();
        ObjectNode off = obj("{\"setVariableData\":[{\"attributeValue\":\"FALSE\",\"component\":{\"name\":"
                + "\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"QueueAllMessages\"}}]}");
        assertThat(policy.changedQueueAll("SetVariables", off, accepted)).contains(false);
        ObjectNode junk = obj("{\"setVariableData\":[{\"attributeValue\":\"maybe\",\"component\":{\"name\":"
                + "\"OCPPCommCtrlr\"},\"variable\":{\"name\":\"QueueAllMessages\"}}]}");
        assertThat(policy.changedQueueAll("SetVariables", junk, accepted)).isEmpty();
    }

    @Test
    void eventsMadeWhileTheCsmsIsDownArriveInOrderFlaggedOfflineAndNumbered() throws Exception {
        int port = 31_201;
        MessageStore store = MessageStore.inMemory();
        Ocpp201ChargingStation cs = Ocpp201ChargingStation.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + port + "/ocpp")).identity("CS-1")
                .bootGating(true)
                .bootNotification(new BootNotificationRequest().withReason(BootReasonEnum.POWER_UP)
                        .withChargingStation(new ChargingStation().withVendorName("ACME").withModel("W1")))
                .client(c -> c.retryBackOff(new RetryBackOff(Duration.ofMillis(50), Duration.ZERO, 0)))
                .delivery(q -> q.store(store).replayPacing(Duration.ZERO, Duration.ZERO))
                .build();
        station = cs.start();
        DeliveryQueue queue = cs.delivery().orElseThrow();

        // Nothing listens on the port: these are made offline, and boot gating lets them into the queue.
        CompletableFuture<TransactionEventResponse> started = station.call(event("T-1", TransactionEventEnum.STARTED));
        CompletableFuture<SecurityEventNotificationResponse> security = station.call(
                new SecurityEventNotificationRequest().withType("StartupOfTheDevice").withTimestamp(NOW));
        CompletableFuture<TransactionEventResponse> updated = station.call(event("T-1", TransactionEventEnum.UPDATED));
        CompletableFuture<TransactionEventResponse> ended = station.call(event("T-1", TransactionEventEnum.ENDED));
        assertThat(queue.depth()).isEqualTo(4);
        assertThat(store.load().messages()).extracting(StoredMessage::action).containsExactly("TransactionEvent",
                "SecurityEventNotification", "TransactionEvent", "TransactionEvent");

        List<String> received = new CopyOnWriteArrayList<>();
        csms = Ocpp201Csms.builder(net.serverTransport()).port(port).path("/ocpp")
                .on(BootNotificationRequest.class, b -> new BootNotificationResponse().withCurrentTime(NOW)
                        .withInterval(300).withStatus(RegistrationStatusEnum.ACCEPTED))
                .on(TransactionEventRequest.class, e -> {
                    received.add(e.getEventType().value() + " seqNo=" + e.getSeqNo() + " offline="
                            + e.getOffline());
                    return new TransactionEventResponse();
                })
                .on(SecurityEventNotificationRequest.class, e -> {
                    received.add("security " + e.getType());
                    return new SecurityEventNotificationResponse();
                })
                .build().start();

        CompletableFuture.allOf(started, security, updated, ended).get(10, TimeUnit.SECONDS);
        assertThat(received).containsExactly("Started seqNo=0 offline=true", "security StartupOfTheDevice",
                "Updated seqNo=1 offline=true", "Ended seqNo=2 offline=true");
        assertThat(store.load().messages()).isEmpty();
        assertThat(store.load().state()).containsEntry(dev.ocpp.core.typed.TypedClientBuilder.REGISTRATION_STATE,
                "Accepted");

        // Online now: the next transaction starts at 0 again and is not flagged.
        station.call(event("T-2", TransactionEventEnum.STARTED)).get(10, TimeUnit.SECONDS);
        assertThat(received.get(4)).isEqualTo("Started seqNo=0 offline=null");
    }
}
