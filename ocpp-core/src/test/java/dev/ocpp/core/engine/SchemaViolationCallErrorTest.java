package dev.ocpp.core.engine;

import static dev.ocpp.core.engine.EngineHarness.idOf;
import static dev.ocpp.core.engine.EngineHarness.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ActionCatalog;
import dev.ocpp.core.Handlers;
import dev.ocpp.core.OcppVersion;
import dev.ocpp.core.frame.Dialect;
import dev.ocpp.core.internal.typed.TypedEngine;
import dev.ocpp.core.internal.typed.ValidationInterceptor;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.JsonSchemaValidator;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.core.validation.Violation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * From a broken payload to the CALLERROR on the wire, with nothing of a version module in between: a tiny inline
 * schema in the real {@link JsonSchemaValidator}, the typed layer's incoming-call check with the kind-to-code
 * mapping the version modules use ({@link Violation.Kind#errorCode()}), and the engine's dialect spelling the
 * code. Each payload breaks the schema in exactly one way, so the validator must report exactly one violation of
 * the expected kind, and the peer must get that kind's code (ViolationMappingTest states the spec table).
 */
class SchemaViolationCallErrorTest {

    /** One field per keyword the validator maps to a kind; all optional but {@code id}. */
    private static final String PROBE_SCHEMA = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "type": "object",
              "additionalProperties": false,
              "required": ["id"],
              "properties": {
                "id": {"type": "integer", "minimum": 0},
                "name": {"type": "string", "maxLength": 5},
                "at": {"type": "string", "format": "date-time"},
                "status": {"type": "string", "enum": ["On", "Off"]},
                "items": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "integer"}}
              }
            }
            """;

    private static final JsonSchemaValidator VALIDATOR = JsonSchemaValidator.of("probe",
            path -> path.equals("ProbeRequest.json")
                    ? new ByteArrayInputStream(PROBE_SCHEMA.getBytes(StandardCharsets.UTF_8)) : null,
            action -> action.equals("Probe") ? "ProbeRequest.json" : null,
            action -> null);

    /** payload, the one kind it breaks, the field blamed, and the code as 1.6 and as 2.0.1/2.1 send it. */
    static Stream<Arguments> brokenPayloads() {
        return Stream.of(
                Arguments.of("{}", Violation.Kind.MISSING, "id",
                        "OccurenceConstraintViolation", "OccurrenceConstraintViolation"),
                Arguments.of("{\"id\":1,\"items\":[]}", Violation.Kind.COUNT, "items",
                        "OccurenceConstraintViolation", "OccurrenceConstraintViolation"),
                Arguments.of("{\"id\":1,\"items\":[1,2,3]}", Violation.Kind.COUNT, "items",
                        "OccurenceConstraintViolation", "OccurrenceConstraintViolation"),
                Arguments.of("{\"id\":\"one\"}", Violation.Kind.TYPE, "id",
                        "TypeConstraintViolation", "TypeConstraintViolation"),
                Arguments.of("{\"id\":1,\"at\":\"yesterday\"}", Violation.Kind.FORMAT, "at",
                        "TypeConstraintViolation", "TypeConstraintViolation"),
                Arguments.of("{\"id\":1,\"name\":\"sixsix\"}", Violation.Kind.TOO_LONG, "name",
                        "PropertyConstraintViolation", "PropertyConstraintViolation"),
                Arguments.of("{\"id\":1,\"status\":\"Maybe\"}", Violation.Kind.VALUE, "status",
                        "PropertyConstraintViolation", "PropertyConstraintViolation"),
                Arguments.of("{\"id\":-1}", Violation.Kind.VALUE, "id",
                        "PropertyConstraintViolation", "PropertyConstraintViolation"),
                Arguments.of("{\"id\":1,\"extra\":true}", Violation.Kind.UNKNOWN_PROPERTY, "extra",
                        "FormationViolation", "FormatViolation"));
    }

    @ParameterizedTest(name = "{0} is one {1} at {2}")
    @MethodSource("brokenPayloads")
    void validatorReportsExactlyTheOneKindThePayloadBreaks(String payload, Violation.Kind kind, String field,
                                                           String v16Code, String v2Code) {
        List<Violation> violations = VALIDATOR.validate("Probe", true, obj(payload));
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(kind);
            assertThat(v.path()).isEqualTo(field);
        });
    }

    @ParameterizedTest(name = "{0} is answered {3} on 1.6")
    @MethodSource("brokenPayloads")
    void brokenCallIsAnsweredWithTheKindsCodeOn16(String payload, Violation.Kind kind, String field,
                                                   String v16Code, String v2Code) {
        assertAnsweredWith(OcppVersion.OCPP16, payload, kind, field, v16Code);
    }

    @ParameterizedTest(name = "{0} is answered {4} on 2.0.1")
    @MethodSource("brokenPayloads")
    void brokenCallIsAnsweredWithTheKindsCodeOn201(String payload, Violation.Kind kind, String field,
                                                    String v16Code, String v2Code) {
        assertAnsweredWith(OcppVersion.OCPP201, payload, kind, field, v2Code);
    }

    @ParameterizedTest(name = "{0} is answered {4} on 2.1")
    @MethodSource("brokenPayloads")
    void brokenCallIsAnsweredWithTheKindsCodeOn21(String payload, Violation.Kind kind, String field,
                                                   String v16Code, String v2Code) {
        assertAnsweredWith(OcppVersion.OCPP21, payload, kind, field, v2Code);
    }

    /**
     * A payload that is no object never reaches the validator on the wire: the frame codec answers it. Both paths
     * must agree on the code, so the validator's NOT_AN_OBJECT is checked here beside the codec's answer.
     */
    @Test
    void payloadThatIsNoObjectIsFormatViolationFromValidatorAndCodecAlike() {
        List<Violation> violations = VALIDATOR.validate("Probe", true, EngineHarness.JSON.createArrayNode());
        assertThat(violations).extracting(Violation::kind).containsExactly(Violation.Kind.NOT_AN_OBJECT);
        for (OcppVersion version : OcppVersion.values()) {
            EngineHarness h = harness(version);
            h.receive("[2,\"m1\",\"Probe\",[]]");
            h.runTasks();
            JsonNode answer = h.takeOnlySent();
            String expected = version == OcppVersion.OCPP16 ? "FormationViolation" : "FormatViolation";
            assertThat(answer.get(2).asText()).as("%s", version).isEqualTo(expected);
            assertThat(dialectCode(version, Violation.Kind.NOT_AN_OBJECT)).isEqualTo(expected);
        }
    }

    @Test
    void validPayloadReachesTheHandler() {
        EngineHarness h = harness(OcppVersion.OCPP201);
        h.receive("[2,\"m1\",\"Probe\",{\"id\":1,\"name\":\"abc\",\"at\":\"2026-11-21T10:00:00Z\","
                + "\"status\":\"On\",\"items\":[1]}]");
        h.runTasks();
        JsonNode answer = h.takeOnlySent();
        assertThat(answer.get(0).asInt()).isEqualTo(3);
        assertThat(answer.get(2)).isEqualTo(obj("{\"seen\":true}"));
    }

    private static void assertAnsweredWith(OcppVersion version, String payload, Violation.Kind kind, String field,
                                           String wireCode) {
        EngineHarness h = harness(version);
        h.receive("[2,\"m1\",\"Probe\"," + payload + "]");
        h.runTasks();
        JsonNode answer = h.takeOnlySent();
        assertThat(answer.get(0).asInt()).as("a CALLERROR").isEqualTo(4);
        assertThat(idOf(answer)).isEqualTo("m1");
        assertThat(answer.get(2).asText()).as("error code").isEqualTo(wireCode);
        assertThat(answer.get(3).asText()).as("description names the field").contains(field);
        JsonNode listed = answer.get(4).get("violations");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("kind").asText()).isEqualTo(kind.name());
        assertThat(listed.get(0).get("field").asText()).isEqualTo(field);
    }

    private static EngineHarness harness(OcppVersion version) {
        TypedEngine typed = new TypedEngine(Violation.Kind::errorCode, OcppJson.mapper());
        Handlers handlers = Handlers.builder(ActionCatalog.none())
                .onAsync("Probe", typed.handler("Probe", ObjectNode.class,
                        (request, context) -> CompletableFuture.completedFuture(obj("{\"seen\":true}"))))
                .intercept(new ValidationInterceptor(VALIDATOR, ValidationOptions.defaults(),
                        Violation.Kind::errorCode, OcppJson.mapper()))
                .build();
        return new EngineHarness(version, handlers);
    }

    private static String dialectCode(OcppVersion version, Violation.Kind kind) {
        return Dialect.of(version).errorCode(kind.errorCode());
    }
}
