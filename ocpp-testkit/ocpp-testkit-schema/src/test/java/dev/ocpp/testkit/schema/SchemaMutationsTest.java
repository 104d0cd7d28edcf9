package dev.ocpp.testkit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ocpp.core.validation.Violation;
import dev.ocpp.testkit.schema.SchemaMutations.Breakage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every breakage over the kit's made-up schema set ({@link SampleSet}), held to a real validator: the original is
 * valid, the broken payload differs from it in the reported place only, and the validator blames that place and
 * nothing else, with the violation kind the breakage is about.
 */
class SchemaMutationsTest {

    private static final SchemaSamples SAMPLES = SampleSet.SAMPLES;
    private static final SchemaMutations MUTATIONS = SchemaMutations.of(SAMPLES);

    /** What the library's validator calls each breakage; a new breakage without an entry fails the test below. */
    private static final Map<Breakage, Violation.Kind> EXPECTED = new EnumMap<>(Map.of(
            Breakage.MISSING_REQUIRED, Violation.Kind.MISSING,
            Breakage.WRONG_TYPE, Violation.Kind.TYPE,
            Breakage.OVERLONG_STRING, Violation.Kind.TOO_LONG,
            Breakage.OUTSIDE_ENUM, Violation.Kind.VALUE,
            Breakage.EXTRA_PROPERTY, Violation.Kind.UNKNOWN_PROPERTY,
            Breakage.MALFORMED_DATE_TIME, Violation.Kind.FORMAT,
            Breakage.TOO_FEW_ITEMS, Violation.Kind.COUNT,
            Breakage.TOO_MANY_ITEMS, Violation.Kind.COUNT,
            Breakage.BELOW_MINIMUM, Violation.Kind.VALUE,
            Breakage.ABOVE_MAXIMUM, Violation.Kind.VALUE));

    /** A mutation with the breakage that made it, so that a failure says which one misbehaved. */
    record Case(Breakage breakage, Mutation mutation) {
        @Override
        public String toString() {
            return breakage + ": " + mutation;
        }
    }

    @Property(tries = 600)
    void eachBreakageBreaksAValidInstanceInExactlyTheReportedPlace(@ForAll("cases") Case c) {
        Mutation mu = c.mutation();
        assertThat(validate(mu.message(), mu.original())).as("the original").isEmpty();
        assertThat(differences(mu.original(), mu.payload(), "", new ArrayList<>())).as("what was changed")
                .containsExactly(mu.path());
        assertThat(validate(mu.message(), mu.payload())).as("violations of %s", c).isNotEmpty()
                .allSatisfy(v -> assertThat(v.path()).as("blamed field").isEqualTo(mu.path()))
                .anySatisfy(v -> assertThat(v.kind()).isEqualTo(EXPECTED.get(c.breakage())));
    }

    @Property(tries = 100)
    void anyBreakageBreaksOnlyInTheReportedPlace(@ForAll("anyBreakage") Mutation mu) {
        assertThat(validate(mu.message(), mu.payload())).as("violations of %s", mu).isNotEmpty()
                .allSatisfy(v -> assertThat(v.path()).isEqualTo(mu.path()));
        assertThat(mu.asSample()).isEqualTo(new Sample(mu.message(), mu.payload()));
    }

    @Example
    void theSampleSetTakesEveryBreakageAndEachIsExpectedSomewhere() {
        assertThat(MUTATIONS.breakages(SAMPLES.messages())).containsExactly(Breakage.values());
        assertThat(EXPECTED.keySet()).containsExactly(Breakage.values());
    }

    @Example
    void onlyTheBreakagesAMessageCanTakeAreOffered() {
        // ReportResponse: a required enumeration, an integer between 0 and 10, a string without bounds.
        assertThat(MUTATIONS.breakages(List.of(SAMPLES.response("Report")))).containsExactly(
                Breakage.MISSING_REQUIRED, Breakage.WRONG_TYPE, Breakage.OUTSIDE_ENUM, Breakage.EXTRA_PROPERTY,
                Breakage.BELOW_MINIMUM, Breakage.ABOVE_MAXIMUM);
        // An open object without properties has nothing to break.
        assertThat(MUTATIONS.breakages(List.of(SAMPLES.response("Ping")))).isEmpty();
    }

    @Example
    void aBreakageNoMessageCanTakeIsRefusedRatherThanNeverTried() {
        assertThatThrownBy(() -> MUTATIONS.arbitrary(Breakage.TOO_FEW_ITEMS, List.of(SAMPLES.response("Report"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ReportResponse");
        assertThatThrownBy(() -> MUTATIONS.anyBreakage(List.of(SAMPLES.response("Ping"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ providers

    private static final Map<Breakage, Arbitrary<Case>> CASES = new EnumMap<>(Breakage.class);

    static {
        for (Breakage b : Breakage.values()) {
            CASES.put(b, MUTATIONS.arbitrary(b, SAMPLES.messages()).map(mu -> new Case(b, mu)));
        }
    }

    /**
     * An array one over its bound is still a frame a receiver reads with its default limits (1 MiB): otherwise it is
     * refused as too big, and the count is never checked. Half the limit leaves room for the frame around it.
     */
    @Property(tries = 300)
    void tooManyItemsStaysWellUnderTheDefaultMessageSize(@ForAll("tooManyItems") Mutation mu) {
        int size = mu.payload().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(size).as("bytes of %s", mu.path())
                .isLessThan(dev.ocpp.core.spi.ServerTransportConfig.DEFAULT_MAX_MESSAGE_SIZE / 2);
    }

    @Provide
    Arbitrary<Mutation> tooManyItems() {
        return MUTATIONS.arbitrary(Breakage.TOO_MANY_ITEMS, SAMPLES.messages());
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(Breakage.values()).flatMap(CASES::get);
    }

    @Provide
    Arbitrary<Mutation> anyBreakage() {
        return MUTATIONS.anyBreakage(SAMPLES.messages());
    }

    private static List<Violation> validate(Message m, ObjectNode payload) {
        return SampleSet.VALIDATOR.validate(m.action(), m.request(), payload);
    }

    /**
     * The paths, written as the validator writes them, where two trees differ: a member only one of them has, an
     * array whose length changed, or a value that is not the same.
     */
    private static List<String> differences(JsonNode a, JsonNode b, String path, List<String> out) {
        if (a.isObject() && b.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                String p = path.isEmpty() ? n : path + "." + n;
                if (a.has(n) && b.has(n)) {
                    differences(a.get(n), b.get(n), p, out);
                } else {
                    out.add(p);
                }
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                differences(a.get(i), b.get(i), path + "[" + i + "]", out);
            }
        } else if (!a.equals(b)) {
            out.add(path);
        }
        return out;
    }
}
