package dev.ocpp.core.internal.settings;

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
 * its handler accepts them as its own keys). The delivery policies of the version modules read the transaction
 * message retry settings (1.6 {@code TransactionMessageAttempts}/{@code RetryInterval}, 2.0.1
 * {@code MessageAttempts}/{@code MessageAttemptInterval} of instance {@code TransactionEvent}) and
 * {@code QueueAllMessages} through it too, so that one reading of these payloads serves every setting.
 */
public final class CommSettingChange {

    public static final String HEARTBEAT_INTERVAL = "HeartbeatInterval";
    public static final String WAIT_MINIMUM = "RetryBackOffWaitMinimum";
    public static final String RANDOM_RANGE = "RetryBackOffRandomRange";
    public static final String REPEAT_TIMES = "RetryBackOffRepeatTimes";
    private static final String COMPONENT = "OCPPCommCtrlr";

    private CommSettingChange() {
    }

    /** Whether {@code call} changes settings at all (ChangeConfiguration, SetVariables); most calls do not. */
    public static boolean isChange(IncomingCall call) {
        return "ChangeConfiguration".equals(call.action()) || "SetVariables".equals(call.action());
    }

    /** The interval {@code call} asks for, or null if it asks for none (or for an unusable one). */
    public static Duration requested(IncomingCall call) {
        String v = requestedValue(call, HEARTBEAT_INTERVAL);
        return v == null ? null : seconds(v);
    }

    /** Whether the handler's {@code answer} accepted the change {@code call} asked for. */
    public static boolean accepted(IncomingCall call, ObjectNode answer) {
        return accepted(call, answer, HEARTBEAT_INTERVAL);
    }

    /** The value {@code call} asks {@code name} to take, or null if it does not ask for it. */
    public static String requestedValue(IncomingCall call, String name) {
        return requestedValue(call.action(), call.payload(), name, null);
    }

    /**
     * The value a ChangeConfiguration or SetVariables {@code payload} asks {@code name} to take, or null if it does
     * not ask for it. For SetVariables, {@code instance} is the variable instance the entry must name ({@code null}:
     * none); ChangeConfiguration keys have no instance.
     */
    public static String requestedValue(String action, ObjectNode p, String name, String instance) {
        switch (action) {
            case "ChangeConfiguration":
                return instance == null && name.equalsIgnoreCase(p.path("key").asText())
                        ? p.path("value").asText() : null;
            case "SetVariables":
                for (JsonNode d : p.path("setVariableData")) {
                    if (matches(d, name, instance)) {
                        return d.path("attributeValue").asText();
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /** Whether the handler's {@code answer} accepted the change of {@code name} that {@code call} asked for. */
    public static boolean accepted(IncomingCall call, ObjectNode answer, String name) {
        return accepted(call.action(), answer, name, null);
    }

    /** Whether {@code answer} to a ChangeConfiguration or SetVariables accepted the change of {@code name}. */
    public static boolean accepted(String action, ObjectNode answer, String name, String instance) {
        if (answer == null) {
            return false;
        }
        if ("ChangeConfiguration".equals(action)) {
            return "Accepted".equals(answer.path("status").asText());
        }
        for (JsonNode r : answer.path("setVariableResult")) {
            if (matches(r, name, instance)) {
                return "Accepted".equals(r.path("attributeStatus").asText());
            }
        }
        return false;
    }

    /** An entry about the station-wide Actual value of OCPPCommCtrlr.{@code name}[{@code instance}]. */
    private static boolean matches(JsonNode entry, String name, String instance) {
        String type = entry.path("attributeType").asText("Actual");
        JsonNode variableInstance = entry.path("variable").path("instance");
        return "Actual".equals(type)
                && COMPONENT.equals(entry.path("component").path("name").asText())
                && entry.path("component").path("instance").isMissingNode()
                && name.equals(entry.path("variable").path("name").asText())
                && (instance == null ? variableInstance.isMissingNode() : instance.equals(variableInstance.asText()));
    }

    /** A whole number of at least 0, or null. */
    public static Integer nonNegative(String text) {
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
