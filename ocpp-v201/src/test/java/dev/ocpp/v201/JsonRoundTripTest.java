package dev.ocpp.v201;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.Violation;
import dev.ocpp.testkit.schema.Message;
import dev.ocpp.testkit.schema.SchemaSamples;
import dev.ocpp.testkit.schema.Shape;
import dev.ocpp.testkit.schema.Shape.ArrayShape;
import dev.ocpp.testkit.schema.Shape.ObjectShape;
import dev.ocpp.v201.messages.AuthorizeRequest;
import dev.ocpp.v201.messages.BootNotificationRequest;
import dev.ocpp.v201.messages.DataTransferRequest;
import dev.ocpp.v201.samples.Ocpp201Samples;
import dev.ocpp.v201.types.AdditionalInfo;
import dev.ocpp.v201.types.BootReasonEnum;
import dev.ocpp.v201.types.ChargingStation;
import dev.ocpp.v201.types.CustomData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON of every 2.0.1 message binds to its generated class and comes back unchanged: with every property
 * filled, with only the required ones, with vendor properties in {@code customData} at any depth, and with any JSON
 * in DataTransfer {@code data}. What is absent stays absent: no null, {} or [] appears that was not sent.
 */
class JsonRoundTripTest {

    private static final SchemaSamples SAMPLES = Ocpp201Samples.SAMPLES;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Vendor properties of every JSON type, nested objects and arrays included. */
    private static final String VENDOR_PROPERTIES = """
            {
              "vendorId": "com.example.charging",
              "channel": "beta",
              "slots": 4,
              "maxCurrent": 31.5,
              "metered": true,
              "tariff": { "zone": { "name": "night", "from": "22:00" }, "steps": [1, 2.5, "x", false, {}, []] }
            }
            """;

    static Stream<Named<Ocpp201Action<?, ?>>> actions() {
        return Ocpp201Actions.all().stream().map(a -> Named.of(a.name(), a));
    }

    static Stream<Message> messages() {
        return SAMPLES.messages().stream();
    }

    /** Every generated object class: the 128 messages and each object type they use. */
    static Stream<Named<Class<?>>> generatedObjectClasses() {
        Set<String> names = new TreeSet<>();
        SAMPLES.messages().forEach(m -> collectObjectNames(SAMPLES.shape(m), names));
        return names.stream().map(n -> Named.of(n.substring(n.lastIndexOf('.') + 1), load(n)));
    }

    @Test
    void samplesCoverEverySchemaFileOfTheModule() throws IOException {
        assertThat(SAMPLES.messages()).hasSize(128);
        Path dir = Path.of("src/main/resources/dev/ocpp/v201/schema/messages");
        assumeTrue(Files.isDirectory(dir), "schema sources not found from " + Path.of("").toAbsolutePath());
        Set<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.map(p -> p.getFileName().toString().replace(".json", "")).collect(Collectors.toSet());
        }
        assertThat(SAMPLES.messages()).extracting(Message::name).containsExactlyInAnyOrderElementsOf(files);
        assertThat(generatedObjectClasses()).hasSizeGreaterThan(128);
    }

    // ------------------------------------------------------------------ every action

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void typicalRequestAndResponseBindAndWriteBackUnchangedAndValidateClean(Ocpp201Action<?, ?> action)
            throws JsonProcessingException {
        for (Message m : List.of(Ocpp201Samples.request(action), Ocpp201Samples.response(action))) {
            assertThat(m.javaType()).isEqualTo(m.request() ? action.requestType() : action.responseType());
            ObjectNode typical = SAMPLES.typical(m);
            assertThat(typical.size()).as("%s fills every property", m)
                    .isEqualTo(SAMPLES.shape(m).properties().size());
            assertThat(validate(m, typical)).as("%s violations", m).isEmpty();

            Object bound = OcppJson.mapper().treeToValue(typical, m.javaType());
            assertThat(bound).isExactlyInstanceOf(m.javaType());
            JsonNode written = OcppJson.mapper().readTree(OcppJson.mapper().writeValueAsString(bound));
            assertThat(SchemaSamples.canonical(written)).as("%s written back", m)
                    .isEqualTo(SchemaSamples.canonical(typical));
            assertThat(validate(m, (ObjectNode) written)).as("%s violations after the round trip", m).isEmpty();
            assertThat(OcppJson.mapper().treeToValue(written, m.javaType())).isEqualTo(bound);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void onlyTheRequiredPropertiesComeBackWithNothingAdded(Message m) throws JsonProcessingException {
        ObjectNode minimal = (ObjectNode) requiredOnly(SAMPLES.shape(m), m.name());
        assertThat(validate(m, minimal)).as("%s violations", m).isEmpty();

        Object bound = OcppJson.mapper().treeToValue(minimal, m.javaType());
        JsonNode written = OcppJson.mapper().readTree(OcppJson.mapper().writeValueAsString(bound));

        assertThat(SchemaSamples.canonical(written)).isEqualTo(SchemaSamples.canonical(minimal));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generatedObjectClasses")
    void objectWithNothingSetWritesAsAnEmptyObject(Class<?> type) throws Exception {
        Object empty = type.getDeclaredConstructor().newInstance();

        assertThat(OcppJson.mapper().writeValueAsString(empty)).isEqualTo("{}");
    }

    @Test
    void absentOptionalPropertiesAreLeftOutNotWrittenAsNullOrEmpty() throws JsonProcessingException {
        BootNotificationRequest boot = new BootNotificationRequest().withReason(BootReasonEnum.POWER_UP)
                .withChargingStation(new ChargingStation().withModel("W1").withVendorName("ACME"));

        JsonNode written = OcppJson.mapper().valueToTree(boot);

        assertThat(written).isEqualTo(json("""
                { "reason": "PowerUp", "chargingStation": { "model": "W1", "vendorName": "ACME" } }
                """));
        assertThat(OcppJson.mapper().writeValueAsString(boot)).doesNotContain("null", "{}", "[]", "customData");
    }

    // ------------------------------------------------------------------ customData

    @Test
    void vendorPropertiesInTopLevelCustomDataSurviveBindAndWrite() throws JsonProcessingException {
        ObjectNode payload = SAMPLES.typical(SAMPLES.request("BootNotification"));
        payload.set("customData", json(VENDOR_PROPERTIES));
        assertThat(validate(SAMPLES.request("BootNotification"), payload)).isEmpty();

        BootNotificationRequest boot = OcppJson.mapper().treeToValue(payload, BootNotificationRequest.class);

        assertThat(boot.getCustomData().getVendorId()).isEqualTo("com.example.charging");
        assertThat(boot.getCustomData().getAdditionalProperties())
                .containsOnlyKeys("channel", "slots", "maxCurrent", "metered", "tariff")
                .containsEntry("channel", "beta").containsEntry("slots", 4).containsEntry("metered", true);
        assertThat(rewritten(boot)).isEqualTo(SchemaSamples.canonical(payload));
    }

    @Test
    void vendorPropertiesInNestedCustomDataSurviveBindAndWrite() throws JsonProcessingException {
        ObjectNode payload = SAMPLES.typical(SAMPLES.request("BootNotification"));
        ((ObjectNode) payload.get("chargingStation")).set("customData", json(VENDOR_PROPERTIES));
        ((ObjectNode) payload.at("/chargingStation/modem")).set("customData", json(VENDOR_PROPERTIES));
        assertThat(validate(SAMPLES.request("BootNotification"), payload)).isEmpty();

        BootNotificationRequest boot = OcppJson.mapper().treeToValue(payload, BootNotificationRequest.class);

        assertThat(boot.getChargingStation().getCustomData().getAdditionalProperties().get("tariff"))
                .isEqualTo(Map.of("zone", Map.of("name", "night", "from", "22:00"),
                        "steps", List.of(1, 2.5, "x", false, Map.of(), List.of())));
        assertThat(rewritten(boot)).isEqualTo(SchemaSamples.canonical(payload));
    }

    @Test
    void vendorPropertiesInCustomDataInsideAnArraySurviveBindAndWrite() throws JsonProcessingException {
        Message authorize = SAMPLES.request("Authorize");
        ObjectNode payload = SAMPLES.typical(authorize);
        ArrayNode infos = (ArrayNode) payload.at("/idToken/additionalInfo");
        ((ObjectNode) infos.get(1)).set("customData", json(VENDOR_PROPERTIES));
        assertThat(validate(authorize, payload)).isEmpty();

        AuthorizeRequest bound = OcppJson.mapper().treeToValue(payload, AuthorizeRequest.class);

        AdditionalInfo second = bound.getIdToken().getAdditionalInfo().get(1);
        assertThat(second.getCustomData().getAdditionalProperties()).containsEntry("maxCurrent", 31.5);
        assertThat(rewritten(bound)).isEqualTo(SchemaSamples.canonical(payload));
    }

    @Test
    void vendorPropertiesSetInJavaAreWrittenBesideVendorId() {
        BootNotificationRequest boot = new BootNotificationRequest().withReason(BootReasonEnum.POWER_UP)
                .withChargingStation(new ChargingStation().withModel("W1").withVendorName("ACME")
                        .withCustomData(new CustomData().withVendorId("com.example")
                                .withAdditionalProperty("slots", 4)
                                .withAdditionalProperty("zone", Map.of("name", "night"))));

        JsonNode written = OcppJson.mapper().valueToTree(boot);

        assertThat(written.at("/chargingStation/customData")).isEqualTo(json("""
                { "vendorId": "com.example", "slots": 4, "zone": { "name": "night" } }
                """));
        assertThat(validate(SAMPLES.request("BootNotification"), (ObjectNode) written)).isEmpty();
    }

    // ------------------------------------------------------------------ DataTransfer data

    @ParameterizedTest(name = "data = {0}")
    @ValueSource(strings = {"\"text\"", "42", "-0.125", "true", "[1, \"two\", {\"three\": 3}]",
            "{\"a\": {\"b\": [true, 2.5]}}", "{}", "[]"})
    void dataTransferCarriesAnyJsonValueUnchanged(String data) throws JsonProcessingException {
        ObjectNode payload = (ObjectNode) json("{ \"vendorId\": \"com.example\", \"messageId\": \"m1\" }");
        payload.set("data", json(data));
        assertThat(validate(SAMPLES.request("DataTransfer"), payload)).isEmpty();

        DataTransferRequest bound = OcppJson.mapper().treeToValue(payload, DataTransferRequest.class);

        assertThat(bound.getData()).isNotNull();
        assertThat(rewritten(bound)).isEqualTo(SchemaSamples.canonical(payload));
    }

    // ------------------------------------------------------------------ helpers

    /** The instance with the required properties only, each filled as in the typical instance. */
    private static JsonNode requiredOnly(Shape shape, String name) {
        if (shape instanceof ObjectShape o) {
            ObjectNode out = NODES.objectNode();
            o.properties().forEach((p, s) -> {
                if (o.required().contains(p)) {
                    out.set(p, requiredOnly(s, p));
                }
            });
            return out;
        }
        if (shape instanceof ArrayShape a) {
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < Math.max(1, a.minItems()); i++) {
                out.add(requiredOnly(a.items(), name + (i + 1)));
            }
            return out;
        }
        return SchemaSamples.typical(shape, name);
    }

    private static void collectObjectNames(Shape shape, Set<String> names) {
        if (shape instanceof ObjectShape o) {
            names.add(o.name());
            o.properties().values().forEach(s -> collectObjectNames(s, names));
        } else if (shape instanceof ArrayShape a) {
            collectObjectNames(a.items(), names);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no generated class " + name, e);
        }
    }

    /** The object written as text and read back, as the wire would carry it. */
    private static JsonNode rewritten(Object bound) throws JsonProcessingException {
        return SchemaSamples.canonical(OcppJson.mapper().readTree(OcppJson.mapper().writeValueAsString(bound)));
    }

    private static JsonNode json(String text) {
        try {
            return OcppJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static List<Violation> validate(Message m, ObjectNode payload) {
        return Ocpp201Validation.validator().validate(m.action(), m.request(), payload);
    }
}
