package dev.ocpp.core.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.IncomingCall;
import java.time.Duration;

/**
 * Recognises a CSMS's change of a communication setting in the untyped payloads of both versions: 1.6
 * ChangeConfiguration of a key (§5.3, §9.1), answered {@code status} Accepted; 2.0.1 SetVariables of an
 * {@code OCPPCommCtrlr} variable, Actual attribute (B05), with that entry's {@code attributeStatus} Accepted. The
 * action names differ between the versions, so no version check is needed. Used for {@code HeartbeatInterval} (both
 * versions) and the reconnect back-off variables {@code RetryBackOffWaitMinimum}, {@code RetryBackOffRandomRange},
 * {@code RetryBackOffRepeatTimes} (2.0.1 Part 4 §8.1-8.3; 1.6 has no such keys, so a 1.6 station follows them only if
 * its handler accepts them as its own keys).
 */
final class CommSettingChange {

    static final String HEARTBEAT_INTERVAL = "HeartbeatInterval";
    static final String WAIT_MINIMUM = "RetryBackOffWaitMinimum";
    static final String RANDOM_RANGE = "RetryBackOffRandomRange";
    static final String REPEAT_TIMES = "RetryBackOffRepeatTimes";
    private static final String COMPONENT = "OCPPCommCtrlr";

    private CommSettingChange() {
    }

    /** Whether {@code call} changes settings at all (ChangeConfiguration, SetVariables); most calls do not. */
    static boolean isChange(IncomingCall call) {
        return "ChangeConfiguration".equals(call.action()) || "SetVariables".equals(call.action());
    }

    /** The interval {@code call} asks for, or null if it asks for none (or for an unusable one). */
    static Duration requested(IncomingCall call) {
        String v = requestedValue(call, HEARTBEAT_INTERVAL);
        return v == null ? null : seconds(v);
    }

    /** Whether the handler's {@code answer} accepted the change {@code call} asked for. */
    static boolean accepted(IncomingCall call, ObjectNode answer) {
        return accepted(call, answer, HEARTBEAT_INTERVAL);
    }

    /** The value {@code call} asks {@code name} to take, or null if it does not ask for it. */
    static String requestedValue(IncomingCall call, String name) {
        ObjectNode p = call.payload();
        switch (call.action()) {
            case "ChangeConfiguration":
                return name.equalsIgnoreCase(p.path("key").asText()) ? p.path("value").asText() : null;
            case "SetVariables":
                for (JsonNode d : p.path("setVariableData")) {
                    if (matches(d, name)) {
                        return d.path("attributeValue").asText();
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /** Whether the handler's {@code answer} accepted the change of {@code name} that {@code call} asked for. */
    static boolean accepted(IncomingCall call, ObjectNode answer, String name) {
        if (answer == null) {
            return false;
        }
        if ("ChangeConfiguration".equals(call.action())) {
            return "Accepted".equals(answer.path("status").asText());
        }
        for (JsonNode r : answer.path("setVariableResult")) {
            if (matches(r, name)) {
                return "Accepted".equals(r.path("attributeStatus").asText());
            }
        }
        return false;
    }

    /** An entry about the station-wide Actual value of OCPPCommCtrlr.{@code name}. */
    private static boolean matches(JsonNode entry, String name) {
        String type = entry.path("attributeType").asText("Actual");
        return "Actual".equals(type)
                && COMPONENT.equals(entry.path("component").path("name").asText())
                && entry.path("component").path("instance").isMissingNode()
                && name.equals(entry.path("variable").path("name").asText())
                && entry.path("variable").path("instance").isMissingNode();
    }

    /** A whole number of at least 0, or null. */
    static Integer nonNegative(String text) {
        try {
            int v = Integer.parseInt(text.trim());
            return v >= 0 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
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
