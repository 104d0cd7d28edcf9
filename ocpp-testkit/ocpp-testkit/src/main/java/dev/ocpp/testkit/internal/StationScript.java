package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.OcppVersion;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The messages of a simulated station's scripted steps that differ between OCPP versions: what a plug-in, an
 * authorization, a meter reading, a stop and an unplug send (1.6 §4 vs 2.0.1 E01-E07), and how the CSMS's remote
 * start and stop requests read. The order of steps, their queueing and the choice of connector are version-neutral
 * and live in {@code SimulatedStation}.
 */
public interface StationScript {

    /** How the station calls the CSMS, and what time it is. */
    interface Context {
        /** Sends a CALL; completes with the CALLRESULT payload (see {@link dev.ocpp.core.OcppSession#call}). */
        CompletableFuture<ObjectNode> call(String action, ObjectNode payload);

        /**
         * Queues a transaction message for delivery (1.6 §3.7, 2.0.1 E04): completes with the CALLRESULT payload once
         * delivered, however many connections and retries that takes.
         *
         * @param messageKey    the message's key in the queue, or null
         * @param transactionOf the key of the 1.6 StartTransaction whose transactionId the queue fills in, or null
         */
        CompletableFuture<ObjectNode> queue(String action, ObjectNode payload, String messageKey,
                String transactionOf);

        /** Whether the station has a connection now. */
        boolean online();

        /**
         * {@link #queue}s a transaction message as a step does: the step waits for its delivery when the station is
         * online as it is queued, and not at all offline ({@link StationScript#stepWait}).
         */
        default CompletableFuture<Void> queueStep(String action, ObjectNode payload, String messageKey,
                String transactionOf) {
            // As it is when the message is queued, read before the queue can act on it.
            boolean wasOnline = online();
            return StationScript.stepWait(wasOnline, queue(action, payload, messageKey, transactionOf));
        }

        /**
         * Sends a CALL only if the station is connected, without waiting for a connection: completes with the
         * CALLRESULT payload, or with {@code null} when there is no connection or it is lost before the answer (the
         * station then acts offline: it authorizes locally and reports no status).
         */
        CompletableFuture<ObjectNode> callIfOnline(String action, ObjectNode payload);

        /**
         * The station's name of a new transaction ({@link TransactionLog#newTransactionKey}), unique within the
         * station and its store (also across restarts on the same store); its messages' queue keys are made from it.
         */
        String newTransactionKey();

        /**
         * Uses up the reservation of {@code token} (as its idTag / idToken text) on connector {@code c}, if any: its
         * id, for the message that starts the transaction (1.6 §5.13, 2.0.1 H01).
         */
        default java.util.Optional<Integer> useReservation(ConnectorState c, String token) {
            return java.util.Optional.empty();
        }

        /** Where the open transactions are recorded, to be ended after a restart ({@link TransactionLog}). */
        TransactionLog transactions();

        /** The station's clock, now. */
        OffsetDateTime now();
    }

    /** Why a transaction is stopped. */
    enum StopReason {
        /** The driver stopped it at the station (1.6 Local; 2.0.1 StopAuthorized / Local). */
        LOCAL("Local", "StopAuthorized", "Local"),
        /** The CSMS asked (1.6 RemoteStopTransaction §5.12; 2.0.1 RequestStopTransaction F03). */
        REMOTE("Remote", "RemoteStop", "Remote"),
        /** A hard reset (1.6 Reset Hard §5.14: HardReset; 2.0.1 Reset Immediate B12: ResetCommand, ImmediateReset). */
        HARD_RESET("HardReset", "ResetCommand", "ImmediateReset"),
        /** A soft reset (1.6 Reset Soft §5.14: SoftReset; 2.0.1 has none but Immediate). */
        SOFT_RESET("SoftReset", "ResetCommand", "ImmediateReset");

        /** The 1.6 StopTransaction reason. */
        final String reason16;
        /** The 2.0.1 TransactionEvent Ended triggerReason. */
        final String trigger201;
        /** The 2.0.1 stoppedReason. */
        final String stopped201;

        StopReason(String reason16, String trigger201, String stopped201) {
            this.reason16 = reason16;
            this.trigger201 = trigger201;
            this.stopped201 = stopped201;
        }
    }

    /** A remote start request as read: the token, the connector asked for (or null) and 2.0.1's remoteStartId. */
    record RemoteStart(JsonNode token, Integer connector, Integer remoteStartId) {
    }

    /** The script of {@code version}. */
    static StationScript of(OcppVersion version) {
        return switch (version) {
            case OCPP16 -> Script16.INSTANCE;
            case OCPP201 -> Script201.INSTANCE;
            default -> throw new IllegalArgumentException("the testkit does not simulate " + version + " stations");
        };
    }

    /** The status a connector starts in: Available. */
    default String idleStatus() {
        return "Available";
    }

    /** The BootNotification payload. */
    /**
     * The BootNotification payload; {@code reason} is the 2.0.1 BootReasonEnumType (PowerUp, RemoteReset, Triggered),
     * which 1.6 does not carry.
     */
    ObjectNode bootNotification(String vendor, String model, String reason);

    /** An idToken as this version carries it: a 1.6 idTag, a 2.0.1 IdTokenType. */
    JsonNode token(String idToken);

    /** A cable is plugged into {@code c} (already marked plugged). */
    CompletableFuture<Void> plugIn(Context ctx, ConnectorState c);

    /** Asks the CSMS about {@code token}; completes with whether it was accepted. */
    CompletableFuture<Boolean> authorize(Context ctx, JsonNode token);

    /** Charging starts on the plugged connector {@code c}, authorized by {@code token}. */
    CompletableFuture<Void> startCharging(Context ctx, ConnectorState c, JsonNode token, Integer remoteStartId);

    /** A meter reading of {@code wh} on {@code c}. */
    CompletableFuture<Void> meterValues(Context ctx, ConnectorState c, double wh);

    /** The transaction on {@code c} is stopped; the cable stays plugged in. */
    CompletableFuture<Void> stopCharging(Context ctx, ConnectorState c, StopReason reason);

    /** The cable is pulled out of {@code c}, ending a transaction that is still on. */
    CompletableFuture<Void> unplug(Context ctx, ConnectorState c);

    /**
     * A StatusNotification of {@code c} with {@code status}; offline only the connector's status changes (the station
     * reports it when it is back, 1.6 §4.9, 2.0.1 G01).
     */
    CompletableFuture<Void> statusNotification(Context ctx, ConnectorState c, String status);

    /**
     * The meter reading of {@code c} sent because the CSMS triggered it (1.6 §5.17 MeterValues, context Trigger; in
     * a 1.6 transaction it is one of the transaction's messages and queued with them; 2.0.1 F06 MeterValues).
     */
    CompletableFuture<Void> triggeredMeterValues(Context ctx, ConnectorState c);

    /**
     * 2.0.1 F06: a triggered TransactionEvent of the transaction on {@code c} (Updated, triggerReason Trigger). 1.6
     * has no such message.
     */
    default CompletableFuture<Void> triggeredTransactionEvent(Context ctx, ConnectorState c) {
        throw new UnsupportedOperationException("no TransactionEvent in this version");
    }

    /**
     * Queues the end of {@code t}, a transaction an earlier station on the same store left open when it lost power,
     * under {@link TransactionLog#endKey}: 1.6 StopTransaction with reason PowerLoss (§4.10), 2.0.1 TransactionEvent
     * Ended with stoppedReason PowerLoss. Returns the queue's future (failed at once if the queue refused it).
     */
    CompletableFuture<ObjectNode> endAfterPowerLoss(Context ctx, TransactionLog.Open t);

    /** The SignCertificate payload asking for a charging station certificate with {@code csr} (A02, 1.6 sec. ext.). */
    ObjectNode signCertificate(String csr);

    /**
     * Waits for {@code delivered} if the station was online when it was queued: a message queued offline does not
     * hold up the step that made it (the station goes on as a real one would, and the queue delivers it later).
     */
    static CompletableFuture<Void> stepWait(boolean online, CompletableFuture<?> delivered) {
        return online ? delivered.thenApply(a -> null) : CompletableFuture.completedFuture(null);
    }

    /**
     * Queues {@code message}, the one that ends the transaction on {@code c} (1.6 StopTransaction, 2.0.1
     * TransactionEvent Ended): the transaction is over at the station whatever the answer, and off the station's
     * record once the queue has the message, under the end key a restart looks for. {@code transactionOf} is the
     * key of the message whose answer gives the transaction its id (1.6 StartTransaction), or null.
     */
    static CompletableFuture<Void> queueEnd(Context ctx, ConnectorState c, String action, ObjectNode message,
            String transactionOf) {
        String key = c.transactionKey();
        c.end();
        boolean online = ctx.online();
        CompletableFuture<ObjectNode> queued = ctx.queue(action, message, TransactionLog.endKey(key), transactionOf);
        ctx.transactions().endedOnceQueued(key, queued);
        return stepWait(online, queued);
    }

    /** The action of the CSMS's remote start request. */
    String remoteStartAction();

    /** The action of the CSMS's remote stop request. */
    String remoteStopAction();

    /** Reads a remote start request. */
    RemoteStart remoteStart(ObjectNode request);

    /** The transaction id a remote stop request names. */
    String remoteStop(ObjectNode request);

    /** The connector a TriggerMessage names, if it names one. */
    Optional<Integer> triggerConnector(ObjectNode request);
}
