package dev.ocpp.v201.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.delivery.TransactionTracker;
import dev.ocpp.core.delivery.TransactionTracker.Message;
import dev.ocpp.core.delivery.TransactionTracker.Phase;
import java.util.Optional;

/**
 * The OCPP 2.0.1 transaction messages as a {@link TransactionTracker} judges them: TransactionEventRequest only
 * (Part 2 E01-E04, E13), keyed by {@code transactionInfo.transactionId}, numbered by {@code seqNo}, the incremental
 * number by which the CSMS can tell whether it has received all messages of a transaction (E04.FR.04). Started,
 * Updated and Ended are its {@link Phase}s. A copy is an event with a number already seen in its transaction.
 *
 * <p>SecurityEventNotification is also delivered with guarantees (A04.FR.02) but belongs to no transaction, so it
 * is not tracked; neither is a TransactionEvent too broken to name its transaction and number (validation, which
 * runs before the tracker, refuses those).
 */
public final class Ocpp201TransactionRules implements TransactionTracker.Rules {

    @Override
    public Optional<Message> identify(String action, ObjectNode payload) {
        if (!action.equals("TransactionEvent")) {
            return Optional.empty();
        }
        JsonNode id = payload.path("transactionInfo").get("transactionId");
        JsonNode seqNo = payload.get("seqNo");
        Phase phase = phase(payload.path("eventType").asText());
        if (id == null || !id.isTextual() || seqNo == null || !seqNo.isIntegralNumber() || !seqNo.canConvertToLong()
                || phase == null) {
            return Optional.empty();
        }
        return Optional.of(Message.numbered(id.textValue(), phase, seqNo.longValue(), "seqNo"));
    }

    private static Phase phase(String eventType) {
        switch (eventType) {
            case "Started":
                return Phase.START;
            case "Updated":
                return Phase.UPDATE;
            case "Ended":
                return Phase.END;
            default:
                return null;
        }
    }
}
