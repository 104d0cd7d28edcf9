package dev.ocpp.v16;

import dev.ocpp.core.CallInterceptor;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.validation.JsonSchemaValidator;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.core.validation.Violation;
import dev.ocpp.v16.internal.TypedSupport;
import java.io.InputStream;

/**
 * Schema validation for OCPP 1.6J: the validator over this module's 78 message schemas, and the CALLERROR code
 * each kind of violation gets, spelled as OCPP-J 1.6 §4.2.3 Table 7 spells it when sent.
 *
 * <table>
 *   <caption>Violation kind to CALLERROR code</caption>
 *   <tr><th>Violation</th><th>CALLERROR</th></tr>
 *   <tr><td>required field missing; too few or too many array elements</td>
 *       <td>OccurenceConstraintViolation</td></tr>
 *   <tr><td>wrong JSON type; malformed date-time</td><td>TypeConstraintViolation</td></tr>
 *   <tr><td>string too long; value out of range or not in the enumeration</td>
 *       <td>PropertyConstraintViolation</td></tr>
 *   <tr><td>field the message does not define; payload not a JSON object</td><td>FormationViolation</td></tr>
 * </table>
 * A field the message does not define makes the payload "not conform the PDU structure", which Table 7 gives
 * to FormationViolation; 1.6 has no better-fitting code.
 */
public final class Ocpp16Validation {

    private static final JsonSchemaValidator VALIDATOR = JsonSchemaValidator.of("ocpp16",
            Ocpp16Validation::open,
            action -> Ocpp16Actions.ALL.contains(action) ? "messages/" + action + "Request.json" : null,
            action -> Ocpp16Actions.ALL.contains(action) ? "messages/" + action + "Response.json" : null);

    private Ocpp16Validation() {
    }

    /** The validator for every 1.6 action's request and response. Thread-safe; schemas compile on first use. */
    public static JsonSchemaValidator validator() {
        return VALIDATOR;
    }

    /**
     * Schema validation as a session interceptor, for {@link dev.ocpp.core.Handlers} assembled by hand: checks
     * incoming CALLs before their handler (refused with the codes of the class notes, OCPP-J 1.6 §4.2.3) and the
     * handler's response (InternalError if invalid), and our own CALLs before they are queued and their
     * CALLRESULTs ({@link dev.ocpp.core.validation.PayloadValidationException}), as {@code options} say. The
     * typed handler builders add it themselves; add it with {@link dev.ocpp.core.Handlers.Builder#interceptFirst}
     * (outermost) to untyped handlers.
     */
    public static CallInterceptor interceptor(ValidationOptions options) {
        return TypedSupport.BINDING.validation(options);
    }

    /** The CALLERROR code for a violation of {@code kind} (see the class notes). */
    public static ErrorCode errorCode(Violation.Kind kind) {
        return kind.errorCode();
    }

    /** Opens one of this module's schema files by its path under the schema root, or {@code null}. */
    static InputStream open(String path) {
        return Ocpp16Validation.class.getResourceAsStream("schema/" + path);
    }
}
