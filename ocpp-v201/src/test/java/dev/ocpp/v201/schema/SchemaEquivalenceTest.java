package dev.ocpp.v201.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ocpp.testkit.schema.StructuralSchema;
import dev.ocpp.v201.Ocpp201Actions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    static final Path REFERENCE = Path.of(System.getProperty("ocpp.reference.schemas",
            "../../shared/ocpp-reference-schemas"), "v201");

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
        assumeReference();
        List<String> files;
        try (Stream<Path> list = Files.list(REFERENCE)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).toList();
        }
        assertThat(files).hasSize(128).containsExactlyInAnyOrderElementsOf(Ocpp201Actions.ALL.stream()
                .flatMap(a -> Stream.of(a + "Request.json", a + "Response.json")).toList());
    }

    @TestFactory
    Stream<DynamicTest> eachMessageMatchesTheReference() {
        assumeReference();
        return Ocpp201Actions.ALL.stream().sorted()
                .flatMap(action -> Stream.of(action + "Request.json", action + "Response.json"))
                .map(file -> DynamicTest.dynamicTest(file.replace(".json", ""),
                        () -> assertEquivalent(OURS.resolve(file), REFERENCE.resolve(file))));
    }

    private static void assumeReference() {
        assumeTrue(Files.isDirectory(REFERENCE), "OCA 2.0.1 reference schemas not found at "
                + REFERENCE.toAbsolutePath() + " (they sit at ../shared/ocpp-reference-schemas in CI);"
                + " equivalence not checked");
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
