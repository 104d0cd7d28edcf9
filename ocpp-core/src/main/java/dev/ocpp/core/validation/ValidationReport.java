package dev.ocpp.core.validation;

import java.util.List;
import java.util.Objects;

/**
 * What validation found in one payload, as reported to {@link dev.ocpp.core.OcppEventListener#payloadViolations}.
 *
 * @param action     the action
 * @param messageId  the message id of the exchange, or {@code null} for an outgoing CALL not yet given one
 * @param direction  which payload
 * @param violations what was wrong (never empty)
 * @param accepted   {@code true} when every violation was tolerated by a lenient option and the payload was
 *                   used anyway; {@code false} when it was refused
 */
public record ValidationReport(String action, String messageId, PayloadDirection direction,
                               List<Violation> violations, boolean accepted) {

    public ValidationReport {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(direction, "direction");
        violations = List.copyOf(violations);
    }
}
