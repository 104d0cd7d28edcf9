package dev.ocpp.v201;

import dev.ocpp.core.CallInterceptor;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.validation.JsonSchemaValidator;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.core.validation.Violation;
import dev.ocpp.v201.internal.TypedSupport;
import java.io.InputStream;

/**
 * Schema validation for OCPP 2.0.1: the validator over this module's 128 message schemas, and the CALLERROR code
 * each kind of violation gets (OCPP-J 2.0.1, Part 4 §4.3, spelled as 2.0.1 sends it).
 *
 * <table>
 *   <caption>Violation kind to CALLERROR code</caption>
 *   <tr><th>Violation</th><th>CALLERROR</th></tr>
 *   <tr><td>required field missing; too few or too many array elements</td>
 *       <td>OccurrenceConstraintViolation</td></tr>
 *   <tr><td>wrong JSON type; malformed date-time</td><td>TypeConstraintViolation</td></tr>
 *   <tr><td>string too long; value out of range or not in the enumeration</td>
 *       <td>PropertyConstraintViolation</td></tr>
 *   <tr><td>field the message does not define; payload not a JSON object</td><td>FormatViolation</td></tr>
 * </table>
 * The mapping is the same as for 1.6; only the spellings differ (the dialect of the session picks them).
 * {@code CustomData} objects stay open: vendor properties inside {@code customData} are no violation.
 */
public final class Ocpp201Validation {

    private static final JsonSchemaValidator VALIDATOR = JsonSchemaValidator.of("ocpp201",
            Ocpp201Validation::open,
            action -> Ocpp201Actions.ALL.contains(action) ? "messages/" + action + "Request.json" : null,
            action -> Ocpp201Actions.ALL.contains(action) ? "messages/" + action + "Response.json" : null);

    private Ocpp201Validation() {
    }

    /** The validator for every 2.0.1 action's request and response. Thread-safe; schemas compile on first use. */
    public static JsonSchemaValidator validator() {
        return VALIDATOR;
    }

    /**
     * Schema validation as a session interceptor, for {@link dev.ocpp.core.Handlers} assembled by hand: checks
     * incoming CALLs before their handler (refused with the codes of the class notes, OCPP 2.0.1 Part 4 §4.3) and the
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
        return Ocpp201Validation.class.getResourceAsStream("schema/" + path);
    }
}
