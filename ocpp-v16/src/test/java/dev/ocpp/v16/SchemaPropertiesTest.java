package dev.ocpp.v16;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.internal.typed.TypedEngine;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.ValidationOptions;
import dev.ocpp.core.validation.Violation;
import dev.ocpp.transport.inmemory.InMemoryNetwork;
import dev.ocpp.v16.internal.TypedSupport;
import dev.ocpp.v16.messages.BootNotificationRequest;
import dev.ocpp.v16.messages.BootNotificationResponse;
import dev.ocpp.v16.messages.MeterValuesRequest;
import dev.ocpp.v16.messages.MeterValuesResponse;
import dev.ocpp.v16.samples.Ocpp16Samples;
import dev.ocpp.testkit.schema.Message;
import dev.ocpp.testkit.schema.SchemaSamples;
import dev.ocpp.testkit.schema.Shape;
import dev.ocpp.testkit.schema.Shape.ArrayShape;
import dev.ocpp.testkit.schema.Shape.BooleanShape;
import dev.ocpp.testkit.schema.Shape.EnumShape;
import dev.ocpp.testkit.schema.Shape.IntegerShape;
import dev.ocpp.testkit.schema.Shape.NumberShape;
import dev.ocpp.testkit.schema.Shape.ObjectShape;
import dev.ocpp.testkit.schema.Shape.StringShape;
import dev.ocpp.testkit.schema.Site;
import dev.ocpp.v16.types.RegistrationStatus;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Properties of the 78 message schemas as the validator, the generated classes and the engine apply them: valid
 * instances pass and survive binding, and each kind of breakage gets its own violation kind, 1.6 CALLERROR code and
 * a path naming the broken field, both from the validator and over a connection.
 */
class SchemaPropertiesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SchemaSamples SAMPLES = Ocpp16Samples.SAMPLES;
    /** The engine's choice of CALLERROR code among several violations is what a peer gets to see. */
    private static final TypedEngine ENGINE = TypedSupport.BINDING.engine(ValidationOptions.defaults());

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
        String action() {
            return message.action();
        }

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

    // ------------------------------------------------------------------ the validator's shortcut

    /**
     * The shortcut in front of the schema library (it lets certainly-valid payloads through unevaluated) never
     * changes a verdict: on valid instances and on every kind of broken one, the result equals the library's own.
     */
    @Property(tries = 1000)
    void shortcutGivesTheLibrarysVerdictOnValidAndBrokenPayloads(@ForAll("validOrBroken") Sample s) {
        String action = s.message().action();
        assertThat(Ocpp16Validation.validator().validate(action, s.message().request(), s.instance()))
                .isEqualTo(EXHAUSTIVE.validate(action, s.message().request(), s.instance()));
    }

    private static final dev.ocpp.core.validation.JsonSchemaValidator EXHAUSTIVE =
            Ocpp16Validation.validator().exhaustive();

    @Provide
    Arbitrary<Sample> validOrBroken() {
        List<Message> all = SAMPLES.messages();
        return Arbitraries.oneOf(samples(all),
                Arbitraries.oneOf(removeRequired(all), wrongType(all), overlong(all), outsideEnum(all),
                                extraProperty(all), withMalformedDateTime(), withTooFewItems())
                        .map(mu -> new Sample(mu.message(), mu.payload())));
    }

    // ------------------------------------------------------------------ mutations, at the validator

    @Property(tries = 150)
    void missingRequiredFieldIsOccurenceConstraintViolationAtThatField(@ForAll("withoutRequiredField") Mutation mu) {
        assertDecisive(mu, Violation.Kind.MISSING, "OccurenceConstraintViolation");
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
    void propertyTheSchemaDoesNotDefineIsFormationViolation(@ForAll("withExtraProperty") Mutation mu) {
        assertDecisive(mu, Violation.Kind.UNKNOWN_PROPERTY, "FormationViolation");
    }

    @Property(tries = 100)
    void malformedDateTimeIsTypeConstraintViolation(@ForAll("withMalformedDateTime") Mutation mu) {
        assertDecisive(mu, Violation.Kind.FORMAT, "TypeConstraintViolation");
    }

    @Property(tries = 50)
    void arrayBelowMinItemsIsOccurenceConstraintViolation(@ForAll("withTooFewItems") Mutation mu) {
        assertDecisive(mu, Violation.Kind.COUNT, "OccurenceConstraintViolation");
    }

    /**
     * The one violation that decides the CALLERROR has the expected kind and names the mutated field, and nothing
     * else in the payload is blamed (the rest of it is still valid).
     */
    private static void assertDecisive(Mutation mu, Violation.Kind kind, String wireCode) {
        List<Violation> violations = validate(mu.message(), mu.payload());
        assertThat(violations).as("violations of %s", mu).isNotEmpty()
                .allSatisfy(v -> assertThat(v.path()).as("blamed field").isEqualTo(mu.path()))
                .anySatisfy(v -> assertThat(v.kind()).isEqualTo(kind));
        ErrorCode code = ENGINE.codeFor(violations);
        assertThat(code).isEqualTo(Ocpp16Validation.errorCode(kind));
        assertThat(code.v16Name()).hasValue(wireCode);
    }

    // ------------------------------------------------------------------ mutations, over a connection

    private static final InMemoryNetwork NET = new InMemoryNetwork();
    private static final List<String> ENGINE_ACTIONS = List.of("BootNotification", "MeterValues");
    private static Ocpp16CentralSystem cs;
    private static Ocpp16CentralSystemSession toCs;

    @BeforeContainer
    static void connect() throws Exception {
        OffsetDateTime now = OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC);
        cs = Ocpp16CentralSystem.builder(NET.serverTransport()).port(0).path("/ocpp")
                .on(BootNotificationRequest.class, boot -> new BootNotificationResponse()
                        .withStatus(RegistrationStatus.ACCEPTED).withCurrentTime(now).withInterval(300))
                .on(MeterValuesRequest.class, meter -> new MeterValuesResponse())
                .build().start();
        toCs = Ocpp16ChargePoint.builder(NET.clientTransport())
                .endpoint(URI.create("ws://127.0.0.1:" + cs.port() + "/ocpp")).identity("CP-PROPS")
                .build().connect().get(5, SECONDS);
    }

    @AfterContainer
    static void disconnect() {
        if (cs != null) {
            cs.close();
        }
    }

    @Property(tries = 15)
    void missingRequiredFieldIsRefusedOnTheWire(@ForAll("engineWithoutRequiredField") Mutation mu) throws Exception {
        assertRefusedOnTheWire(mu, "OccurenceConstraintViolation");
    }

    @Property(tries = 15)
    void wrongJsonTypeIsRefusedOnTheWire(@ForAll("engineWithWrongType") Mutation mu) throws Exception {
        assertRefusedOnTheWire(mu, "TypeConstraintViolation");
    }

    @Property(tries = 15)
    void overlongStringIsRefusedOnTheWire(@ForAll("engineWithOverlongString") Mutation mu) throws Exception {
        assertRefusedOnTheWire(mu, "PropertyConstraintViolation");
    }

    @Property(tries = 15)
    void valueOutsideTheEnumerationIsRefusedOnTheWire(@ForAll("engineWithValueOutsideEnum") Mutation mu)
            throws Exception {
        assertRefusedOnTheWire(mu, "PropertyConstraintViolation");
    }

    @Property(tries = 15)
    void extraPropertyIsRefusedOnTheWire(@ForAll("engineWithExtraProperty") Mutation mu) throws Exception {
        assertRefusedOnTheWire(mu, "FormationViolation");
    }

    /** The CALLERROR names the field; the connection is not harmed: the unbroken payload still goes through. */
    private static void assertRefusedOnTheWire(Mutation mu, String wireCode) throws Exception {
        assertThatThrownBy(() -> toCs.session().call(mu.action(), mu.payload()).get(5, SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(CallErrorException.class, e -> {
                    assertThat(e.wireCode()).isEqualTo(wireCode);
                    assertThat(e.description()).contains(mu.path());
                    assertThat(e.details().path("violations").findValuesAsText("field")).contains(mu.path());
                });
        assertThat(toCs.session().call(mu.action(), mu.original()).get(5, SECONDS)).isNotNull();
        assertThat(toCs.isOpen()).isTrue();
    }

    // ------------------------------------------------------------------ providers

    @Provide
    Arbitrary<Sample> samples() {
        return samples(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> withoutRequiredField() {
        return removeRequired(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> engineWithoutRequiredField() {
        return removeRequired(engineMessages());
    }

    @Provide
    Arbitrary<Mutation> withWrongType() {
        return wrongType(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> engineWithWrongType() {
        return wrongType(engineMessages());
    }

    @Provide
    Arbitrary<Mutation> withOverlongString() {
        return overlong(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> engineWithOverlongString() {
        return overlong(engineMessages());
    }

    @Provide
    Arbitrary<Mutation> withValueOutsideEnum() {
        return outsideEnum(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> engineWithValueOutsideEnum() {
        return outsideEnum(engineMessages());
    }

    @Provide
    Arbitrary<Mutation> withExtraProperty() {
        return extraProperty(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> engineWithExtraProperty() {
        return extraProperty(engineMessages());
    }

    @Provide
    Arbitrary<Mutation> withTooFewItems() {
        return mutations(SAMPLES.messages(), s -> s.shape() instanceof ArrayShape a && a.minItems() > 0,
                (instance, site) -> Arbitraries.just(
                        new Broken(site.replacedIn(instance, NODES.arrayNode()), site.path())));
    }

    @Provide
    Arbitrary<Mutation> withMalformedDateTime() {
        // Each breaks RFC 3339 §5.6 in its own way: seconds, offset, calendar, clock, or no date at all. (A space
        // for the "T" passes the validator and is refused only by binding; see ValidationBehaviourTest.)
        Arbitrary<String> malformed = Arbitraries.of("2026-11-21T10:00Z",
                "2026-11-21T10:00:00", "2026-11-21T10:00:00+0200", "2026-02-30T10:00:00Z", "2026-11-21T24:00:00Z",
                "2026-13-01T10:00:00Z", "21.11.2026 10:00", "", "now");
        return mutations(SAMPLES.messages(),
                s -> s.shape() instanceof StringShape str && "date-time".equals(str.format()),
                (instance, site) -> malformed.map(v ->
                        new Broken(site.replacedIn(instance, TextNode.valueOf(v)), site.path())));
    }

    private static List<Message> engineMessages() {
        return ENGINE_ACTIONS.stream().map(a -> SAMPLES.message(a, true)).toList();
    }

    private static Arbitrary<Sample> samples(List<Message> messages) {
        return Arbitraries.of(messages).flatMap(m -> SAMPLES.arbitrary(m).map(i -> new Sample(m, i)));
    }

    private static Arbitrary<Mutation> removeRequired(List<Message> messages) {
        return mutations(messages, Site::required,
                (instance, site) -> Arbitraries.just(new Broken(site.removedFrom(instance), site.path())));
    }

    private static Arbitrary<Mutation> wrongType(List<Message> messages) {
        return mutations(messages, s -> !s.path().isEmpty(),
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
        return mutations(messages, s -> s.shape() instanceof ObjectShape,
                (instance, site) -> {
                    ObjectShape shape = (ObjectShape) site.shape();
                    // A defined name in another case is a different property on the wire.
                    Arbitrary<String> names = Arbitraries.oneOf(
                                    Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                                    Arbitraries.of(List.copyOf(shape.properties().keySet().isEmpty()
                                                    ? List.of("vendorExtension") : shape.properties().keySet()))
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
        return Ocpp16Validation.validator().validate(m.action(), m.request(), payload);
    }
}
