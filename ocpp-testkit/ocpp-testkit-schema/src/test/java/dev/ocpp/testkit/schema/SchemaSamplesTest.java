package dev.ocpp.testkit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ocpp.core.typed.OcppJson;
import dev.ocpp.core.validation.JsonSchemaValidator;
import dev.ocpp.core.validation.Violation;
import dev.ocpp.testkit.schema.Shape.AnyShape;
import dev.ocpp.testkit.schema.Shape.ArrayShape;
import dev.ocpp.testkit.schema.Shape.IntegerShape;
import dev.ocpp.testkit.schema.Shape.NumberShape;
import dev.ocpp.testkit.schema.Shape.ObjectShape;
import dev.ocpp.testkit.schema.Shape.StringShape;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The samples of the kit's made-up schema set ({@link SampleSet}), held to a real validator. */
class SchemaSamplesTest {

    private static final SchemaSamples SAMPLES = SampleSet.SAMPLES;
    private static final JsonSchemaValidator VALIDATOR = SampleSet.VALIDATOR;

    // ------------------------------------------------------------------ valid instances

    @Property(tries = 400)
    void arbitraryInstancesValidateClean(@ForAll("samples") Sample s) {
        assertThat(validate(s.message(), s.instance())).isEmpty();
    }

    @Property(tries = 200)
    void arbitraryInstancesComeBackFromTextUnchanged(@ForAll("samples") Sample s) throws Exception {
        JsonNode reread = OcppJson.mapper().readTree(OcppJson.mapper().writeValueAsString(s.instance()));
        assertThat(SchemaSamples.canonical(reread)).isEqualTo(SchemaSamples.canonical(s.instance()));
    }

    @Property(tries = 200)
    void arbitraryInstancesHoldNoNull(@ForAll("samples") Sample s) {
        assertThat(containsNull(s.instance())).as("%s", s).isFalse();
    }

    @Example
    void typicalInstancesValidateCleanAndFillEveryDeclaredProperty() {
        for (Message m : SAMPLES.messages()) {
            ObjectNode typical = SAMPLES.typical(m);
            assertThat(validate(m, typical)).as("%s", m).isEmpty();
            assertThat(typical.size()).as("%s", m).isEqualTo(SAMPLES.shape(m).properties().size());
        }
    }

    @Example
    void typicalValuesRespectBoundsThatExcludeTheUsualChoice() {
        ObjectNode typical = SAMPLES.typical(SAMPLES.request("Report"));
        assertThat(typical.at("/station/floor")).isEqualTo(IntNode.valueOf(1001));
        assertThat(typical.at("/readings/0/value").decimalValue()).isBetween(BigDecimal.TEN.negate(), BigDecimal.TEN);
        assertThat(typical.at("/readings/0/ratio").doubleValue()).isLessThanOrEqualTo(-2.5);
        assertThat(typical.path("note").asText().codePoints().count()).isBetween(2L, 10L);
        assertThat(typical.path("payload").isObject()).isTrue();
    }

    @Example
    void typicalIsTheSameEveryTime() {
        Message m = SAMPLES.request("Report");
        assertThat(SAMPLES.typical(m)).isEqualTo(SAMPLES.typical(m)).isNotSameAs(SAMPLES.typical(m));
    }

    @Property(tries = 300)
    void vendorPropertiesAppearOnlyInOpenObjectsAndNeverShadowDeclaredOnes(@ForAll("reports") ObjectNode report) {
        Set<String> declaredTop = SAMPLES.shape(SAMPLES.request("Report")).properties().keySet();
        assertThat(report.properties()).allSatisfy(e -> assertThat(declaredTop).contains(e.getKey()));
        JsonNode vendor = report.path("customData");
        if (!vendor.isMissingNode()) {
            assertThat(vendor.has("vendorId")).isTrue();
        }
    }

    @Example
    void openObjectsGetVendorPropertiesAndAnyTypedValuesVaryInType() {
        Arbitrary<ObjectNode> reports = SAMPLES.arbitrary(SAMPLES.request("Report"));
        Random random = new Random(20261121);
        var generator = reports.generator(1000);
        List<ObjectNode> many = IntStream.range(0, 400).mapToObj(i -> generator.next(random).value()).toList();
        assertThat(many).anySatisfy(r -> assertThat(r.path("customData").size()).isGreaterThan(1));
        assertThat(many).anySatisfy(r -> assertThat(r.at("/station/customData").size()).isGreaterThan(1));
        assertThat(many.stream().filter(r -> r.has("payload")).map(r -> r.get("payload").getNodeType())
                .distinct().count()).isGreaterThanOrEqualTo(4);
        ObjectNode openResponse = SAMPLES.arbitrary(SAMPLES.response("Ping")).generator(1000).next(random).value();
        assertThat(openResponse).isNotNull();
    }

    // ------------------------------------------------------------------ the model

    @Example
    void shapesCarryTheBoundsOfTheSchema() {
        ObjectShape report = SAMPLES.shape(SAMPLES.request("Report"));
        assertThat(report.open()).isFalse();
        assertThat(report.name()).isEqualTo("example.ReportRequest");
        assertThat(report.required()).containsExactly("station", "readings");
        assertThat(((ObjectShape) report.properties().get("customData")).open()).isTrue();
        assertThat(report.properties().get("payload")).isInstanceOf(AnyShape.class);
        assertThat(report.properties().get("note")).isEqualTo(new StringShape(2, 10, null));
        ArrayShape readings = (ArrayShape) report.properties().get("readings");
        assertThat(readings.minItems()).isEqualTo(1);
        assertThat(readings.maxItems()).isEqualTo(4);
        ObjectShape reading = (ObjectShape) readings.items();
        assertThat(reading.properties().get("value")).isEqualTo(new NumberShape(new BigDecimal("0.5"),
                new BigDecimal("-10"), new BigDecimal("10")));
        ObjectShape station = (ObjectShape) report.properties().get("station");
        assertThat(station.properties().get("level")).isEqualTo(new IntegerShape(new BigDecimal("-3"),
                new BigDecimal("3")));
        // One file, one shape: the two references to Vendor.json share it.
        assertThat(station.properties().get("customData")).isSameAs(report.properties().get("customData"));
        assertThat(SAMPLES.shape(SAMPLES.response("Ping")).open()).isTrue();
    }

    @Example
    void anywhereFindsPlacesInsideArraysAndReferencedTypes() {
        ObjectShape report = SAMPLES.shape(SAMPLES.request("Report"));
        assertThat(SchemaSamples.anywhere(report, s -> s instanceof NumberShape n && n.multipleOf() != null))
                .isTrue();
        assertThat(SchemaSamples.anywhere(SAMPLES.shape(SAMPLES.request("Ping")), s -> s instanceof StringShape))
                .isFalse();
    }

    @Example
    void messagesAreLookedUpByActionAndDirection() {
        assertThat(SAMPLES.messages()).extracting(Message::name)
                .containsExactly("ReportRequest", "ReportResponse", "PingRequest", "PingResponse");
        assertThat(SAMPLES.response("Report").schemaPath()).isEqualTo("messages/ReportResponse.json");
        assertThatThrownBy(() -> SAMPLES.request("Nothing")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaSamples.of(p -> null,
                List.of(Message.request("A", Object.class), Message.request("A", Object.class))))
                .hasMessageContaining("twice");
    }

    // ------------------------------------------------------------------ what is refused

    @Example
    void keywordTheSamplesDoNotModelFailsLoudly() {
        assertThatThrownBy(() -> bad("Pattern")).hasMessageContaining("'pattern'");
    }

    @Example
    void keywordOnATypeItCannotConstrainFailsLoudly() {
        assertThatThrownBy(() -> bad("Misplaced")).hasMessageContaining("'maxLength'").hasMessageContaining("integer");
    }

    @Example
    void referenceIntoAFileFailsLoudly() {
        assertThatThrownBy(() -> bad("Pointer")).hasMessageContaining("whole-file");
    }

    @Example
    void schemaValuedAdditionalPropertiesFailsLoudly() {
        assertThatThrownBy(() -> bad("SchemaAdditional")).hasMessageContaining("additionalProperties");
    }

    @Example
    void listOfTypesFailsLoudly() {
        assertThatThrownBy(() -> bad("TypeList")).hasMessageContaining("single type");
    }

    @Example
    void missingFileIsNamed() {
        SchemaSamples none = SchemaSamples.of(p -> null, List.of(Message.request("Gone", Object.class)));
        assertThatThrownBy(() -> none.shape(none.request("Gone"))).hasMessageContaining("messages/GoneRequest.json");
    }

    private static ObjectShape bad(String action) {
        SchemaSamples set = SchemaSamples.of(p -> SchemaSamplesTest.class.getResourceAsStream("bad/" + p),
                List.of(Message.request(action, Object.class)));
        return set.shape(set.request(action));
    }

    // ------------------------------------------------------------------ sites

    @Property(tries = 200)
    void removingARequiredSiteIsMissingAtThatPath(@ForAll("samples") Sample s) {
        for (Site site : SAMPLES.sites(s.message(), s.instance())) {
            if (site.required()) {
                assertThat(validate(s.message(), site.removedFrom(s.instance())))
                        .containsExactly(new Violation(Violation.Kind.MISSING, site.path(),
                                "required field is missing"));
            }
        }
    }

    @Property(tries = 200)
    void replacingASiteWithATextOfTheWrongTypeIsBlamedAtThatPath(@ForAll("samples") Sample s) {
        for (Site site : SAMPLES.sites(s.message(), s.instance())) {
            if (site.path().isEmpty() || site.shape() instanceof AnyShape || site.shape() instanceof StringShape
                    || site.shape() instanceof Shape.EnumShape) {
                continue;
            }
            ObjectNode broken = site.replacedIn(s.instance(), TextNode.valueOf("7"));
            assertThat(validate(s.message(), broken)).as("%s", site).isNotEmpty()
                    .allSatisfy(v -> assertThat(v.path()).isEqualTo(site.path()));
            assertThat(site.in(s.instance())).isNotEqualTo(TextNode.valueOf("7"));
        }
    }

    @Example
    void sitesListTheRootFirstThenDeclaredPlacesInDocumentOrder() {
        Message m = SAMPLES.request("Report");
        ObjectNode typical = SAMPLES.typical(m);
        ((ObjectNode) typical.get("customData")).put("extra", 1);
        List<String> paths = SAMPLES.sites(m, typical).stream().map(Site::path).toList();
        assertThat(paths.get(0)).isEmpty();
        assertThat(paths).containsSubsequence("customData", "customData.vendorId", "station", "station.serial",
                "readings", "readings[0]", "readings[0].value", "readings[1]", "payload");
        assertThat(paths).doesNotContain("customData.extra", "payload.text");
        Site second = SAMPLES.sites(m, typical).stream().filter(x -> x.path().equals("readings[1].value"))
                .findFirst().orElseThrow();
        assertThat(second.fieldName()).isEqualTo("value");
        assertThat(second.steps()).containsExactly("readings", 1, "value");
        assertThat(second.removedFrom(typical).at("/readings/1").has("value")).isFalse();
        assertThat(typical.at("/readings/1").has("value")).as("the original is untouched").isTrue();
    }

    // ------------------------------------------------------------------ helpers for other tests

    @Property(tries = 300)
    void stringsCountCodePointsNotChars(@ForAll @IntRange(min = 0, max = 12) int min,
                                        @ForAll @IntRange(min = 0, max = 12) int extra, @ForAll Random random) {
        String s = SchemaSamples.strings(min, min + extra).generator(100).next(random).value();
        assertThat(s.codePointCount(0, s.length())).isBetween(min, min + extra);
    }

    @Property(tries = 300)
    void dateTimesReadAndWriteBackUnchanged(@ForAll("dateTimes") String text) {
        assertThat(OcppJson.format(OcppJson.parse(text))).isEqualTo(text);
    }

    @Example
    void canonicalIgnoresHowANumberIsWrittenButNotItsValue() {
        assertThat(SchemaSamples.canonical(IntNode.valueOf(16))).isEqualTo(SchemaSamples.canonical(
                DoubleNode.valueOf(16.0)));
        assertThat(SchemaSamples.canonical(IntNode.valueOf(16))).isNotEqualTo(SchemaSamples.canonical(
                DoubleNode.valueOf(16.5)));
        assertThat(SchemaSamples.truncate("a\ud83d\ude00b", 2)).isEqualTo("a\ud83d\ude00");
        assertThat(SchemaSamples.truncate("abc", -1)).isEqualTo("abc");
    }

    // ------------------------------------------------------------------ providers

    @Provide
    Arbitrary<Sample> samples() {
        return SAMPLES.instances(SAMPLES.messages());
    }

    @Provide
    Arbitrary<ObjectNode> reports() {
        return SAMPLES.arbitrary(SAMPLES.request("Report"));
    }

    @Provide
    Arbitrary<String> dateTimes() {
        return SchemaSamples.dateTimes();
    }

    private static List<Violation> validate(Message m, ObjectNode payload) {
        return VALIDATOR.validate(m.action(), m.request(), payload);
    }

    private static boolean containsNull(JsonNode node) {
        if (node.isNull()) {
            return true;
        }
        for (JsonNode child : node) {
            if (containsNull(child)) {
                return true;
            }
        }
        return false;
    }
}
