package dev.ocpp.v16.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.delivery.TransactionTracker;
import dev.ocpp.core.delivery.TransactionTracker.Message;
import dev.ocpp.core.delivery.TransactionTracker.Phase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The OCPP 1.6 transaction messages (§3.7: StartTransaction, StopTransaction, and MeterValues that belong to a
 * transaction) as a {@link TransactionTracker} judges them. 1.6 numbers nothing, so a copy is recognised by its
 * content:
 * <ul>
 *   <li>StartTransaction: the same connectorId, idTag, meterStart and timestamp as an earlier StartTransaction of the
 *       station. Its transaction is the transactionId the Central System answers (§4.8), so copies are compared
 *       across the station's starts;</li>
 *   <li>StopTransaction (§4.10): the same transactionId, meterStop and timestamp;</li>
 *   <li>MeterValues with a transactionId (§4.7): the same transactionId and the same meterValue list (timestamps
 *       and sampled values). MeterValues without one are not transaction messages here.</li>
 * </ul>
 * Timestamps are compared as instants, so a copy written with another offset is still a copy; one that does not
 * parse as ISO-8601 with an offset is compared as text and not used for order. Numbers are compared by value.
 */
public final class Ocpp16TransactionRules implements TransactionTracker.Rules {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public Optional<Message> identify(String action, ObjectNode payload) {
        switch (action) {
            case "StartTransaction": {
                JsonNode ts = payload.get("timestamp");
                ArrayNode print = NODES.arrayNode().add(action)
                        .add(canonical(payload.get("connectorId")))
                        .add(canonical(payload.get("idTag")))
                        .add(canonical(payload.get("meterStart")))
                        .add(time(ts));
                return Optional.of(Message.fingerprinted(null, Phase.START, print.toString(),
                        "connectorId, idTag, meterStart and timestamp", instant(ts)));
            }
            case "StopTransaction": {
                String tx = transactionId(payload);
                if (tx == null) {
                    return Optional.empty();
                }
                JsonNode ts = payload.get("timestamp");
                ArrayNode print = NODES.arrayNode().add(action)
                        .add(canonical(payload.get("meterStop")))
                        .add(time(ts));
                return Optional.of(Message.fingerprinted(tx, Phase.END, print.toString(),
                        "transactionId, meterStop and timestamp", instant(ts)));
            }
            case "MeterValues": {
                String tx = transactionId(payload);
                JsonNode values = payload.get("meterValue");
                if (tx == null || values == null || !values.isArray()) {
                    return Optional.empty();
                }
                ArrayNode content = NODES.arrayNode();
                Instant latest = null;
                for (JsonNode mv : values) {
                    JsonNode ts = mv.get("timestamp");
                    content.add(NODES.arrayNode().add(time(ts)).add(canonical(mv.get("sampledValue"))));
                    Instant t = instant(ts);
                    if (t != null && (latest == null || t.isAfter(latest))) {
                        latest = t;
                    }
                }
                ArrayNode print = NODES.arrayNode().add(action).add(content);
                // Ordered by its newest sample: it is older than what came before only if all of it is.
                return Optional.of(Message.fingerprinted(tx, Phase.UPDATE, print.toString(),
                        "transactionId and meterValue (timestamps and sampled values)", latest));
            }
            default:
                return Optional.empty();
        }
    }

    /** The transactionId a StartTransaction.conf assigns (§4.8). */
    @Override
    public Optional<String> assignedTransaction(String action, ObjectNode answer) {
        if (!action.equals("StartTransaction")) {
            return Optional.empty();
        }
        return Optional.ofNullable(transactionId(answer));
    }

    private static String transactionId(JsonNode payload) {
        JsonNode id = payload.get("transactionId");
        return id != null && id.isIntegralNumber() ? id.bigIntegerValue().toString() : null;
    }

    /** The instant of an ISO-8601 date-time with an offset, or {@code null}. */
    static Instant instant(JsonNode ts) {
        if (ts == null || !ts.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(ts.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A timestamp as it is compared: its instant if it parses, its text otherwise. */
    private static JsonNode time(JsonNode ts) {
        Instant t = instant(ts);
        return t != null ? NODES.textNode(t.toString()) : canonical(ts);
    }

    /**
     * {@code node} in a form where equal content is equal text: object fields sorted by name, numbers by value
     * (10 and 10.0 alike), anything absent as null.
     */
    private static JsonNode canonical(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NODES.nullNode();
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode sorted = NODES.objectNode();
            for (String name : names) {
                sorted.set(name, canonical(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(e -> copy.add(canonical(e)));
            return copy;
        }
        if (node.isNumber()) {
            return NODES.textNode(node.isIntegralNumber() ? node.bigIntegerValue().toString()
                    : node.decimalValue().stripTrailingZeros().toPlainString());
        }
        return node.deepCopy();
    }
}
