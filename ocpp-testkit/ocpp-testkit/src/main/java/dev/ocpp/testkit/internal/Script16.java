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
 * EVDisconnected) and reports Available.
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
    public ObjectNode bootNotification(String vendor, String model) {
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
        return ctx.call("Authorize", obj().put("idTag", token.asText()))
                .thenApply(a -> "Accepted".equals(a.path("idTagInfo").path("status").asText()));
    }

    @Override
    public CompletableFuture<Void> startCharging(Context ctx, ConnectorState c, JsonNode token, Integer remoteStartId) {
        ObjectNode start = obj().put("connectorId", c.id()).put("idTag", token.asText())
                .put("meterStart", Math.round(c.meterWh())).put("timestamp", time(ctx));
        return ctx.call("StartTransaction", start).thenCompose(a -> {
            c.begin(Integer.toString(a.path("transactionId").asInt()), token);
            c.charging(true);
            return statusNotification(ctx, c, "Charging");
        });
    }

    @Override
    public CompletableFuture<Void> meterValues(Context ctx, ConnectorState c, double wh) {
        c.meterWh(wh);
        ObjectNode m = obj().put("connectorId", c.id());
        if (c.transactionId() != null) {
            m.put("transactionId", Integer.parseInt(c.transactionId()));
        }
        ObjectNode value = m.putArray("meterValue").addObject().put("timestamp", time(ctx));
        value.putArray("sampledValue").addObject()
                .put("value", reading(wh))
                .put("context", "Sample.Periodic")
                .put("measurand", "Energy.Active.Import.Register")
                .put("unit", "Wh");
        return ctx.call("MeterValues", m).thenApply(a -> null);
    }

    @Override
    public CompletableFuture<Void> stopCharging(Context ctx, ConnectorState c, StopReason reason) {
        return stop(ctx, c, reason == StopReason.REMOTE ? "Remote" : "Local")
                .thenCompose(v -> statusNotification(ctx, c, "Finishing"));
    }

    private CompletableFuture<Void> stop(Context ctx, ConnectorState c, String reason) {
        if (c.transactionId() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no transaction on connector " + c.id()));
        }
        ObjectNode stop = obj().put("transactionId", Integer.parseInt(c.transactionId()))
                .put("meterStop", Math.round(c.meterWh())).put("timestamp", time(ctx)).put("reason", reason);
        if (c.token() != null) {
            stop.put("idTag", c.token().asText());
        }
        // The transaction is over at the station whatever the answer (§4.10: the answer only concerns the idTag).
        c.end();
        return ctx.call("StopTransaction", stop).thenApply(a -> null);
    }

    @Override
    public CompletableFuture<Void> unplug(Context ctx, ConnectorState c) {
        CompletableFuture<Void> stopped = c.transactionId() == null ? CompletableFuture.completedFuture(null)
                : stop(ctx, c, "EVDisconnected");
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
        return ctx.call("StatusNotification", s).thenApply(a -> null);
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
