package dev.ocpp.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Checks a payload against the schema of its message. Implementations are thread-safe and never throw for bad
 * input: every problem is a {@link Violation}.
 */
public interface PayloadValidator {

    /**
     * The violations of {@code payload} as the request ({@code request == true}) or response of {@code action};
     * empty when it is valid. An action the validator has no schema for yields no violations.
     */
    List<Violation> validate(String action, boolean request, JsonNode payload);

    /** A validator that accepts everything. */
    static PayloadValidator none() {
        return (action, request, payload) -> List.of();
    }
}
