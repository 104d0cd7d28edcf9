package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.typed.OcppJson;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The scripted steps of an OCPP 2.0.1 charging station whose transactions start when the cable is plugged in and
 * stop when it is pulled out or the driver stops (TxStartPoint EVConnected,Authorized; Part 2 E01, E02 "cable plugin
 * first", E06, E07): a plug-in is StatusNotification Occupied (G01) and TransactionEvent Started, triggerReason
 * CablePluggedIn; an accepted Authorize (C01) is TransactionEvent Updated (or Started, when no transaction is on),
 * triggerReason Authorized (RemoteStart with the remoteStartId for F01/F02), with the idToken and chargingState
 * Charging; a reading is TransactionEvent Updated, MeterValuePeriodic (J02), or MeterValues outside a transaction
 * (J01); a stop is TransactionEvent Ended (StopAuthorized / RemoteStop); an unplug ends a transaction still on
 * (EVCommunicationLost while charging, EVDeparted otherwise; stoppedReason EVDisconnected) and reports Available.
 * The transactionId is a random UUID; seqNo counts from 0 per transaction (E01.FR.16 asks for an increasing
 * number). TransactionEvents go through the delivery queue (E04, E13), which numbers them and flags those made
 * offline; offline an idToken is accepted locally (LocalAuthorizeOffline) and no StatusNotification is sent
 * (MeterValues outside a transaction wait for the connection as any other CALL does). A transaction is on the
 * {@link TransactionLog} from its queued Started event, with each reading and token, until its Ended event is queued
 * (under {@link TransactionLog#endKey}); one left open by a power cut is ended after the restart with stoppedReason
 * PowerLoss.
 *
 * <p>Simplified: each EVSE has one connector (connectorId 1), and the EVSE id is the connector number the test
 * uses; meter readings carry one sample, Energy.Active.Import.Register in Wh; the idTokenInfo of TransactionEvent
 * answers is not acted on; a token given as text is of type ISO14443.
 */
final class Script201 implements StationScript {

    static final Script201 INSTANCE = new Script201();

    private Script201() {
    }

    private static ObjectNode obj() {
        return OcppJson.mapper().createObjectNode();
    }

    private static String time(Context ctx) {
        return OcppJson.format(ctx.now());
    }

    @Override
    public ObjectNode bootNotification(String vendor, String model, String reason) {
        // Why the station boots: PowerUp, RemoteReset after a Reset (B11/B12), Triggered (F06).
        ObjectNode boot = obj().put("reason", reason);
        boot.putObject("chargingStation").put("model", model).put("vendorName", vendor);
        return boot;
    }

    @Override
    public JsonNode token(String idToken) {
        return obj().put("idToken", idToken).put("type", "ISO14443");
    }

    @Override
    public CompletableFuture<Void> plugIn(Context ctx, ConnectorState c) {
        return statusNotification(ctx, c, "Occupied").thenCompose(v -> {
            if (c.transactionId() != null) {
                return CompletableFuture.completedFuture(null);
            }
            c.begin(ctx.newTransactionKey(), UUID.randomUUID().toString(), null);
            ObjectNode e = event(ctx, c, "Started", "CablePluggedIn");
            info(e).put("chargingState", "EVConnected");
            return begin(ctx, c, e);
        });
    }

    @Override
    public CompletableFuture<Boolean> authorize(Context ctx, JsonNode token) {
        ObjectNode request = obj();
        request.set("idToken", token.deepCopy());
        // Offline: AuthCtrlr.LocalAuthorizeOffline (C15, E04), the driver need not wait for the CSMS.
        return ctx.callIfOnline("Authorize", request)
                .thenApply(a -> a == null || "Accepted".equals(a.path("idTokenInfo").path("status").asText()));
    }

    @Override
    public CompletableFuture<Void> startCharging(Context ctx, ConnectorState c, JsonNode token, Integer remoteStartId) {
        String type = "Updated";
        if (c.transactionId() == null) {
            c.begin(ctx.newTransactionKey(), UUID.randomUUID().toString(), token);
            type = "Started";
        } else {
            c.token(token);
        }
        c.charging(true);
        ObjectNode e = event(ctx, c, type, remoteStartId != null ? "RemoteStart" : "Authorized");
        ObjectNode info = info(e).put("chargingState", "Charging");
        if (remoteStartId != null) {
            info.put("remoteStartId", remoteStartId);
        }
        e.set("idToken", token.deepCopy());
        // H01: the transaction of the reserved idToken ends the reservation, and says which.
        ctx.useReservation(c, token.path("idToken").asText()).ifPresent(id -> e.put("reservationId", id));
        if ("Started".equals(type)) {
            return begin(ctx, c, e);
        }
        ctx.transactions().changed(c);
        return send(ctx, c, e);
    }

    @Override
    public CompletableFuture<Void> meterValues(Context ctx, ConnectorState c, double wh) {
        c.meterWh(wh);
        if (c.transactionId() == null) {
            ObjectNode m = obj().put("evseId", c.id());
            m.putArray("meterValue").add(meterValue(ctx, wh, "Sample.Periodic"));
            return ctx.call("MeterValues", m).thenApply(a -> null);
        }
        ObjectNode e = event(ctx, c, "Updated", "MeterValuePeriodic");
        e.putArray("meterValue").add(meterValue(ctx, wh, "Sample.Periodic"));
        // The reading an Ended event after a power cut reports.
        ctx.transactions().changed(c);
        return send(ctx, c, e);
    }

    @Override
    public CompletableFuture<Void> stopCharging(Context ctx, ConnectorState c, StopReason reason) {
        if (c.transactionId() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no transaction on EVSE " + c.id()));
        }
        boolean local = reason == StopReason.LOCAL;
        ObjectNode e = event(ctx, c, "Ended", reason.trigger201);
        info(e).put("chargingState", "EVConnected").put("stoppedReason", reason.stopped201);
        if (local && c.token() != null) {
            e.set("idToken", c.token().deepCopy());
        }
        e.putArray("meterValue").add(meterValue(ctx, c.meterWh(), "Transaction.End"));
        return end(ctx, c, e);
    }

    @Override
    public CompletableFuture<Void> unplug(Context ctx, ConnectorState c) {
        CompletableFuture<Void> ended = CompletableFuture.completedFuture(null);
        if (c.transactionId() != null) {
            ObjectNode e = event(ctx, c, "Ended", c.charging() ? "EVCommunicationLost" : "EVDeparted");
            info(e).put("chargingState", "Idle").put("stoppedReason", "EVDisconnected");
            e.putArray("meterValue").add(meterValue(ctx, c.meterWh(), "Transaction.End"));
            ended = end(ctx, c, e);
        }
        return ended.thenCompose(v -> {
            c.plugged(false);
            return statusNotification(ctx, c, "Available");
        });
    }

    @Override
    public CompletableFuture<Void> statusNotification(Context ctx, ConnectorState c, String status) {
        c.status(status);
        ObjectNode s = obj().put("timestamp", time(ctx)).put("connectorStatus", status).put("evseId", c.id())
                .put("connectorId", 1);
        return ctx.callIfOnline("StatusNotification", s).thenAccept(a -> {
            if (a != null) {
                c.reportedStatus(status);
            }
        });
    }

    /** F06: the requested MeterValues is a MeterValues message (not a TransactionEvent), context Trigger. */
    @Override
    public CompletableFuture<Void> triggeredMeterValues(Context ctx, ConnectorState c) {
        ObjectNode m = obj().put("evseId", c.id());
        m.putArray("meterValue").add(meterValue(ctx, c.meterWh(), "Trigger"));
        return ctx.call("MeterValues", m).thenApply(a -> null);
    }

    /**
     * F06: a triggered TransactionEvent is an Updated event of the transaction on {@code c}, triggerReason Trigger,
     * with the reading now.
     */
    @Override
    public CompletableFuture<Void> triggeredTransactionEvent(Context ctx, ConnectorState c) {
        ObjectNode e = event(ctx, c, "Updated", "Trigger");
        info(e).put("chargingState", c.charging() ? "Charging" : "EVConnected");
        e.putArray("meterValue").add(meterValue(ctx, c.meterWh(), "Trigger"));
        return send(ctx, c, e);
    }

    @Override
    public ObjectNode signCertificate(String csr) {
        return obj().put("csr", csr).put("certificateType", "ChargingStationCertificate");
    }

    /** A TransactionEvent of the transaction on {@code c}, with its next seqNo; the EVSE is named when it starts. */
    private static ObjectNode event(Context ctx, ConnectorState c, String type, String trigger) {
        ObjectNode e = obj().put("eventType", type).put("timestamp", time(ctx)).put("triggerReason", trigger)
                .put("seqNo", c.nextSeqNo());
        e.putObject("transactionInfo").put("transactionId", c.transactionId());
        if ("Started".equals(type)) {
            e.putObject("evse").put("id", c.id()).put("connectorId", 1);
        }
        return e;
    }

    private static ObjectNode info(ObjectNode event) {
        return (ObjectNode) event.get("transactionInfo");
    }

    private static ObjectNode meterValue(Context ctx, double wh, String context) {
        ObjectNode value = obj().put("timestamp", time(ctx));
        ObjectNode sample = value.putArray("sampledValue").addObject().put("value", wh).put("context", context)
                .put("measurand", "Energy.Active.Import.Register");
        sample.putObject("unitOfMeasure").put("unit", "Wh");
        return value;
    }

    /**
     * An Updated TransactionEvent of the transaction on {@code c}, through the delivery queue (E04, E13), which numbers
     * and flags it (seqNo, offline), under the transaction's next {@code update<n>} key.
     */
    private static CompletableFuture<Void> send(Context ctx, ConnectorState c, ObjectNode event) {
        return ctx.queueStep("TransactionEvent", event,
                TransactionLog.messageKey(c.transactionKey(), "update", c.nextMessageNumber()), null);
    }

    /** The Started event of the transaction on {@code c}, which is recorded once queued (to end after a power cut). */
    private static CompletableFuture<Void> begin(Context ctx, ConnectorState c, ObjectNode started) {
        boolean online = ctx.online();
        CompletableFuture<ObjectNode> queued = ctx.queue("TransactionEvent", started,
                TransactionLog.startKey(c.transactionKey()), null);
        ctx.transactions().begun(c, ctx.now().toInstant(), queued);
        return StationScript.stepWait(online, queued);
    }

    /** The Ended event of the transaction on {@code c}, which is over at the station and off the record once queued. */
    private static CompletableFuture<Void> end(Context ctx, ConnectorState c, ObjectNode ended) {
        return StationScript.queueEnd(ctx, c, "TransactionEvent", ended, null);
    }

    /**
     * A transaction left open by a power cut ends with TransactionEvent Ended: stoppedReason PowerLoss, triggerReason
     * AbnormalCondition (no driver, EV or CSMS ended it: the station failed), the last reading on record
     * (Transaction.End) and the same transactionId. The queue numbers it after the transaction's events before the
     * restart, from the counter it keeps in the store (E04.FR.04: the seqNo goes on), and flags it offline only if
     * there is no connection (E04.FR.03).
     */
    @Override
    public CompletableFuture<ObjectNode> endAfterPowerLoss(Context ctx, TransactionLog.Open t) {
        ObjectNode e = obj().put("eventType", "Ended").put("timestamp", time(ctx))
                .put("triggerReason", "AbnormalCondition").put("seqNo", 0);
        e.putObject("transactionInfo").put("transactionId", t.transactionId() != null ? t.transactionId() : t.key())
                .put("stoppedReason", "PowerLoss");
        e.putArray("meterValue").add(meterValue(ctx, t.meterWh(), "Transaction.End"));
        return ctx.queue("TransactionEvent", e, TransactionLog.endKey(t.key()), null);
    }

    @Override
    public String idleStatus() {
        return "Available";
    }

    @Override
    public String remoteStartAction() {
        return "RequestStartTransaction";
    }

    @Override
    public String remoteStopAction() {
        return "RequestStopTransaction";
    }

    @Override
    public RemoteStart remoteStart(ObjectNode request) {
        JsonNode evse = request.get("evseId");
        return new RemoteStart(request.path("idToken").deepCopy(),
                evse == null || !evse.canConvertToInt() ? null : evse.asInt(), request.path("remoteStartId").asInt());
    }

    @Override
    public String remoteStop(ObjectNode request) {
        return request.path("transactionId").asText();
    }

    @Override
    public Optional<Integer> triggerConnector(ObjectNode request) {
        JsonNode evse = request.path("evse").get("id");
        return evse == null || !evse.canConvertToInt() ? Optional.empty() : Optional.of(evse.asInt());
    }
}
