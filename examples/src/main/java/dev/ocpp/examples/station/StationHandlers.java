package dev.ocpp.examples.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.examples.support.Payloads;
import dev.ocpp.examples.support.Versions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the example station answers when the CSMS calls it: its configuration (1.6 GetConfiguration, 2.0.1
 * GetVariables), read-only. Everything else gets the engine's NotSupported or NotImplemented, which the demo relies
 * on to show a CALLERROR.
 */
public final class StationHandlers {

    private StationHandlers() {
    }

    /**
     * @param heartbeatSeconds the heartbeat interval in force, read on every call
     * @param vendor           reported as the 2.0.1 ChargingStation.VendorName
     * @param model            reported as the 2.0.1 ChargingStation.Model
     */
    public static Handlers forVersion(OcppVersion version, Supplier<Long> heartbeatSeconds, String vendor,
                                      String model) {
        Handlers.Builder b = Handlers.builder(Versions.catalog(version));
        if (version == OcppVersion.OCPP16) {
            b.on("GetConfiguration", call -> getConfiguration(call.payload(), heartbeatSeconds));
        } else {
            b.on("GetVariables", call -> getVariables(call.payload(), heartbeatSeconds, vendor, model));
        }
        return b.build();
    }

    /** A 1.6 configuration key as GetConfiguration.conf reports it. */
    private record Key(boolean readonly, String value) {
    }

    /** OCPP 1.6 §6.23: the requested keys, or all when none are named; unknown ones listed in unknownKey. */
    private static ObjectNode getConfiguration(ObjectNode request, Supplier<Long> heartbeatSeconds) {
        Map<String, Key> config = new LinkedHashMap<>();
        config.put("HeartbeatInterval", new Key(false, String.valueOf(heartbeatSeconds.get())));
        config.put("NumberOfConnectors", new Key(true, "1"));
        List<String> wanted = new ArrayList<>();
        request.path("key").forEach(k -> wanted.add(k.asText()));
        if (wanted.isEmpty()) {
            wanted.addAll(config.keySet());
        }
        ObjectNode conf = Payloads.object();
        ArrayNode known = conf.putArray("configurationKey");
        ArrayNode unknown = conf.arrayNode();
        for (String name : wanted) {
            Key key = config.get(name);
            if (key == null) {
                unknown.add(name);
            } else {
                known.addObject().put("key", name).put("readonly", key.readonly()).put("value", key.value());
            }
        }
        if (!unknown.isEmpty()) {
            conf.set("unknownKey", unknown);
        }
        return conf;
    }

    /** OCPP 2.0.1 Part 2 §1.24: one result per requested component/variable, in order. */
    private static ObjectNode getVariables(ObjectNode request, Supplier<Long> heartbeatSeconds, String vendor,
                                           String model) {
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
