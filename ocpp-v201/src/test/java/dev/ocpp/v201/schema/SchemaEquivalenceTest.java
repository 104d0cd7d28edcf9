package dev.ocpp.v201.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocpp.testkit.schema.ReferenceSchemas;
import dev.ocpp.testkit.schema.StructuralSchema;
import dev.ocpp.v201.Ocpp201Actions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Our 128 message schemas state exactly the protocol facts of the OCA 2.0.1 reference schemas, message by message:
 * the same fields, types, required lists, bounds, formats, enum values and additionalProperties, once each side's
 * {@code $ref}s are inlined and annotations dropped (see {@link StructuralSchema}).
 */
class SchemaEquivalenceTest {

    static final Path OURS = Path.of("src/main/resources/dev/ocpp/v201/schema/messages");
    static final String VERSION = "v201";

    @Test
    void everyActionHasARequestAndAResponseSchemaAndNothingElse() {
        List<String> expected = Ocpp201Actions.ALL.stream()
                .flatMap(a -> Stream.of(a + "Request.json", a + "Response.json"))
                .sorted().toList();
        assertThat(expected).hasSize(128);
        assertThat(OURS.toFile().list((d, n) -> n.endsWith(".json"))).as("message schemas under " + OURS)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void referenceFolderHoldsExactlyTheRegistrysMessages() throws IOException {
        Path reference = ReferenceSchemas.require(VERSION, "the reference's file list");
        List<String> files;
        try (Stream<Path> list = Files.list(reference)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).toList();
        }
        assertThat(files).hasSize(128).containsExactlyInAnyOrderElementsOf(Ocpp201Actions.ALL.stream()
                .flatMap(a -> Stream.of(a + "Request.json", a + "Response.json")).toList());
    }

    @TestFactory
    Stream<DynamicTest> eachMessageMatchesTheReference() {
        Optional<Path> found = ReferenceSchemas.find(VERSION);
        if (found.isEmpty()) {
            // An abort in the factory itself is not reported as a skip; one dynamic test that aborts (or fails,
            // when the reference is required) is, so the 128 missing comparisons show up in every report.
            return Stream.of(DynamicTest.dynamicTest("reference schemas present",
                    () -> ReferenceSchemas.require(VERSION, "128 message schema comparisons")));
        }
        Path reference = found.get();
        return Ocpp201Actions.ALL.stream().sorted()
                .flatMap(action -> Stream.of(action + "Request.json", action + "Response.json"))
                .map(file -> DynamicTest.dynamicTest(file.replace(".json", ""),
                        () -> assertEquivalent(OURS.resolve(file), reference.resolve(file))));
    }

    static void assertEquivalent(Path ours, Path reference) {
        assertThat(ours).as("our schema").isRegularFile();
        assertThat(reference).as("reference schema").isRegularFile();
        JsonNode mine = StructuralSchema.of(ours);
        JsonNode theirs = StructuralSchema.of(reference);
        assertThat(StructuralSchema.firstDifference(mine, theirs, ""))
                .as("%s differs from the reference at (ours vs reference)", ours.getFileName())
                .isNull();
    }
}
