package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ocpp.core.typed.OcppJson;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The scripted steps of an OCPP 1.6 charge point (1.6 edition 2 §3.6 and §4): a plug-in is StatusNotification
 * Preparing (§4.9); an accepted Authorize (§4.1) on a plugged connector is StartTransaction (§4.8, keeping the
 * Central System's transactionId) then StatusNotification Charging; a reading is MeterValues with the transactionId
 * (§4.7); a stop is StopTransaction (§4.10) then Finishing; an unplug stops a transaction still on (reason
 * EVDisconnected) and reports Available. StartTransaction, StopTransaction and the MeterValues of a transaction are
 * transaction messages (§3.7): queued, the later ones for their StartTransaction, so that the queue fills in the
 * transactionId the Central System answered, also when the transaction began and ended offline. Offline, an idTag is
 * accepted without Authorize (LocalAuthorizeOffline) and no StatusNotification is sent; MeterValues outside a
 * transaction wait for the connection as any other CALL does. A transaction is on the {@link TransactionLog} from its
 * queued StartTransaction, with each reading, until its StopTransaction is queued (under
 * {@link TransactionLog#endKey}); one left open by a power cut is stopped after the restart with reason PowerLoss.
 *
 * <p>Simplified: a StartTransaction answer whose idTagInfo is not Accepted still leaves the transaction running (a
 * real charge point with StopTransactionOnInvalidId would stop it, §4.8); meter readings carry one sample,
 * Energy.Active.Import.Register in Wh.
 */
final class Script16 implements StationScript {

    static final Script16 INSTANCE = new Script16();

    private Script16() {
    }

    private static ObjectNode obj() {
        return OcppJson.mapper().createObjectNode();
    }

    private static String time(Context ctx) {
        return OcppJson.format(ctx.now());
    }

    @Override
    public ObjectNode bootNotification(String vendor, String model, String reason) {
        return obj().put("chargePointVendor", vendor).put("chargePointModel", model);
    }

    @Override
    public JsonNode token(String idToken) {
        return TextNode.valueOf(idToken);
    }

    @Override
    public CompletableFuture<Void> plugIn(Context ctx, ConnectorState c) {
        return statusNotification(ctx, c, "Preparing");
    }

    @Override
    public CompletableFuture<Boolean> authorize(Context ctx, JsonNode token) {
        // Offline: LocalAuthorizeOffline / AllowOfflineTxForUnknownId (§9.1), the driver need not wait for the CSMS.
        return ctx.callIfOnline("Authorize", obj().put("idTag", token.asText()))
                .thenApply(a -> a == null || "Accepted".equals(a.path("idTagInfo").path("status").asText()));
    }

    @Override
    public CompletableFuture<Void> startCharging(Context ctx, ConnectorState c, JsonNode token, Integer remoteStartId) {
        ObjectNode start = obj().put("connectorId", c.id()).put("idTag", token.asText())
                .put("meterStart", Math.round(c.meterWh())).put("timestamp", time(ctx));
        // §5.13: the transaction of the reserved idTag ends the reservation, and says which.
        ctx.useReservation(c, token.asText()).ifPresent(id -> start.put("reservationId", id));
        String tx = ctx.newTransactionKey();
        String key = TransactionLog.startKey(tx);
        c.begin(tx, null, token);
        c.charging(true);
        boolean online = ctx.online();
        // The transactionId is the CSMS's (§4.8): known once the queue has delivered StartTransaction, which may be
        // after the transaction ended offline (its StopTransaction is then completed by the queue).
        CompletableFuture<ObjectNode> queued = ctx.queue("StartTransaction", start, key, null);
        ctx.transactions().begun(c, ctx.now().toInstant(), queued);
        CompletableFuture<Void> known = queued.thenAccept(a -> {
            if (tx.equals(c.transactionKey())) {
                c.transactionId(Integer.toString(a.path("transactionId").asInt()));
            }
        });
        return StationScript.stepWait(online, known).thenCompose(v -> statusNotification(ctx, c, "Charging"));
    }

    @Override
    public CompletableFuture<Void> meterValues(Context ctx, ConnectorState c, double wh) {
        c.meterWh(wh);
        // The reading a StopTransaction after a power cut reports as meterStop.
        ctx.transactions().changed(c);
        return meterValues(ctx, c, wh, "Sample.Periodic");
    }

    @Override
    public CompletableFuture<Void> triggeredMeterValues(Context ctx, ConnectorState c) {
        return meterValues(ctx, c, c.meterWh(), "Trigger");
    }

    /** MeterValues of {@code c}: within a transaction one of its messages, queued with them (§3.7), else plain. */
    private CompletableFuture<Void> meterValues(Context ctx, ConnectorState c, double wh, String context) {
        ObjectNode m = obj().put("connectorId", c.id());
        String tx = c.transactionKey();
        if (tx != null) {
            m.put("transactionId", c.transactionId() == null ? 0 : Integer.parseInt(c.transactionId()));
        }
        ObjectNode value = m.putArray("meterValue").addObject().put("timestamp", time(ctx));
        value.putArray("sampledValue").addObject()
                .put("value", reading(wh))
                .put("context", context)
                .put("measurand", "Energy.Active.Import.Register")
                .put("unit", "Wh");
        if (tx == null) {
            return ctx.call("MeterValues", m).thenApply(a -> null);
        }
        return ctx.queueStep("MeterValues", m, TransactionLog.messageKey(tx, "meter", c.nextMessageNumber()),
                TransactionLog.startKey(tx));
    }

    @Override
    public CompletableFuture<Void> stopCharging(Context ctx, ConnectorState c, StopReason reason) {
        return stop(ctx, c, reason.reason16)
                .thenCompose(v -> statusNotification(ctx, c, "Finishing"));
    }

    private CompletableFuture<Void> stop(Context ctx, ConnectorState c, String reason) {
        String tx = c.transactionKey();
        if (tx == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no transaction on connector " + c.id()));
        }
        // Queued for its StartTransaction: the queue puts in the id the CSMS gave, now or once it is known.
        int known = c.transactionId() == null ? 0 : Integer.parseInt(c.transactionId());
        ObjectNode stop = obj().put("transactionId", known).put("meterStop", Math.round(c.meterWh()))
                .put("timestamp", time(ctx)).put("reason", reason);
        if (c.token() != null) {
            stop.put("idTag", c.token().asText());
        }
        // The transaction is over at the station whatever the answer (§4.10: the answer only concerns the idTag).
        return StationScript.queueEnd(ctx, c, "StopTransaction", stop, TransactionLog.startKey(tx));
    }

    /**
     * §4.10: StopTransaction with reason PowerLoss, the last reading on record as meterStop and the time now, queued
     * for the transaction's StartTransaction (§3.7), so that it carries the transactionId the Central System
     * assigned: the queue remembers one answered before the power cut, and fills in one still to come from a
     * StartTransaction queued then. No idTag: nobody presented one to stop it.
     */
    @Override
    public CompletableFuture<ObjectNode> endAfterPowerLoss(Context ctx, TransactionLog.Open t) {
        ObjectNode stop = obj().put("transactionId", 0).put("meterStop", Math.round(t.meterWh()))
                .put("timestamp", time(ctx)).put("reason", "PowerLoss");
        return ctx.queue("StopTransaction", stop, TransactionLog.endKey(t.key()), TransactionLog.startKey(t.key()));
    }

    @Override
    public CompletableFuture<Void> unplug(Context ctx, ConnectorState c) {
        CompletableFuture<Void> stopped = c.inTransaction() ? stop(ctx, c, "EVDisconnected")
                : CompletableFuture.completedFuture(null);
        return stopped.thenCompose(v -> {
            c.plugged(false);
            return statusNotification(ctx, c, "Available");
        });
    }

    @Override
    public CompletableFuture<Void> statusNotification(Context ctx, ConnectorState c, String status) {
        c.status(status);
        ObjectNode s = obj().put("connectorId", c.id()).put("errorCode", "NoError").put("status", status)
                .put("timestamp", time(ctx));
        return ctx.callIfOnline("StatusNotification", s).thenAccept(a -> {
            if (a != null) {
                c.reportedStatus(status);
            }
        });
    }

    @Override
    public ObjectNode signCertificate(String csr) {
        return obj().put("csr", csr);
    }

    @Override
    public String remoteStartAction() {
        return "RemoteStartTransaction";
    }

    @Override
    public String remoteStopAction() {
        return "RemoteStopTransaction";
    }

    @Override
    public RemoteStart remoteStart(ObjectNode request) {
        JsonNode connector = request.get("connectorId");
        return new RemoteStart(TextNode.valueOf(request.path("idTag").asText()),
                connector == null || !connector.canConvertToInt() ? null : connector.asInt(), null);
    }

    @Override
    public String remoteStop(ObjectNode request) {
        return Integer.toString(request.path("transactionId").asInt());
    }

    @Override
    public Optional<Integer> triggerConnector(ObjectNode request) {
        JsonNode connector = request.get("connectorId");
        return connector == null || !connector.canConvertToInt() ? Optional.empty() : Optional.of(connector.asInt());
    }

    /** A reading as 1.6 writes it (a string): whole numbers without a fraction. */
    private static String reading(double wh) {
        return wh == Math.rint(wh) && Math.abs(wh) < 1e15 ? Long.toString((long) wh) : Double.toString(wh);
    }
}
