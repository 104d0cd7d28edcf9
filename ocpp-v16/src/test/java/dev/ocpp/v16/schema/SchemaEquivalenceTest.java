package dev.ocpp.v16.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocpp.testkit.schema.ReferenceSchemas;
import dev.ocpp.testkit.schema.StructuralSchema;
import dev.ocpp.v16.Ocpp16Actions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Our 78 message schemas state exactly the protocol facts of the OCA reference schemas, message by message: the
 * same fields, types, required lists, bounds, formats, enum values and additionalProperties, once each side's
 * {@code $ref}s are inlined and annotations dropped (see {@link StructuralSchema}).
 */
class SchemaEquivalenceTest {

    static final Path OURS = Path.of("src/main/resources/dev/ocpp/v16/schema/messages");
    static final String VERSION = "v16";

    @Test
    void everyActionHasARequestAndAResponseSchema() {
        List<String> missing = Ocpp16Actions.ALL.stream()
                .flatMap(a -> Stream.of(a + "Request.json", a + "Response.json"))
                .filter(f -> !Files.isRegularFile(OURS.resolve(f)))
                .sorted().toList();
        assertThat(missing).as("message schemas missing under " + OURS).isEmpty();
        assertThat(OURS.toFile().list((d, n) -> n.endsWith(".json"))).hasSize(78);
    }

    @TestFactory
    Stream<DynamicTest> eachMessageMatchesTheReference() {
        Optional<Path> found = ReferenceSchemas.find(VERSION);
        if (found.isEmpty()) {
            // An abort in the factory itself is not reported as a skip; one dynamic test that aborts (or fails,
            // when the reference is required) is, so the 78 missing comparisons show up in every report.
            return Stream.of(DynamicTest.dynamicTest("reference schemas present",
                    () -> ReferenceSchemas.require(VERSION, "78 message schema comparisons")));
        }
        Path reference = found.get();
        return Ocpp16Actions.ALL.stream().sorted().flatMap(action -> Stream.of(
                DynamicTest.dynamicTest(action + " request", () ->
                        assertEquivalent(OURS.resolve(action + "Request.json"), reference.resolve(action + ".json"))),
                DynamicTest.dynamicTest(action + " response", () ->
                        assertEquivalent(OURS.resolve(action + "Response.json"),
                                reference.resolve(action + "Response.json")))));
    }

    static void assertEquivalent(Path ours, Path reference) {
        assertThat(ours).as("our schema").isRegularFile();
        JsonNode mine = StructuralSchema.of(ours);
        JsonNode theirs = StructuralSchema.of(reference);
        assertThat(StructuralSchema.firstDifference(mine, theirs, ""))
                .as("%s differs from %s at (ours vs reference)", ours.getFileName(), reference.getFileName())
                .isNull();
    }
}
