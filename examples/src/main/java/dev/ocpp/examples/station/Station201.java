package dev.ocpp.examples.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppSession;
import dev.ocpp.examples.support.Payloads;
import dev.ocpp.v201.Ocpp201Actions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The OCPP 2.0.1 station, with hand-built payloads until the 2.0.1 typed classes exist: BootNotification,
 * StatusNotification and Heartbeat out; GetVariables answered, read-only; every other CSMS call left to the engine's
 * NotSupported or NotImplemented, which the demo relies on to show a CALLERROR. It runs no charging session yet.
 */
final class Station201 implements StationProtocol {

    private final String vendor;
    private final String model;
    private final Supplier<Long> heartbeatSeconds;
    private final Clock clock;

    /**
     * @param vendor           sent in BootNotification and reported as ChargingStation.VendorName
     * @param model            sent in BootNotification and reported as ChargingStation.Model
     * @param heartbeatSeconds the heartbeat interval in force, read on every GetVariables
     */
    Station201(String vendor, String model, Supplier<Long> heartbeatSeconds, Clock clock) {
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.model = Objects.requireNonNull(model, "model");
        this.heartbeatSeconds = Objects.requireNonNull(heartbeatSeconds, "heartbeatSeconds");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Handlers handlers() {
        return Handlers.builder(Ocpp201Actions.CATALOG)
                .on("GetVariables", call -> getVariables(call.payload()))
                .build();
    }

    @Override
    public CompletableFuture<Registration> boot(OcppSession session) {
        ObjectNode p = Payloads.object();
        p.put("reason", "PowerUp");
        p.putObject("chargingStation").put("model", model).put("vendorName", vendor);
        return session.call("BootNotification", p).thenApply(answer ->
                new Registration(answer.path("status").asText("?"), answer.path("interval").asLong(0)));
    }

    @Override
    public CompletableFuture<Void> reportAvailable(OcppSession session) {
        ObjectNode p = Payloads.object();
        p.put("timestamp", Payloads.now(clock));
        p.put("connectorStatus", "Available");
        p.put("evseId", 1);
        p.put("connectorId", 1);
        return session.call("StatusNotification", p).thenApply(answer -> null);
    }

    @Override
    public CompletableFuture<String> heartbeat(OcppSession session) {
        return session.call("Heartbeat", Payloads.object())
                .thenApply(answer -> answer.path("currentTime").asText("?"));
    }

    @Override
    public CompletableFuture<ChargingSession> afterBoot(OcppSession session) {
        return CompletableFuture.completedFuture(null);
    }

    /** OCPP 2.0.1 Part 2 §1.24: one result per requested component/variable, in order. */
    private ObjectNode getVariables(ObjectNode request) {
        Map<String, Map<String, String>> components = new LinkedHashMap<>();
        components.put("OCPPCommCtrlr", Map.of("HeartbeatInterval", String.valueOf(heartbeatSeconds.get())));
        components.put("ChargingStation", Map.of("VendorName", vendor, "Model", model));
        ObjectNode response = Payloads.object();
        ArrayNode results = response.putArray("getVariableResult");
        JsonNode data = request.get("getVariableData");
        if (data == null || !data.isArray()) {
            return response;
        }
        for (JsonNode item : data) {
            String component = item.path("component").path("name").asText();
            String variable = item.path("variable").path("name").asText();
            Map<String, String> variables = components.get(component);
            ObjectNode result = results.addObject();
            if (variables == null) {
                result.put("attributeStatus", "UnknownComponent");
            } else if (!variables.containsKey(variable)) {
                result.put("attributeStatus", "UnknownVariable");
            } else {
                result.put("attributeStatus", "Accepted");
                result.put("attributeType", "Actual");
                result.put("attributeValue", variables.get(variable));
            }
            if (item.hasNonNull("component")) {
                result.set("component", item.get("component").deepCopy());
            }
            if (item.hasNonNull("variable")) {
                result.set("variable", item.get("variable").deepCopy());
            }
        }
        return response;
    }
}
