package dev.ocpp.core.validation;

import dev.ocpp.core.OcppException;
import java.util.List;

/**
 * A payload broke its message schema. A typed call's future fails with it when the request we were about to send is
 * invalid (nothing is sent) or when the peer's CALLRESULT is invalid (no CALLERROR goes back for a result: OCPP-J
 * 1.6 §4.2.3, OCPP 2.0.1 Part 4 §4.2.3). The message names the first violating field.
 */
public class PayloadValidationException extends OcppException {

    private final transient ValidationReport report;

    public PayloadValidationException(ValidationReport report) {
        super(describe(report));
        this.report = report;
    }

    /** What was checked and what was wrong. */
    public ValidationReport report() {
        return report;
    }

    /** Shorthand for {@code report().violations()}. */
    public List<Violation> violations() {
        return report.violations();
    }

    private static String describe(ValidationReport r) {
        String which = switch (r.direction()) {
            case OUTGOING_CALL -> "request";
            case INCOMING_RESULT -> "response";
            case INCOMING_CALL -> "incoming request";
            case OUTGOING_RESULT -> "handler's response";
        };
        Violation first = r.violations().get(0);
        int more = r.violations().size() - 1;
        return "invalid " + r.action() + " " + which + ": " + first.describe()
                + (more > 0 ? " (and " + more + " more)" : "");
    }
}
