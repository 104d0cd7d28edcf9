package dev.ocpp.v16.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallOptions;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v16.Ocpp16CentralSystem;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.Ocpp16Delivery;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.ChangeConfigurationRequest;
import dev.ocpp.v16.messages.ChangeConfigurationResponse;
import dev.ocpp.v16.messages.MeterValuesRequest;
import dev.ocpp.v16.messages.MeterValuesResponse;
import dev.ocpp.v16.messages.StartTransactionRequest;
import dev.ocpp.v16.messages.StartTransactionResponse;
import dev.ocpp.v16.messages.StopTransactionRequest;
import dev.ocpp.v16.messages.StopTransactionResponse;
import dev.ocpp.v16.types.AuthorizationStatus;
import dev.ocpp.v16.types.ConfigurationStatus;
import dev.ocpp.v16.types.IdTagInfo;
import dev.ocpp.v16.types.MeterValue;
import dev.ocpp.v16.types.SampledValue;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The 1.6 delivery rules (§3.7, §3.7.1) and, end to end over the in-memory transport, a charge point that starts,
 * meters and stops a transaction while its Central System is down: the messages arrive in order once it is up, with
 * the transactionId the Central System assigned to the StartTransaction.
 */
class Ocpp16DeliveryTest {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();
    final DeliveryPolicy policy = Ocpp16Delivery.policy();
    final InMemoryNetwork net = new InMemoryNetwork();
    Ocpp16CentralSystem cs;
    Ocpp16CentralSystemSession toCs;

    @AfterEach
    void stop() {
        if (toCs != null) {
            toCs.session().close();
        }
        if (cs != null) {
            cs.close();
        }
    }

    static ObjectNode obj(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void startStopAndMeterValuesOfATransactionQueueAndOtherMessagesDoNot() throws Exception {
        assertThat(policy.isTransactionMessage("StartTransaction", obj("{}"), false)).isTrue();
        assertThat(policy.isTransactionMessage("StopTransaction", obj("{}"), false)).isTrue();
        assertThat(policy.isTransactionMessage("MeterValues", obj("{\"transactionId\":4}"), false)).isTrue();
        assertThat(policy.isTransactionMessage("MeterValues", obj("{\"connectorId\":1}"), false)).isFalse();
        assertThat(policy.isTransactionMessage("MeterValues", obj("{\"connectorId\":1}"), true)).isTrue();
        assertThat(policy.isTransactionMessage("StatusNotification", obj("{}"), false)).isFalse();
        assertThat(policy.isTransactionMessage("Authorize", obj("{}"), false)).isFalse();
        assertThat(policy.timeoutCountsAsAttempt()).isFalse();
        assertThat(policy.droppable("MeterValues", obj("{\"transactionId\":4}"))).isTrue();
        assertThat(policy.droppable("StopTransaction", obj("{}"))).isFalse();
        assertThat(policy.droppable("StartTransaction", obj("{}"))).isFalse();
    }

    @Test
    void theStartTransactionAnswerAssignsTheTransactionId() throws Exception {
        assertThat(policy.assignedTransactionId("StartTransaction", obj("{\"transactionId\":12,\"idTagInfo\":{}}")))
                .map(n -> n.asInt()).contains(12);
        assertThat(policy.assignedTransactionId("StopTransaction", obj("{\"transactionId\":12}"))).isEmpty();
        ObjectNode stop = obj("{\"transactionId\":0,\"meterStop\":1}");
        policy.fillTransactionId("StopTransaction", stop, JSON.getNodeFactory().numberNode(12));
        assertThat(stop.get("transactionId").asInt()).isEqualTo(12);
        assertThat(policy.endsTransaction("StopTransaction", stop)).isTrue();
        assertThat(policy.endsTransaction("MeterValues", stop)).isFalse();
    }

    @Test
    void acceptedChangesOfTheTransactionMessageKeysChangeTheRetrySettings() throws Exception {
        DeliveryPolicy.RetrySettings start = policy.defaultRetrySettings();
        assertThat(start).isEqualTo(new DeliveryPolicy.RetrySettings(3, Duration.ofSeconds(60)));
        ObjectNode accepted = obj("{\"status\":\"Accepted\"}");
        assertThat(policy.changedSettings("ChangeConfiguration",
                obj("{\"key\":\"TransactionMessageAttempts\",\"value\":\"5\"}"), accepted, start).attempts())
                .isEqualTo(5);
        assertThat(policy.changedSettings("ChangeConfiguration",
                obj("{\"key\":\"TransactionMessageRetryInterval\",\"value\":\"15\"}"), accepted, start).interval())
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.changedSettings("ChangeConfiguration",
                obj("{\"key\":\"TransactionMessageAttempts\",\"value\":\"5\"}"), obj("{\"status\":\"Rejected\"}"),
                start)).isEqualTo(start);
        assertThat(policy.changedSettings("ChangeConfiguration",
                obj("{\"key\":\"TransactionMessageAttempts\",\"value\":\"0\"}"), accepted, start)).isEqualTo(start);
    }

    @Test
    void aTransactionMadeWhileTheCentralSystemIsDownArrivesInOrderWithTheIdItAssigned() throws Exception {
        int port = 31_016;
        Ocpp16ChargePoint cp = Ocpp16ChargePoint.builder(net.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + port + "/ocpp")).identity("CP-1")
                .on(ChangeConfigurationRequest.class,
                        c -> new ChangeConfigurationResponse().withStatus(ConfigurationStatus.ACCEPTED))
                .bootNotification(new BootNotificationRequest().withChargePointVendor("ACME")
                        .withChargePointModel("W1"))
                .client(c -> c.retryBackOff(new RetryBackOff(Duration.ofMillis(50), Duration.ZERO, 0)))
                .delivery(q -> q.replayPacing(Duration.ZERO, Duration.ZERO))
                .build();
        toCs = cp.start();
        DeliveryQueue queue = cp.delivery().orElseThrow();

        CompletableFuture<StartTransactionResponse> start = toCs.call(new StartTransactionRequest().withConnectorId(1)
                .withIdTag("TAG-1").withMeterStart(100).withTimestamp(NOW),
                CallOptions.defaults().withMessageKey("tx-1/start"));
        // The id is not known yet: 0 stands in until the Central System answers the StartTransaction.
        CompletableFuture<MeterValuesResponse> meter = toCs.call(new MeterValuesRequest().withConnectorId(1)
                .withTransactionId(0).withMeterValue(List.of(new MeterValue().withTimestamp(NOW.plusMinutes(1))
                        .withSampledValue(List.of(new SampledValue().withValue("150"))))),
                CallOptions.defaults().withTransactionOf("tx-1/start"));
        CompletableFuture<StopTransactionResponse> stop = toCs.call(new StopTransactionRequest().withTransactionId(0)
                .withMeterStop(200).withTimestamp(NOW.plusMinutes(2)),
                CallOptions.defaults().withTransactionOf("tx-1/start"));
        assertThat(queue.depth()).isEqualTo(3);

        List<String> received = new CopyOnWriteArrayList<>();
        cs = Ocpp16CentralSystem.builder(net.serverTransport()).port(port).path("/ocpp")
                .on(BootNotificationRequest.class, b -> new BootNotificationResponse().withCurrentTime(NOW)
                        .withInterval(300).withStatus(dev.ocpp.v16.types.RegistrationStatus.ACCEPTED))
                .on(StartTransactionRequest.class, s -> {
                    received.add("start " + s.getIdTag());
                    return new StartTransactionResponse().withTransactionId(4242)
                            .withIdTagInfo(new IdTagInfo().withStatus(AuthorizationStatus.ACCEPTED));
                })
                .on(MeterValuesRequest.class, m -> {
                    received.add("meter " + m.getTransactionId());
                    return new MeterValuesResponse();
                })
                .on(StopTransactionRequest.class, s -> {
                    received.add("stop " + s.getTransactionId());
                    return new StopTransactionResponse();
                })
                .build().start();

        CompletableFuture.allOf(start, meter, stop).get(10, TimeUnit.SECONDS);
        assertThat(received).containsExactly("start TAG-1", "meter 4242", "stop 4242");
        assertThat(start.join().getTransactionId()).isEqualTo(4242);

        // The Central System changes the retry settings; the queue follows the accepted change.
        cs.call("CP-1", new ChangeConfigurationRequest().withKey("TransactionMessageAttempts")
                .withValue("7")).get(10, TimeUnit.SECONDS);
        assertThat(queue.retrySettings().attempts()).isEqualTo(7);
    }
}
