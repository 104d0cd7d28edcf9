package dev.ocpp.testkit.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.validation.JsonSchemaValidator;
import java.util.List;

/**
 * The small made-up schema set under {@code sample/} that the kit's tests share: it uses every construct the kit
 * understands (closed and open objects, a property without type, bounds on strings, integers, numbers and arrays,
 * both formats, enumerations, nested relative {@code $ref}s), and the library's validator to hold it to.
 */
final class SampleSet {

    static final SchemaSamples SAMPLES = SchemaSamples.of(
            p -> SampleSet.class.getResourceAsStream("sample/" + p),
            List.of(Message.request("Report", ObjectNode.class), Message.response("Report", ObjectNode.class),
                    Message.request("Ping", ObjectNode.class), Message.response("Ping", ObjectNode.class)));

    /** Exhaustive: what the kit's material is held to is the schema library's verdict, not the shortcut's. */
    static final JsonSchemaValidator VALIDATOR = JsonSchemaValidator.of("testkit-sample",
            p -> SampleSet.class.getResourceAsStream("sample/" + p),
            a -> "messages/" + a + "Request.json", a -> "messages/" + a + "Response.json").exhaustive();

    private SampleSet() {
    }
}
