package dev.ocpp.testkit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two schemas that state the same protocol facts in different layouts reduce to the same tree, and any difference
 * in a fact is found and located.
 */
class StructuralSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The layout of the OCA reference: one file, shared types under definitions, descriptions and defaults. */
    private static final String REFERENCE = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "$id": "urn:example:ThingRequest",
              "comment": "generated",
              "definitions": {
                "ModeEnumType": { "javaType": "ModeEnum", "type": "string", "default": "Slow",
                                  "enum": ["Slow", "Fast"] },
                "PartType": {
                  "javaType": "Part", "type": "object", "additionalProperties": false,
                  "properties": { "size": { "type": "integer", "minimum": 0.0, "maximum": 100.0 },
                                  "mode": { "$ref": "#/definitions/ModeEnumType" } },
                  "required": ["size"]
                }
              },
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "part": { "$ref": "#/definitions/PartType" },
                "parts": { "type": "array", "additionalItems": false, "minItems": 1,
                           "items": { "$ref": "#/definitions/PartType" } },
                "label": { "description": "Free text.", "type": "string", "maxLength": 20 },
                "vendor": { "type": "object", "properties": { "id": { "type": "string" } } }
              },
              "required": ["part", "label"]
            }
            """;

    /** The same facts in this project's layout: shared types in their own files, other order, own hints. */
    private static final String OURS = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "$comment": "our own words",
              "javaType": "example.ThingRequest",
              "type": "object",
              "additionalProperties": false,
              "required": ["label", "part"],
              "properties": {
                "label": { "type": "string", "maxLength": 20 },
                "vendor": { "type": "object", "additionalProperties": true,
                            "properties": { "id": { "type": "string" } } },
                "parts": { "type": "array", "minItems": 1, "items": { "$ref": "../types/Part.json" } },
                "part": { "$ref": "../types/Part.json" }
              }
            }
            """;

    private static final String PART = """
            { "javaType": "example.Part", "type": "object", "additionalProperties": false, "required": ["size"],
              "properties": { "mode": { "$ref": "ModeEnum.json" },
                              "size": { "type": "integer", "minimum": 0, "maximum": 100 } } }
            """;

    private static final String MODE = """
            { "javaType": "example.ModeEnum", "javaEnumNames": ["FAST", "SLOW"], "type": "string",
              "enum": ["Fast", "Slow"] }
            """;

    @Test
    void sameFactsInDifferentLayoutsReduceToTheSameTree() throws IOException {
        Path reference = write("reference/ThingRequest.json", REFERENCE);
        Path ours = writeOurs(PART, MODE);

        JsonNode a = StructuralSchema.of(ours);
        JsonNode b = StructuralSchema.of(reference);

        assertThat(StructuralSchema.firstDifference(a, b, "")).isNull();
        assertThat(a).isEqualTo(b);
        assertThat(a.toString()).doesNotContain("description", "default", "javaType", "definitions", "$id",
                "additionalItems");
        assertThat(a.at("/properties/vendor/additionalProperties").asBoolean()).isTrue();
    }

    @Test
    void aChangedBoundIsFoundWhereItIs() throws IOException {
        Path reference = write("reference/ThingRequest.json", REFERENCE);
        Path ours = writeOurs(PART.replace("\"maximum\": 100", "\"maximum\": 99"), MODE);

        assertThat(StructuralSchema.firstDifference(StructuralSchema.of(ours), StructuralSchema.of(reference), ""))
                .startsWith("/properties/part/properties/size/maximum");
    }

    @Test
    void aMissingEnumValueIsFound() throws IOException {
        Path reference = write("reference/ThingRequest.json", REFERENCE);
        Path ours = writeOurs(PART, MODE.replace("\"Fast\", ", ""));

        assertThat(StructuralSchema.firstDifference(StructuralSchema.of(ours), StructuralSchema.of(reference), ""))
                .startsWith("/properties/part/properties/mode/enum");
    }

    @Test
    void anOpenedObjectIsFound() throws IOException {
        Path reference = write("reference/ThingRequest.json", REFERENCE);
        Path ours = writeOurs(PART.replace("\"additionalProperties\": false", "\"additionalProperties\": true"), MODE);

        assertThat(StructuralSchema.firstDifference(StructuralSchema.of(ours), StructuralSchema.of(reference), ""))
                .startsWith("/properties/part/additionalProperties");
    }

    @Test
    void aDroppedRequiredPropertyIsFound() throws IOException {
        Path reference = write("reference/ThingRequest.json", REFERENCE);
        Path ours = writeOurs(PART.replace("\"required\": [\"size\"],", ""), MODE);

        assertThat(StructuralSchema.firstDifference(StructuralSchema.of(ours), StructuralSchema.of(reference), ""))
                .startsWith("/properties/part/required");
    }

    @Test
    void unknownKeywordIsRefusedRatherThanIgnored() throws IOException {
        Path file = write("x/Odd.json", "{ \"type\": \"string\", \"contentEncoding\": \"base64\" }");

        assertThatThrownBy(() -> StructuralSchema.of(file)).hasMessageContaining("contentEncoding");
    }

    @Test
    void unresolvableAndRecursiveReferencesAreRefused() throws IOException {
        Path dangling = write("x/Dangling.json", "{ \"$ref\": \"#/definitions/Nothing\" }");
        Path loop = write("x/Loop.json", "{ \"definitions\": { \"A\": { \"$ref\": \"#/definitions/A\" } },"
                + " \"$ref\": \"#/definitions/A\" }");

        assertThatThrownBy(() -> StructuralSchema.of(dangling)).hasMessageContaining("unresolvable");
        assertThatThrownBy(() -> StructuralSchema.of(loop)).hasMessageContaining("recursive");
    }

    @Test
    void byteOrderMarkIsSkipped() throws IOException {
        Path file = dir.resolve("Bom.json");
        Files.write(file, ("\ufeff{ \"type\": \"string\" }").getBytes(StandardCharsets.UTF_8));

        assertThat(StructuralSchema.read(file)).isEqualTo(JSON.readTree("{ \"type\": \"string\" }"));
    }

    @Test
    void arraysOfDifferentLengthDiffer() throws IOException {
        JsonNode a = JSON.readTree("{ \"required\": [\"a\"] }");
        JsonNode b = JSON.readTree("{ \"required\": [\"a\", \"b\"] }");

        assertThat(StructuralSchema.firstDifference(a, b, "")).startsWith("/required");
        assertThat(StructuralSchema.firstDifference(a, a.deepCopy(), "")).isNull();
    }

    private Path writeOurs(String part, String mode) throws IOException {
        write("ours/types/Part.json", part);
        write("ours/types/ModeEnum.json", mode);
        return write("ours/messages/ThingRequest.json", OURS);
    }

    private Path write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }
}
