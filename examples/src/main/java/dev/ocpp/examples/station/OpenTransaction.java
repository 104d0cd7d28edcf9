package dev.ocpp.examples.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.typed.OcppJson;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * What a station remembers, durably, about a transaction it has begun and not yet ended: enough to end it after a
 * crash or power loss (1.6 StopTransaction, 2.0.1 TransactionEvent Ended, both with reason PowerLoss), since the
 * transaction's own messages may be long delivered and gone from the queue by then.
 *
 * @param connector     the connector (1.6) or EVSE (2.0.1) it runs on
 * @param number        the station's own running number of the transaction (1, 2, ...), which names its messages
 * @param startKey      the delivery key of the message that began it: the 1.6 StartTransaction (its answer carries
 *                      the transaction id the Central System assigned) or the 2.0.1 Started event
 * @param transactionId the 2.0.1 transaction id, which the station made itself; {@code null} for 1.6
 * @param idTag         the idTag (1.6) or idToken (2.0.1) it was started with
 * @param meterWh       the last meter reading taken in it, Wh
 * @param startedAt     when it began
 * @param startQueued   whether the message that began it was queued: until then there is nothing to end
 */
record OpenTransaction(int connector, long number, String startKey, String transactionId, String idTag,
                       int meterWh, Instant startedAt, boolean startQueued) {

    OpenTransaction {
        Objects.requireNonNull(startKey, "startKey");
        Objects.requireNonNull(idTag, "idTag");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** This record with a later reading. */
    OpenTransaction withMeterWh(int wh) {
        return new OpenTransaction(connector, number, startKey, transactionId, idTag, wh, startedAt, startQueued);
    }

    /** This record once its first message is in the queue. */
    OpenTransaction queued() {
        return new OpenTransaction(connector, number, startKey, transactionId, idTag, meterWh, startedAt, true);
    }

    /** The key prefix of all its messages, e.g. {@code CP001/tx3}. */
    String keyPrefix() {
        return startKey.substring(0, startKey.lastIndexOf('/'));
    }

    /** Small JSON, for the queue's state map. */
    String toJson() {
        ObjectNode o = OcppJson.mapper().createObjectNode()
                .put("connector", connector)
                .put("number", number)
                .put("startKey", startKey);
        if (transactionId != null) {
            o.put("transactionId", transactionId);
        }
        return o.put("idTag", idTag)
                .put("meterWh", meterWh)
                .put("startedAt", startedAt.toString())
                .put("startQueued", startQueued)
                .toString();
    }

    /**
     * Reads what {@link #toJson()} wrote.
     *
     * @throws IllegalArgumentException if it is not such a record
     */
    static OpenTransaction fromJson(String json) {
        try {
            JsonNode o = OcppJson.mapper().readTree(json);
            JsonNode id = o.get("transactionId");
            return new OpenTransaction(o.path("connector").asInt(1), o.path("number").asLong(),
                    text(o, "startKey"), id == null || id.isNull() ? null : id.asText(), text(o, "idTag"),
                    o.path("meterWh").asInt(), Instant.parse(text(o, "startedAt")),
                    o.path("startQueued").asBoolean(false));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an open-transaction record: " + json, e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no " + field);
        }
        return v.asText();
    }
}
