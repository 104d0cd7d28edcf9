package dev.ocpp.v201;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.ErrorCode;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.internal.typed.TypedEngine;
import dev.ocpp.core.validation.JsonSchemaValidator;
import dev.ocpp.core.validation.Violation;
import dev.ocpp.testkit.schema.Message;
import dev.ocpp.testkit.schema.Mutation;
import dev.ocpp.testkit.schema.Sample;
import dev.ocpp.testkit.schema.SchemaMutations;
import dev.ocpp.testkit.schema.SchemaMutations.Breakage;
import dev.ocpp.testkit.schema.SchemaMutations.Broken;
import dev.ocpp.testkit.schema.SchemaSamples;
import dev.ocpp.testkit.schema.Shape;
import dev.ocpp.testkit.schema.Shape.ObjectShape;
import dev.ocpp.testkit.schema.Site;
import dev.ocpp.v201.internal.TypedSupport;
import dev.ocpp.v201.samples.Ocpp201Samples;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
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
    private static final SchemaMutations MUTATIONS = SchemaMutations.of(SAMPLES);
    private static final JsonSchemaValidator EXHAUSTIVE = Ocpp201Validation.validator().exhaustive();
    /** The engine's choice of CALLERROR code among several violations is what a peer gets to see. */
    private static final TypedEngine ENGINE = TypedSupport.BINDING.engine();

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
        return Arbitraries.oneOf(SAMPLES.instances(all), withVendorProperties(),
                MUTATIONS.anyBreakage(all).map(Mutation::asSample));
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
     * The validator reports exactly the violations the breakage makes, all at the mutated field (the rest of the
     * payload is still valid), and the code the engine picks among them is the expected one. "Exactly" matters: a
     * check that only looks for the expected kind among the reported ones would let a wrong extra kind through,
     * and with it a wrong CALLERROR code wherever that kind outranks the right one.
     */
    private static void assertDecisive(Mutation mu, Violation.Kind kind, String wireCode) {
        List<Violation> violations = validate(mu.message(), mu.payload());
        assertThat(violations).as("violations of %s", mu).isNotEmpty()
                .allSatisfy(v -> assertThat(v.path()).as("blamed field").isEqualTo(mu.path()));
        assertThat(violations).extracting(Violation::kind).as("kinds of the violations of %s", mu)
                .containsExactlyInAnyOrderElementsOf(expectedKinds(mu, kind));
        ErrorCode code = ENGINE.codeFor(violations);
        assertThat(code).as("the code the engine answers with").isEqualTo(Ocpp201Validation.errorCode(kind));
        assertThat(code.v2Name()).isEqualTo(wireCode);
        assertThat(validate(mu.message(), mu.original())).as("the unbroken original").isEmpty();
    }

    /**
     * The kinds one breakage at one place yields: its own kind, once. The one legitimate extra: a value of the
     * wrong JSON type where the schema has an enumeration breaks {@code type} and {@code enum} alike (JSON
     * Schema checks {@code enum} whatever the type, and only strings are listed), so it is TYPE plus VALUE; the
     * engine still answers TypeConstraintViolation, TYPE coming first. Other keywords (maxLength, format,
     * minimum, ...) apply to one JSON type only and stay silent on a value of another type.
     */
    private static List<Violation.Kind> expectedKinds(Mutation mu, Violation.Kind kind) {
        if (kind == Violation.Kind.TYPE && SAMPLES.sites(mu.message(), mu.original()).stream()
                .anyMatch(site -> site.path().equals(mu.path()) && site.shape() instanceof Shape.EnumShape)) {
            return List.of(Violation.Kind.TYPE, Violation.Kind.VALUE);
        }
        return List.of(kind);
    }

    // ------------------------------------------------------------------ providers

    @Provide
    Arbitrary<Sample> samples() {
        return SAMPLES.instances(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Sample> withVendorProperties() {
        Predicate<Site> customData = s -> s.shape() instanceof ObjectShape o && o.open();
        return MUTATIONS.arbitrary(SAMPLES.messages(), customData,
                (instance, site) -> SOME_VENDOR_PROPERTIES.computeIfAbsent((ObjectShape) site.shape(),
                                o -> SchemaSamples.vendorProperties(o).filter(extra -> !extra.isEmpty()))
                        .map(extra -> {
                            ObjectNode copy = instance.deepCopy();
                            extra.forEach(((ObjectNode) site.in(copy))::set);
                            return new Broken(copy, site.path());
                        }))
                .map(Mutation::asSample);
    }

    /** At least one vendor property, one arbitrary per open object (all customData share one shape). */
    private static final Map<ObjectShape, Arbitrary<Map<String, JsonNode>>> SOME_VENDOR_PROPERTIES =
            new ConcurrentHashMap<>();

    @Provide
    Arbitrary<Mutation> withoutRequiredField() {
        return all(Breakage.MISSING_REQUIRED);
    }

    @Provide
    Arbitrary<Mutation> withWrongType() {
        return all(Breakage.WRONG_TYPE);
    }

    @Provide
    Arbitrary<Mutation> withOverlongString() {
        return all(Breakage.OVERLONG_STRING);
    }

    @Provide
    Arbitrary<Mutation> withValueOutsideEnum() {
        return all(Breakage.OUTSIDE_ENUM);
    }

    @Provide
    Arbitrary<Mutation> withExtraProperty() {
        return all(Breakage.EXTRA_PROPERTY);
    }

    @Provide
    Arbitrary<Mutation> withTooFewItems() {
        return all(Breakage.TOO_FEW_ITEMS);
    }

    @Provide
    Arbitrary<Mutation> withTooManyItems() {
        return all(Breakage.TOO_MANY_ITEMS);
    }

    @Provide
    Arbitrary<Mutation> withValueBelowMinimum() {
        return all(Breakage.BELOW_MINIMUM);
    }

    @Provide
    Arbitrary<Mutation> withValueAboveMaximum() {
        return all(Breakage.ABOVE_MAXIMUM);
    }

    @Provide
    Arbitrary<Mutation> withMalformedDateTime() {
        return all(Breakage.MALFORMED_DATE_TIME);
    }

    /** Mutations of that kind over all 128 messages. */
    private static Arbitrary<Mutation> all(Breakage breakage) {
        return MUTATIONS.arbitrary(breakage, SAMPLES.messages());
    }

    private static List<Violation> validate(Message m, ObjectNode payload) {
        return Ocpp201Validation.validator().validate(m.action(), m.request(), payload);
    }
}
