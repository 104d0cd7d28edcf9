package dev.ocpp.examples.durability;

import dev.ocpp.core.CallOptions;
import dev.ocpp.core.RetryBackOff;
import dev.ocpp.core.delivery.DeliveryPolicy;
import dev.ocpp.core.delivery.DeliveryQueue;
import dev.ocpp.core.delivery.MessageStore;
import dev.ocpp.core.spi.TransportClientFactory;
import dev.ocpp.v16.Ocpp16CentralSystemSession;
import dev.ocpp.v16.Ocpp16ChargePoint;
import dev.ocpp.v16.messages.MeterValuesRequest;
import dev.ocpp.v16.messages.StartTransactionRequest;
import dev.ocpp.v16.messages.StopTransactionRequest;
import dev.ocpp.v16.types.Reason;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.TransactionEventRequest;
import dev.ocpp.v201.types.BootReasonEnum;
import dev.ocpp.v201.types.ChargingStation;
import dev.ocpp.v201.types.MeterValue;
import dev.ocpp.v201.types.SampledValue;
import dev.ocpp.v201.types.Transaction;
import dev.ocpp.v201.types.TransactionEventEnum;
import dev.ocpp.v201.types.TriggerReasonEnum;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Transactions whose every message carries a number unique to its station, so that a test can tell exactly which
 * messages reached the CSMS: 1.6 StartTransaction {@code meterStart = n}, two MeterValues {@code n+1}, {@code n+2},
 * StopTransaction {@code meterStop = n+3}; 2.0.1 TransactionEvents Started, Updated, Updated, Ended of transaction
 * {@code tx-n}, each with one sampled value {@code n..n+3}. The stations deliver through a {@link DeliveryQueue}
 * with fast reconnects and patient retries, so that only a genuine loss can fail a test.
 */
final class Numbered {

    static final OffsetDateTime T0 = OffsetDateTime.of(2026, 12, 7, 10, 0, 0, 0, ZoneOffset.UTC);
    /** Messages per transaction. */
    static final int PER_TRANSACTION = 4;

    private Numbered() {
    }

    /** Queue settings that never give a message up within a test, and replay without pauses. */
    static Consumer<DeliveryQueue.Builder> patient(MessageStore store) {
        return q -> q.store(store).replayPacing(Duration.ZERO, Duration.ZERO)
                .retrySettings(new DeliveryPolicy.RetrySettings(1_000, Duration.ofMillis(200)));
    }

    static final RetryBackOff FAST_RECONNECT = new RetryBackOff(Duration.ofMillis(100), Duration.ofMillis(100), 2);

    static Ocpp16ChargePoint station16(TransportClientFactory transport, URI endpoint, String identity,
                                       Consumer<DeliveryQueue.Builder> delivery, Duration callTimeout) {
        return Ocpp16ChargePoint.builder(transport).endpoint(endpoint).identity(identity)
                .bootNotification(new dev.ocpp.v16.messages.BootNotificationRequest().withChargePointVendor("ACME")
                        .withChargePointModel("Durable"))
                .client(c -> c.retryBackOff(FAST_RECONNECT).sessionConfig(sessions(callTimeout))
                        .pingInterval(Duration.ofMillis(500)).pongTimeout(Duration.ofSeconds(1)))
                .delivery(delivery)
                .build();
    }

    static Ocpp201ChargingStation station201(TransportClientFactory transport, URI endpoint, String identity,
                                             Consumer<DeliveryQueue.Builder> delivery, Duration callTimeout) {
        return Ocpp201ChargingStation.builder(transport).endpoint(endpoint).identity(identity)
                .bootNotification(new BootNotificationRequest().withReason(BootReasonEnum.POWER_UP)
                        .withChargingStation(new ChargingStation().withVendorName("ACME").withModel("Durable")))
                .client(c -> c.retryBackOff(FAST_RECONNECT).sessionConfig(sessions(callTimeout))
                        .pingInterval(Duration.ofMillis(500)).pongTimeout(Duration.ofSeconds(1)))
                .delivery(delivery)
                .build();
    }

    private static dev.ocpp.core.SessionConfig sessions(Duration callTimeout) {
        return dev.ocpp.core.SessionConfig.builder().callTimeout(callTimeout).build();
    }

    /**
     * Queues the transaction numbered from {@code n} on a 1.6 charge point; {@code accepted} hears each number whose
     * call returned without failing (its message is in the store). The MeterValues and StopTransaction name their
     * StartTransaction, so they carry the transactionId the Central System assigns, whenever that is.
     */
    static List<CompletableFuture<?>> transaction16(Ocpp16CentralSystemSession cs, String identity, int n,
                                                    IntConsumer accepted, Runnable between) {
        String start = identity + "/tx" + n;
        List<CompletableFuture<?>> out = new ArrayList<>();
        OffsetDateTime at = T0.plusSeconds(n);
        out.add(note(cs.call(new StartTransactionRequest().withConnectorId(1).withIdTag("TAG").withMeterStart(n)
                .withTimestamp(at), CallOptions.defaults().withMessageKey(start)), n, accepted));
        for (int k = 1; k <= 2; k++) {
            between.run();
            out.add(note(cs.call(new MeterValuesRequest().withConnectorId(1).withTransactionId(0)
                    .withMeterValue(List.of(new dev.ocpp.v16.types.MeterValue().withTimestamp(at.plusSeconds(k))
                            .withSampledValue(List.of(new dev.ocpp.v16.types.SampledValue()
                                    .withValue(Integer.toString(n + k)))))),
                    CallOptions.defaults().withTransactionOf(start)), n + k, accepted));
        }
        between.run();
        out.add(note(cs.call(new StopTransactionRequest().withTransactionId(0).withMeterStop(n + 3)
                .withTimestamp(at.plusSeconds(3)).withReason(Reason.LOCAL),
                CallOptions.defaults().withTransactionOf(start)), n + 3, accepted));
        return out;
    }

    /** The same for a 2.0.1 station: transaction {@code tx-n}, the queue numbers its seqNo. */
    static List<CompletableFuture<?>> transaction201(Ocpp201CsmsSession csms, int n, IntConsumer accepted,
                                                     Runnable between) {
        List<CompletableFuture<?>> out = new ArrayList<>();
        TransactionEventEnum[] types = {TransactionEventEnum.STARTED, TransactionEventEnum.UPDATED,
                TransactionEventEnum.UPDATED, TransactionEventEnum.ENDED};
        for (int k = 0; k < PER_TRANSACTION; k++) {
            if (k > 0) {
                between.run();
            }
            OffsetDateTime at = T0.plusSeconds(n + k);
            TransactionEventRequest e = new TransactionEventRequest().withEventType(types[k]).withTimestamp(at)
                    .withTriggerReason(k == 0 ? TriggerReasonEnum.AUTHORIZED : k == 3
                            ? TriggerReasonEnum.STOP_AUTHORIZED : TriggerReasonEnum.METER_VALUE_PERIODIC)
                    .withSeqNo(0)
                    .withTransactionInfo(new Transaction().withTransactionId("tx-" + n))
                    .withMeterValue(List.of(new MeterValue().withTimestamp(at)
                            .withSampledValue(List.of(new SampledValue().withValue((double) (n + k))))));
            out.add(note(csms.call(e), n + k, accepted));
        }
        return out;
    }

    private static CompletableFuture<?> note(CompletableFuture<?> call, int number, IntConsumer accepted) {
        // A call that failed at once (queue full, store failed) was not accepted; one still running is stored.
        if (!call.isCompletedExceptionally()) {
            accepted.accept(number);
        }
        return call;
    }
}
