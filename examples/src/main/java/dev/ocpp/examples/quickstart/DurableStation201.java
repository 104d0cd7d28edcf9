package dev.ocpp.examples.quickstart;

import dev.ocpp.store.DurableMessageStore;
import dev.ocpp.transport.netty.NettyClientTransport;
import dev.ocpp.v201.Ocpp201ChargingStation;
import dev.ocpp.v201.Ocpp201CsmsSession;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.TransactionEventRequest;
import dev.ocpp.v201.messages.TransactionEventResponse;
import dev.ocpp.v201.types.BootReasonEnum;
import dev.ocpp.v201.types.ChargingStation;
import dev.ocpp.v201.types.Transaction;
import dev.ocpp.v201.types.TransactionEventEnum;
import dev.ocpp.v201.types.TriggerReasonEnum;
import java.net.URI;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;

/**
 * An OCPP 2.0.1 charging station whose transaction events survive lost connections, kill -9 and power loss: they
 * are written to a durable store before {@code call} returns and delivered in order, numbered and flagged as the
 * specification says (Part 2 E04, E13), once the CSMS is reachable and has accepted the station's boot.
 */
public final class DurableStation201 {

    /** The station, its session, the answer to the event it queued and its transport (closed after the session). */
    public record Started(Ocpp201ChargingStation station, Ocpp201CsmsSession session,
                          CompletableFuture<TransactionEventResponse> answered, NettyClientTransport transport) {
    }

    private DurableStation201() {
    }

    /** Connects as CS002 to {@code ws://127.0.0.1:<port>/ocpp}, keeping its queue in {@code dir}, and starts a transaction. */
    public static Started start(int port, Path dir) {
        BootNotificationRequest boot = new BootNotificationRequest().withReason(BootReasonEnum.POWER_UP)
                .withChargingStation(new ChargingStation().withVendorName("ACME").withModel("Wallbox"));
        // tag::snippet[]
        NettyClientTransport transport = new NettyClientTransport(); // yours to close, after the session
        Ocpp201ChargingStation station = Ocpp201ChargingStation.builder(transport)
                .endpoint(URI.create("ws://127.0.0.1:" + port + "/ocpp")).identity("CS002")
                .bootNotification(boot)
                .delivery(DurableMessageStore.open(dir))
                .build();
        Ocpp201CsmsSession session = station.start();
        // On disk when call returns; sent in order, seqNo and offline flag set, until answered.
        CompletableFuture<TransactionEventResponse> answered = session.call(new TransactionEventRequest()
                .withEventType(TransactionEventEnum.STARTED).withTimestamp(OffsetDateTime.now())
                .withTriggerReason(TriggerReasonEnum.AUTHORIZED).withSeqNo(0)
                .withTransactionInfo(new Transaction().withTransactionId("TX-0001")));
        // end::snippet[]
        return new Started(station, session, answered, transport);
    }
}
