package dev.ocpp.core.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.IncomingCall;
import java.time.Duration;

/**
 * Recognises a CSMS's change of the heartbeat interval in the untyped payloads of both versions: 1.6
 * ChangeConfiguration of key {@code HeartbeatInterval} (§5.3, §9.1), answered {@code status} Accepted; 2.0.1
 * SetVariables of {@code OCPPCommCtrlr.HeartbeatInterval}, Actual attribute (B05), with that entry's
 * {@code attributeStatus} Accepted. The action names differ between the versions, so no version check is needed.
 */
final class HeartbeatIntervalChange {

    private static final String KEY = "HeartbeatInterval";
    private static final String COMPONENT = "OCPPCommCtrlr";

    private HeartbeatIntervalChange() {
    }

    /** The interval {@code call} asks for, or null if it asks for none (or for an unusable one). */
    static Duration requested(IncomingCall call) {
        ObjectNode p = call.payload();
        switch (call.action()) {
            case "ChangeConfiguration":
                return KEY.equalsIgnoreCase(p.path("key").asText()) ? seconds(p.path("value").asText()) : null;
            case "SetVariables":
                for (JsonNode d : p.path("setVariableData")) {
                    if (matches(d)) {
                        return seconds(d.path("attributeValue").asText());
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /** Whether the handler's {@code answer} accepted the change {@code call} asked for. */
    static boolean accepted(IncomingCall call, ObjectNode answer) {
        if (answer == null) {
            return false;
        }
        if ("ChangeConfiguration".equals(call.action())) {
            return "Accepted".equals(answer.path("status").asText());
        }
        for (JsonNode r : answer.path("setVariableResult")) {
            if (matches(r)) {
                return "Accepted".equals(r.path("attributeStatus").asText());
            }
        }
        return false;
    }

    /** An entry about the station-wide Actual value of OCPPCommCtrlr.HeartbeatInterval. */
    private static boolean matches(JsonNode entry) {
        String type = entry.path("attributeType").asText("Actual");
        return "Actual".equals(type)
                && COMPONENT.equals(entry.path("component").path("name").asText())
                && entry.path("component").path("instance").isMissingNode()
                && KEY.equals(entry.path("variable").path("name").asText())
                && entry.path("variable").path("instance").isMissingNode();
    }

    private static Duration seconds(String text) {
        try {
            long s = Long.parseLong(text.trim());
            return s > 0 ? Duration.ofSeconds(s) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
