package dev.ocpp.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.internal.validation.FastAcceptance;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The validator's shortcut for certainly-valid payloads ({@link FastAcceptance}) never changes the library's verdict,
 * on a schema that uses every keyword the shortcut models, with values chosen to sit on and around each bound and
 * corner (integers written as 1.0, numbers on a bound, surrogate pairs against a length limit, odd date-times).
 */
class ShortcutProperties {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String SCHEMA = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "type": "object",
              "additionalProperties": false,
              "required": ["id", "status", "reading"],
              "properties": {
                "id": { "type": "string", "minLength": 2, "maxLength": 5 },
                "status": { "type": "string", "enum": ["Accepted", "Rejected"] },
                "at": { "type": "string", "format": "date-time" },
                "where": { "type": "string", "format": "uri" },
                "count": { "type": "integer", "minimum": 0, "maximum": 10 },
                "step": { "type": "integer", "multipleOf": 3 },
                "limit": { "type": "number", "minimum": -1.5, "maximum": 2.5 },
                "flag": { "type": "boolean" },
                "anything": {},
                "reading": {
                  "type": "array", "minItems": 1, "maxItems": 3,
                  "items": {
                    "type": "object",
                    "required": ["value"],
                    "properties": { "value": { "type": "number" }, "unit": { "type": "string", "maxLength": 3 } }
                  }
                }
              }
            }
            """;

    private static final JsonSchemaValidator VALIDATOR = JsonSchemaValidator.of("shortcut-test",
            path -> path.equals("Probe.json") ? new ByteArrayInputStream(SCHEMA.getBytes(StandardCharsets.UTF_8))
                    : null,
            action -> action + ".json", action -> null);
    private static final JsonSchemaValidator LIBRARY = VALIDATOR.exhaustive();

    @Property(tries = 3000)
    void shortcutNeverChangesTheLibrarysVerdict(@ForAll("payloads") ObjectNode payload) {
        List<Violation> library = LIBRARY.validate("Probe", true, payload);
        Statistics.label("library verdict").collect(library.isEmpty() ? "valid" : "invalid");
        // The generator makes about 10-12 % valid payloads; the guard only has to catch a generator that stopped
        // making one kind (a 10 % bound failed now and then by chance). 3 % of 3000 tries is 90 payloads.
        Statistics.label("library verdict").coverage(c -> {
            c.check("valid").percentage(p -> p > 3);
            c.check("invalid").percentage(p -> p > 3);
        });
        assertThat(VALIDATOR.validate("Probe", true, payload)).isEqualTo(library);
    }

    @Example
    void shortcutCoversTheWholeTestSchemaAndAcceptsATypicalPayload() throws Exception {
        FastAcceptance fast = FastAcceptance.compile(MAPPER.readTree(SCHEMA), Map.of("date-time", s -> true,
                "uri", s -> true));
        assertThat(fast).as("the test schema stays inside what the shortcut models").isNotNull();
        assertThat(fast.accepts(MAPPER.readTree("""
                {"id": "ab", "status": "Accepted", "count": 10, "step": -9, "limit": 2.25,
                 "reading": [{"value": 1}, {"value": 1.5, "unit": "kWh", "extra": [1]}]}"""))).isTrue();
    }

    @Example
    void schemaWithAKeywordOutsideTheModelGetsNoShortcut() throws Exception {
        assertThat(FastAcceptance.compile(MAPPER.readTree("{\"type\": \"string\", \"pattern\": \"^a\"}"), Map.of()))
                .isNull();
        assertThat(FastAcceptance.compile(MAPPER.readTree("{\"type\": \"string\", \"format\": \"email\"}"),
                Map.of())).isNull();
        assertThat(FastAcceptance.compile(MAPPER.readTree("{\"type\": [\"string\", \"null\"]}"), Map.of())).isNull();
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<ObjectNode> payloads() {
        Arbitrary<JsonNode> reading = Combinators.combine(
                        field(numbers(), Arbitraries.of(NODES.textNode("1.5")), 0.05),
                        field(strings("", "W", "kWh"), strings("kWh!", "\uD83D\uDE00\uD83D\uDE00"), 0.5),
                        Arbitraries.of(false, false, true))
                .as((value, unit, extra) -> {
                    ObjectNode o = NODES.objectNode();
                    if (value != null) {
                        o.set("value", value);
                    }
                    if (unit != null) {
                        o.set("unit", unit);
                    }
                    if (extra) {
                        o.put("extra", "fine: the item object is open");
                    }
                    return o;
                });
        Arbitrary<JsonNode> readings = field(reading.list().ofMinSize(1).ofMaxSize(3).map(ShortcutProperties::array),
                reading.list().ofMinSize(0).ofMaxSize(5).map(ShortcutProperties::array), 0.03);
        return Combinators.combine(List.of(
                        field(strings("ab", "abcde", "a\uD83D\uDE00", "\uD83D\uDE00\uD83D\uDE00"),
                                strings("a", "abcdef", "ab\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"), 0.03),
                        field(strings("Accepted", "Rejected"), strings("accepted", "Pending", ""), 0.03),
                        field(strings("2026-11-21T10:00:00Z", "2026-11-21T10:00:00.123+01:00"),
                                strings("2026-11-21t10:00:00z", "2026-11-21 10:00:00Z", "2026-11-21T10:00Z",
                                        "2026-02-30T10:00:00Z", "2016-12-31T23:59:60Z",
                                        "2026-11-21T10:00:00-00:00"), 0.5),
                        field(strings("https://example.com/fw.bin", "ftp://h/x", "urn:isbn:123"),
                                strings("relative/path", "http://a b", ""), 0.6),
                        field(integersAround(0, 10), numbers(), 0.5),
                        field(integersAround(-9, 9), numbers(), 0.6),
                        field(numbers(), integersAround(-2, 3), 0.5),
                        field(Arbitraries.of(NODES.booleanNode(true)), strings("true"), 0.7),
                        field(Arbitraries.oneOf(other(), numbers()), other(), 0.7),
                        readings,
                        Arbitraries.of(false, false, false, false, false, false, false, false, true)
                                .map(b -> b ? NODES.numberNode(1) : null)))
                .as(values -> {
                    String[] names = {"id", "status", "at", "where", "count", "step", "limit", "flag", "anything",
                        "reading", "unexpected"};
                    ObjectNode o = NODES.objectNode();
                    for (int i = 0; i < names.length; i++) {
                        if (values.get(i) != null) {
                            o.set(names[i], values.get(i));
                        }
                    }
                    return o;
                });
    }

    /**
     * A field's value: absent ({@code null}) with probability {@code absent}; otherwise mostly {@code usual},
     * sometimes {@code tricky} (values on and past the bounds, which may or may not be valid), now and then of a
     * wrong JSON type.
     */
    private static Arbitrary<JsonNode> field(Arbitrary<JsonNode> usual, Arbitrary<JsonNode> tricky, double absent) {
        return Arbitraries.frequencyOf(Tuple.of(40, usual), Tuple.of(2, tricky), Tuple.of(1, other()))
                .injectNull(absent);
    }

    private static JsonNode array(List<JsonNode> items) {
        var array = NODES.arrayNode();
        items.forEach(array::add);
        return array;
    }

    private static Arbitrary<JsonNode> strings(String... values) {
        return Arbitraries.of(values).map(NODES::textNode);
    }

    private static Arbitrary<JsonNode> integersAround(int low, int high) {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(low - 2, high + 2).map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.longs().between(low - 2L, high + 2L).map(l -> (JsonNode) NODES.numberNode(l)),
                Arbitraries.integers().between(low - 2, high + 2)
                        .map(i -> (JsonNode) NODES.numberNode(BigInteger.valueOf(i))),
                // Whole numbers written with a fraction: an integer to draft 7, not to every reader.
                Arbitraries.integers().between(low - 2, high + 2).map(i -> (JsonNode) NODES.numberNode((double) i)));
    }

    private static Arbitrary<JsonNode> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.of(-1.5, 2.5, -1.4999, 2.5001, 0.1, 0.0, -0.0, 1e300, -2.0, 3.0, 9.0, 10.0, 10.5)
                        .map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.doubles().between(-4, 12).map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.of("2.5", "-1.50", "0.1", "3.0", "10", "1e1")
                        .map(s -> (JsonNode) NODES.numberNode(new BigDecimal(s))));
    }

    private static Arbitrary<JsonNode> other() {
        return Arbitraries.of(NODES.nullNode(), NODES.booleanNode(false), NODES.textNode("7"), NODES.numberNode(7),
                NODES.objectNode(), NODES.arrayNode(), NODES.arrayNode().add(1));
    }
}
