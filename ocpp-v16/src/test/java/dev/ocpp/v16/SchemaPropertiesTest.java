package dev.ocpp.v16;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.CallErrorException;
import dev.ocpp.core.CallOptions;
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
import dev.ocpp.testkit.schema.Mutation;
import dev.ocpp.testkit.schema.Sample;
import dev.ocpp.testkit.schema.SchemaMutations;
import dev.ocpp.testkit.schema.SchemaMutations.Breakage;
import dev.ocpp.testkit.schema.SchemaSamples;
import dev.ocpp.testkit.schema.Shape;
import dev.ocpp.v16.types.RegistrationStatus;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutionException;
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

    private static final SchemaSamples SAMPLES = Ocpp16Samples.SAMPLES;
    private static final SchemaMutations MUTATIONS = SchemaMutations.of(SAMPLES);
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
        return Arbitraries.oneOf(SAMPLES.instances(all), MUTATIONS.anyBreakage(all).map(Mutation::asSample));
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
        assertThat(code).as("the code the engine answers with").isEqualTo(Ocpp16Validation.errorCode(kind));
        assertThat(code.v16Name()).hasValue(wireCode);
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
        // Unchecked by the sender (its session validates its own calls too), so that the receiver is what refuses.
        assertThatThrownBy(() -> toCs.session().call(mu.action(), mu.payload(),
                        CallOptions.defaults().withValidation(ValidationOptions.off())).get(5, SECONDS))
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
        return SAMPLES.instances(SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> withoutRequiredField() {
        return MUTATIONS.arbitrary(Breakage.MISSING_REQUIRED, SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> engineWithoutRequiredField() {
        return MUTATIONS.arbitrary(Breakage.MISSING_REQUIRED, engineMessages());
    }

    @Provide
    Arbitrary<Mutation> withWrongType() {
        return MUTATIONS.arbitrary(Breakage.WRONG_TYPE, SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> engineWithWrongType() {
        return MUTATIONS.arbitrary(Breakage.WRONG_TYPE, engineMessages());
    }

    @Provide
    Arbitrary<Mutation> withOverlongString() {
        return MUTATIONS.arbitrary(Breakage.OVERLONG_STRING, SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> engineWithOverlongString() {
        return MUTATIONS.arbitrary(Breakage.OVERLONG_STRING, engineMessages());
    }

    @Provide
    Arbitrary<Mutation> withValueOutsideEnum() {
        return MUTATIONS.arbitrary(Breakage.OUTSIDE_ENUM, SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> engineWithValueOutsideEnum() {
        return MUTATIONS.arbitrary(Breakage.OUTSIDE_ENUM, engineMessages());
    }

    @Provide
    Arbitrary<Mutation> withExtraProperty() {
        return MUTATIONS.arbitrary(Breakage.EXTRA_PROPERTY, SAMPLES.messages());
    }

    @Provide
    Arbitrary<Mutation> engineWithExtraProperty() {
        return MUTATIONS.arbitrary(Breakage.EXTRA_PROPERTY, engineMessages());
    }

    @Provide
    Arbitrary<Mutation> withTooFewItems() {
        return MUTATIONS.arbitrary(Breakage.TOO_FEW_ITEMS, SAMPLES.messages());
    }

    /**
     * A space for the "T" is not among the malformed date-times: it passes the validator and is refused only by
     * binding; see ValidationBehaviourTest.
     */
    @Provide
    Arbitrary<Mutation> withMalformedDateTime() {
        return MUTATIONS.arbitrary(Breakage.MALFORMED_DATE_TIME, SAMPLES.messages());
    }

    private static List<Message> engineMessages() {
        return ENGINE_ACTIONS.stream().map(a -> SAMPLES.message(a, true)).toList();
    }

    private static List<Violation> validate(Message m, ObjectNode payload) {
        return Ocpp16Validation.validator().validate(m.action(), m.request(), payload);
    }
}
