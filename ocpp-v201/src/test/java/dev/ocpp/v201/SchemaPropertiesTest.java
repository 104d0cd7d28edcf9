package dev.ocpp.v201;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.JsonSchemaValidator;
import dev.ocpp.core.validation.Violation;
import dev.ocpp.testkit.schema.Message;
import dev.ocpp.testkit.schema.SchemaSamples;
import dev.ocpp.testkit.schema.Shape;
import dev.ocpp.testkit.schema.Shape.AnyShape;
import dev.ocpp.testkit.schema.Shape.ArrayShape;
import dev.ocpp.testkit.schema.Shape.BooleanShape;
import dev.ocpp.testkit.schema.Shape.EnumShape;
import dev.ocpp.testkit.schema.Shape.IntegerShape;
import dev.ocpp.testkit.schema.Shape.NumberShape;
import dev.ocpp.testkit.schema.Shape.ObjectShape;
import dev.ocpp.testkit.schema.Shape.StringShape;
import dev.ocpp.testkit.schema.Site;
import dev.ocpp.v201.samples.Ocpp201Samples;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the 128 message schemas as the validator and the generated classes apply them: valid instances
 * pass and survive binding, vendor properties inside {@code customData} are welcome, and each kind of breakage gets
 * its own violation kind and 2.0.1 CALLERROR code, with a path naming the broken field.
 */
class SchemaPropertiesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SchemaSamples SAMPLES = Ocpp201Samples.SAMPLES;
    private static final JsonSchemaValidator EXHAUSTIVE = Ocpp201Validation.validator().exhaustive();

    /** A valid instance of a message. */
    record Sample(Message message, ObjectNode instance) {
        @Override
        public String toString() {
            return message + " " + instance;
        }
    }

    /** A payload broken in one place; {@code path} is where the validator must put the blame. */
    record Broken(ObjectNode payload, String path) {
    }

    /** A valid instance ({@code original}) broken in one place. */
    record Mutation(Message message, ObjectNode original, ObjectNode payload, String path) {
        @Override
        public String toString() {
            return message + " broken at " + path + ": " + payload;
        }
    }

    // ------------------------------------------------------------------ valid instances

    @Property(tries = 500)
    void validInstancesValidateCleanAndSurviveBindAndWriteUnchanged(@ForAll("samples") Sample s) throws Exception {
        Message m = s.message();
        assertThat(validate(m, s.instance())).isEmpty();

        Object bound = OcppJson.mapper().treeToValue(s.instance(), m.javaType());
        JsonNode tree = OcppJson.mapper().valueToTree(bound);
        assertThat(SchemaSamples.canonical(tree)).isEqualTo(SchemaSamples.canonical(s.instance()));
        // And through text, as on the wire, where the parser rather than the generator picks the number nodes.
        JsonNode reread = OcppJson.mapper().readTree(OcppJson.mapper().writeValueAsString(bound));
        assertThat(SchemaSamples.canonical(reread)).isEqualTo(SchemaSamples.canonical(s.instance()));
        assertThat(OcppJson.mapper().treeToValue(reread, m.javaType())).isEqualTo(bound);
    }

    /** customData is open: whatever a vendor adds beside vendorId is valid and comes back from binding as sent. */
    @Property(tries = 200)
    void vendorPropertiesInsideCustomDataAreNoViolationAndSurviveBindAndWrite(
            @ForAll("withVendorProperties") Sample s) throws Exception {
        Message m = s.message();
        assertThat(validate(m, s.instance())).isEmpty();
        assertThat(EXHAUSTIVE.validate(m.action(), m.request(), s.instance())).isEmpty();

        Object bound = OcppJson.mapper().treeToValue(s.instance(), m.javaType());
        JsonNode reread = OcppJson.mapper().readTree(OcppJson.mapper().writeValueAsString(bound));
        assertThat(SchemaSamples.canonical(reread)).isEqualTo(SchemaSamples.canonical(s.instance()));
    }

    // ------------------------------------------------------------------ the validator's shortcut

    /**
     * The shortcut in front of the schema library (it lets certainly-valid payloads through unevaluated) never
     * changes a verdict: on valid instances, vendor extensions and every kind of broken payload, the result equals
     * the library's own.
     */
    @Property(tries = 1000)
    void shortcutGivesTheLibrarysVerdictOnValidAndBrokenPayloads(@ForAll("validOrBroken") Sample s) {
        String action = s.message().action();
        assertThat(Ocpp201Validation.validator().validate(action, s.message().request(), s.instance()))
                .isEqualTo(EXHAUSTIVE.validate(action, s.message().request(), s.instance()));
    }

    @Provide
    Arbitrary<Sample> validOrBroken() {
        List<Message> all = SAMPLES.messages();
        return Arbitraries.oneOf(samples(all), withVendorProperties(),
                Arbitraries.oneOf(removeRequired(all), wrongType(all), overlong(all), outsideEnum(all),
                                extraProperty(all), withMalformedDateTime(), withTooFewItems(), withTooManyItems(),
                                withValueBelowMinimum(), withValueAboveMaximum())
                        .map(mu -> new Sample(mu.message(), mu.payload())));
    }

    // ------------------------------------------------------------------ mutations, at the validator

    @Property(tries = 150)
    void missingRequiredFieldIsOccurrenceConstraintViolationAtThatField(@ForAll("withoutRequiredField") Mutation mu) {
        assertDecisive(mu, Violation.Kind.MISSING, "OccurrenceConstraintViolation");
    }

    @Property(tries = 150)
    void valueOfTheWrongJsonTypeIsTypeConstraintViolationAtThatField(@ForAll("withWrongType") Mutation mu) {
        assertDecisive(mu, Violation.Kind.TYPE, "TypeConstraintViolation");
    }

    @Property(tries = 150)
    void stringOneCodePointOverMaxLengthIsPropertyConstraintViolation(@ForAll("withOverlongString") Mutation mu) {
        assertDecisive(mu, Violation.Kind.TOO_LONG, "PropertyConstraintViolation");
    }

    @Property(tries = 150)
    void valueOutsideTheEnumerationIsPropertyConstraintViolation(@ForAll("withValueOutsideEnum") Mutation mu) {
        assertDecisive(mu, Violation.Kind.VALUE, "PropertyConstraintViolation");
    }

    @Property(tries = 150)
    void propertyAClosedObjectDoesNotDefineIsFormatViolation(@ForAll("withExtraProperty") Mutation mu) {
        assertDecisive(mu, Violation.Kind.UNKNOWN_PROPERTY, "FormatViolation");
    }

    @Property(tries = 100)
    void malformedDateTimeIsTypeConstraintViolation(@ForAll("withMalformedDateTime") Mutation mu) {
        assertDecisive(mu, Violation.Kind.FORMAT, "TypeConstraintViolation");
    }

    @Property(tries = 50)
    void arrayBelowMinItemsIsOccurrenceConstraintViolation(@ForAll("withTooFewItems") Mutation mu) {
        assertDecisive(mu, Violation.Kind.COUNT, "OccurrenceConstraintViolation");
    }

    @Property(tries = 50)
    void arrayAboveMaxItemsIsOccurrenceConstraintViolation(@ForAll("withTooManyItems") Mutation mu) {
        assertDecisive(mu, Violation.Kind.COUNT, "OccurrenceConstraintViolation");
    }

    @Property(tries = 50)
    void integerBelowItsMinimumIsPropertyConstraintViolation(@ForAll("withValueBelowMinimum") Mutation mu) {
        assertDecisive(mu, Violation.Kind.VALUE, "PropertyConstraintViolation");
    }

    @Property(tries = 50)
    void integerAboveItsMaximumIsPropertyConstraintViolation(@ForAll("withValueAboveMaximum") Mutation mu) {
        assertDecisive(mu, Violation.Kind.VALUE, "PropertyConstraintViolation");
    }

    /** 2.0.1 spells the codes its own way (1.6 had FormationViolation and OccurenceConstraintViolation). */
    @Example
    void everyViolationKindIsAnsweredInThe201Spelling() {
        Map<Violation.Kind, String> expected = Map.of(
                Violation.Kind.MISSING, "OccurrenceConstraintViolation",
                Violation.Kind.COUNT, "OccurrenceConstraintViolation",
                Violation.Kind.TYPE, "TypeConstraintViolation",
                Violation.Kind.FORMAT, "TypeConstraintViolation",
                Violation.Kind.TOO_LONG, "PropertyConstraintViolation",
                Violation.Kind.VALUE, "PropertyConstraintViolation",
                Violation.Kind.UNKNOWN_PROPERTY, "FormatViolation",
                Violation.Kind.NOT_AN_OBJECT, "FormatViolation");
        assertThat(expected).hasSize(Violation.Kind.values().length);
        expected.forEach((kind, wire) -> assertThat(Ocpp201Validation.errorCode(kind).v2Name()).as("%s", kind)
                .isEqualTo(wire));
    }

    @Example
    void payloadThatIsNoObjectIsFormatViolation() {
        List<Violation> violations = Ocpp201Validation.validator().validate("Heartbeat", true,
                NODES.arrayNode().add(1));
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Violation.Kind.NOT_AN_OBJECT);
            assertThat(Ocpp201Validation.errorCode(v.kind())).isEqualTo(ErrorCode.FORMAT_VIOLATION);
        });
    }

    /**
     * The mutated field is blamed and nothing else in the payload is (the rest of it is still valid); among the
     * violations is the expected kind, and that kind is answered with the expected 2.0.1 code.
     */
    private static void assertDecisive(Mutation mu, Violation.Kind kind, String wireCode) {
        List<Violation> violations = validate(mu.message(), mu.payload());
        assertThat(violations).as("violations of %s", mu).isNotEmpty()
                .allSatisfy(v -> assertThat(v.path()).as("blamed field").isEqualTo(mu.path()))
                .anySatisfy(v -> assertThat(v.kind()).isEqualTo(kind));
        assertThat(Ocpp201Validation.errorCode(kind).v2Name()).isEqualTo(wireCode);
        assertThat(validate(mu.message(), mu.original())).as("the unbroken original").isEmpty();
    }

    // ------------------------------------------------------------------ providers

    @Provide
    Arbitrary<Sample> samples() {
        return samples(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Sample> withVendorProperties() {
        Predicate<Site> customData = s -> s.shape() instanceof ObjectShape o && o.open();
        return mutations(SAMPLES.messages(), customData,
                (instance, site) -> SOME_VENDOR_PROPERTIES.computeIfAbsent((ObjectShape) site.shape(),
                                o -> SchemaSamples.vendorProperties(o).filter(extra -> !extra.isEmpty()))
                        .map(extra -> {
                            ObjectNode copy = instance.deepCopy();
                            extra.forEach(((ObjectNode) site.in(copy))::set);
                            return new Broken(copy, site.path());
                        }))
                .map(mu -> new Sample(mu.message(), mu.payload()));
    }

    /** At least one vendor property, one arbitrary per open object (all customData share one shape). */
    private static final Map<ObjectShape, Arbitrary<Map<String, JsonNode>>> SOME_VENDOR_PROPERTIES =
            new ConcurrentHashMap<>();

    @Provide
    Arbitrary<Mutation> withoutRequiredField() {
        return removeRequired(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> withWrongType() {
        return wrongType(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> withOverlongString() {
        return overlong(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> withValueOutsideEnum() {
        return outsideEnum(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> withExtraProperty() {
        return extraProperty(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> withTooFewItems() {
        return mutations(SAMPLES.messages(), s -> s.shape() instanceof ArrayShape a && a.minItems() > 0,
                (instance, site) -> Arbitraries.just(
                        new Broken(site.replacedIn(instance, NODES.arrayNode()), site.path())));
    }

    /** The array filled up to one over its bound with copies of its own (valid) elements. */
    @Provide
    Arbitrary<Mutation> withTooManyItems() {
        return mutations(SAMPLES.messages(),
                s -> s.shape() instanceof ArrayShape a && a.maxItems() < Integer.MAX_VALUE,
                (instance, site) -> {
                    int max = ((ArrayShape) site.shape()).maxItems();
                    JsonNode present = site.in(instance);
                    ArrayNode over = NODES.arrayNode();
                    for (int i = 0; i <= max; i++) {
                        over.add(present.get(i % present.size()).deepCopy());
                    }
                    return Arbitraries.just(new Broken(site.replacedIn(instance, over), site.path()));
                });
    }

    @Provide
    Arbitrary<Mutation> withValueBelowMinimum() {
        return mutations(SAMPLES.messages(), s -> s.shape() instanceof IntegerShape i && i.minimum() != null,
                (instance, site) -> {
                    int min = ((IntegerShape) site.shape()).minimum().intValueExact();
                    return Arbitraries.oneOf(Arbitraries.just(min - 1),
                                    Arbitraries.integers().between(Integer.MIN_VALUE, min - 1))
                            .map(v -> new Broken(site.replacedIn(instance, IntNode.valueOf(v)), site.path()));
                });
    }

    @Provide
    Arbitrary<Mutation> withValueAboveMaximum() {
        return mutations(SAMPLES.messages(), s -> s.shape() instanceof IntegerShape i && i.maximum() != null,
                (instance, site) -> {
                    int max = ((IntegerShape) site.shape()).maximum().intValueExact();
                    return Arbitraries.oneOf(Arbitraries.just(max + 1),
                                    Arbitraries.integers().between(max + 1, Integer.MAX_VALUE))
                            .map(v -> new Broken(site.replacedIn(instance, IntNode.valueOf(v)), site.path()));
                });
    }

    @Provide
    Arbitrary<Mutation> withMalformedDateTime() {
        // Each breaks RFC 3339 §5.6 in its own way: seconds, offset, calendar, clock, or no date at all.
        Arbitrary<String> malformed = Arbitraries.of("2026-11-21T10:00Z",
                "2026-11-21T10:00:00", "2026-11-21T10:00:00+0200", "2026-02-30T10:00:00Z", "2026-11-21T24:00:00Z",
                "2026-13-01T10:00:00Z", "21.11.2026 10:00", "", "now");
        return mutations(SAMPLES.messages(),
                s -> s.shape() instanceof StringShape str && "date-time".equals(str.format()),
                (instance, site) -> malformed.map(v ->
                        new Broken(site.replacedIn(instance, TextNode.valueOf(v)), site.path())));
    }

    /** Valid instances of {@code messages}, each message equally likely. */
    private static Arbitrary<Sample> samples(List<Message> messages) {
        return Arbitraries.of(messages).flatMap(SAMPLE_ARBITRARIES::get);
    }

    /**
     * One arbitrary per message, made once: a flatMap that returns the same arbitrary for the same message lets
     * jqwik reuse its generator, where a new one each try would have it work out a message's edge cases again.
     */
    private static final Map<Message, Arbitrary<Sample>> SAMPLE_ARBITRARIES = SAMPLES.messages().stream()
            .collect(Collectors.toMap(m -> m, m -> SAMPLES.arbitrary(m).map(i -> new Sample(m, i))));

    private static Arbitrary<Mutation> removeRequired(List<Message> messages) {
        return mutations(messages, Site::required,
                (instance, site) -> Arbitraries.just(new Broken(site.removedFrom(instance), site.path())));
    }

    private static Arbitrary<Mutation> wrongType(List<Message> messages) {
        // Where the schema states no type (DataTransfer data) there is no wrong one.
        return mutations(messages, s -> !s.path().isEmpty() && !(s.shape() instanceof AnyShape),
                (instance, site) -> wrongTypeFor(site.shape())
                        .map(v -> new Broken(site.replacedIn(instance, v), site.path())));
    }

    private static Arbitrary<Mutation> overlong(List<Message> messages) {
        return mutations(messages, s -> s.shape() instanceof StringShape str && str.maxLength() >= 0,
                (instance, site) -> {
                    int max = ((StringShape) site.shape()).maxLength();
                    return SchemaSamples.strings(max + 1, max + 1).map(v ->
                            new Broken(site.replacedIn(instance, TextNode.valueOf(v)), site.path()));
                });
    }

    private static Arbitrary<Mutation> outsideEnum(List<Message> messages) {
        return mutations(messages, s -> s.shape() instanceof EnumShape,
                (instance, site) -> {
                    List<String> values = ((EnumShape) site.shape()).values();
                    // Wire values are case-sensitive, so a member in the wrong case is as wrong as a stranger.
                    Arbitrary<String> wrongCase = Arbitraries.of(values)
                            .map(v -> v.equals(v.toLowerCase(Locale.ROOT)) ? v.toUpperCase(Locale.ROOT)
                                    : v.toLowerCase(Locale.ROOT));
                    return Arbitraries.oneOf(wrongCase, SchemaSamples.strings(0, 25))
                            .filter(v -> !values.contains(v))
                            .map(v -> new Broken(site.replacedIn(instance, TextNode.valueOf(v)), site.path()));
                });
    }

    private static Arbitrary<Mutation> extraProperty(List<Message> messages) {
        return mutations(messages, s -> s.shape() instanceof ObjectShape o && !o.open(),
                (instance, site) -> {
                    ObjectShape shape = (ObjectShape) site.shape();
                    // A defined name in another case is a different property on the wire.
                    Arbitrary<String> names = Arbitraries.oneOf(
                                    Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                                    Arbitraries.of(List.copyOf(shape.properties().keySet()))
                                            .map(p -> Character.toUpperCase(p.charAt(0)) + p.substring(1)))
                            .filter(n -> !shape.properties().containsKey(n));
                    Arbitrary<JsonNode> values = Arbitraries.oneOf(
                            SchemaSamples.strings(0, 10).map(v -> (JsonNode) TextNode.valueOf(v)),
                            Arbitraries.integers().map(v -> (JsonNode) IntNode.valueOf(v)),
                            Arbitraries.just(NullNode.getInstance()),
                            Arbitraries.create(NODES::objectNode));
                    return names.flatMap(n -> values.map(v -> {
                        ObjectNode copy = instance.deepCopy();
                        ((ObjectNode) site.in(copy)).set(n, v);
                        return new Broken(copy, site.path().isEmpty() ? n : site.path() + "." + n);
                    }));
                });
    }

    /**
     * Valid instances of those of {@code messages} whose schema can have a place {@code where} holds, each broken
     * at one such place picked at random by {@code how}.
     */
    private static Arbitrary<Mutation> mutations(List<Message> messages, Predicate<Site> where,
                                                 BiFunction<ObjectNode, Site, Arbitrary<Broken>> how) {
        List<Message> candidates = messages.stream().filter(m -> canHold(m, where)).toList();
        assertThat(candidates).as("messages that can be broken this way").isNotEmpty();
        return samples(candidates)
                .filter(s -> SAMPLES.sites(s.message(), s.instance()).stream().anyMatch(where))
                .flatMap(s -> Arbitraries.of(SAMPLES.sites(s.message(), s.instance()).stream()
                                .filter(where).toList())
                        .flatMap(site -> how.apply(s.instance(), site))
                        .map(b -> new Mutation(s.message(), s.instance(), b.payload(), b.path())));
    }

    /** Whether the typical instance (every property present) of {@code m} has a place {@code where} holds. */
    private static boolean canHold(Message m, Predicate<Site> where) {
        return SAMPLES.sites(m, SAMPLES.typical(m)).stream().anyMatch(where);
    }

    /** JSON values of any type but the one {@code shape} wants. */
    private static Arbitrary<JsonNode> wrongTypeFor(Shape shape) {
        JsonNode text = TextNode.valueOf("7");
        JsonNode integer = IntNode.valueOf(7);
        JsonNode fraction = DoubleNode.valueOf(1.5);
        JsonNode bool = BooleanNode.TRUE;
        JsonNode nil = NullNode.getInstance();
        List<JsonNode> wrong;
        if (shape instanceof StringShape || shape instanceof EnumShape) {
            wrong = List.of(integer, fraction, bool, nil, NODES.objectNode(), NODES.arrayNode().add("x"));
        } else if (shape instanceof IntegerShape) {
            wrong = List.of(text, fraction, bool, nil, NODES.objectNode(), NODES.arrayNode().add(7));
        } else if (shape instanceof NumberShape) {
            wrong = List.of(TextNode.valueOf("1.5"), bool, nil, NODES.objectNode(), NODES.arrayNode());
        } else if (shape instanceof BooleanShape) {
            wrong = List.of(TextNode.valueOf("true"), integer, nil, NODES.objectNode());
        } else if (shape instanceof ObjectShape) {
            wrong = List.of(text, integer, bool, nil, NODES.arrayNode().add(NODES.objectNode()));
        } else {
            wrong = List.of(text, integer, nil, NODES.objectNode());
        }
        // Fresh copies: the mutated payloads must not share nodes.
        return Arbitraries.of(wrong).map(JsonNode::deepCopy);
    }

    private static List<Violation> validate(Message m, ObjectNode payload) {
        return Ocpp201Validation.validator().validate(m.action(), m.request(), payload);
    }
}
