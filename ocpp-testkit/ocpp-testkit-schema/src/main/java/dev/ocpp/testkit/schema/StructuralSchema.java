package dev.ocpp.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reduces a JSON schema to the protocol facts it states, so that two schemas written differently can be compared:
 * a project's own files, with shared types factored out and their own wording, against the OCA reference files,
 * which repeat each type under {@code definitions} and carry the specification's descriptions.
 *
 * <p>Every {@code $ref} (to another file, a pointer into one, or both) is inlined; annotations (titles,
 * descriptions, comments, defaults, Java naming hints, ids) are dropped; {@code required} and {@code enum} become
 * sorted sets; numbers lose trailing zeros (the reference writes {@code "minimum": 0.0}); and keywords that cannot
 * affect validation are removed ({@code additionalProperties} on a non-object, {@code additionalItems} next to a
 * single {@code items} schema). An object's {@code additionalProperties} is made explicit, since leaving it out
 * means {@code true}.
 *
 * <p>Any keyword outside the known structural and annotation sets fails the reduction, so that a schema cannot
 * carry an unchecked constraint.
 */
public final class StructuralSchema {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "id", "title", "description",
            "$comment", "definitions", "$defs", "default", "javaType", "javaInterfaces", "javaEnumNames", "javaEnums",
            "javaName", "existingJavaType", "comment");

    private static final Set<String> STRUCTURAL = Set.of("type", "properties", "required", "additionalProperties",
            "items", "additionalItems", "enum", "const", "format", "pattern", "maxLength", "minLength", "minimum",
            "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems",
            "minProperties", "maxProperties", "anyOf", "oneOf", "allOf", "not");

    private StructuralSchema() {
    }

    /**
     * Reads {@code file} and reduces it; relative {@code $ref}s are read from the file system next to it.
     *
     * @throws IllegalArgumentException on an unknown keyword, an unresolvable or recursive {@code $ref}
     * @throws UncheckedIOException     when a file cannot be read or parsed
     */
    public static JsonNode of(Path file) {
        JsonNode root = read(file);
        return reduce(root, root, file, new ArrayList<>());
    }

    /** Reads a schema file as JSON, with or without a leading UTF-8 byte-order mark. */
    public static JsonNode read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readAllBytes();
            int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                    && (bytes[2] & 0xff) == 0xBF ? 3 : 0; // some reference files start with a byte-order mark
            return MAPPER.readTree(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    private static JsonNode reduce(JsonNode node, JsonNode docRoot, Path docFile, List<String> refStack) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("schema is not an object in " + docFile + ": " + node);
        }
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (refStack.contains(docFile + ref) || refStack.size() > 32) {
                throw new IllegalArgumentException("recursive $ref " + ref + " in " + docFile);
            }
            int hash = ref.indexOf('#');
            String filePart = hash < 0 ? ref : ref.substring(0, hash);
            String pointer = hash < 0 ? "" : ref.substring(hash + 1);
            Path targetFile = filePart.isEmpty() ? docFile : docFile.resolveSibling(filePart).normalize();
            JsonNode targetRoot = filePart.isEmpty() ? docRoot : read(targetFile);
            JsonNode target = pointer.isEmpty() ? targetRoot : targetRoot.at(pointer);
            if (target.isMissingNode()) {
                throw new IllegalArgumentException("unresolvable $ref " + ref + " in " + docFile);
            }
            List<String> deeper = new ArrayList<>(refStack);
            deeper.add(docFile + ref);
            return reduce(target, targetRoot, targetFile, deeper);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        node.properties().forEach(e -> {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (ANNOTATIONS.contains(key)) {
                return;
            }
            if (!STRUCTURAL.contains(key)) {
                throw new IllegalArgumentException("unexpected keyword '" + key + "' in " + docFile);
            }
            switch (key) {
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    new TreeSet<>(iterableNames(value)).forEach(name ->
                            props.set(name, reduce(value.get(name), docRoot, docFile, refStack)));
                }
                case "items", "additionalItems", "not" -> out.set(key, value.isObject()
                        ? reduce(value, docRoot, docFile, refStack) : value);
                case "anyOf", "oneOf", "allOf" -> {
                    ArrayNode list = out.putArray(key);
                    value.forEach(v -> list.add(reduce(v, docRoot, docFile, refStack)));
                }
                case "required", "enum" -> {
                    ArrayNode sorted = out.putArray(key);
                    TreeSet<String> set = new TreeSet<>();
                    value.forEach(v -> set.add(v.toString()));
                    set.forEach(s -> sorted.add(parse(s)));
                }
                case "additionalProperties" -> out.set(key, value.isObject()
                        ? reduce(value, docRoot, docFile, refStack) : value);
                default -> out.set(key, value.isNumber() ? JsonNodeFactory.instance.numberNode(value.decimalValue()
                        .stripTrailingZeros()) : value);
            }
        });
        boolean isObject = out.path("type").asText().equals("object");
        if (!isObject) {
            out.remove("additionalProperties");
        } else if (!out.has("additionalProperties")) {
            out.put("additionalProperties", true);
        }
        if (!out.path("items").isArray()) {
            out.remove("additionalItems");
        }
        return out;
    }

    private static List<String> iterableNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JSON pointer of the first place where two reduced schemas differ, with the two values, or {@code null}
     * when they are equal. Object members are visited in name order, so the answer does not depend on how either
     * file orders its properties.
     *
     * @param at the pointer of {@code a} and {@code b} themselves, {@code ""} for whole schemas
     */
    public static String firstDifference(JsonNode a, JsonNode b, String at) {
        if (a == null || b == null) {
            return a == b ? null : at + " (present on one side only)";
        }
        if (a.isObject() && b.isObject()) {
            TreeSet<String> keys = new TreeSet<>(iterableNames(a));
            keys.addAll(iterableNames(b));
            for (String k : keys) {
                String d = firstDifference(a.get(k), b.get(k), at + "/" + k);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                String d = firstDifference(a.get(i), b.get(i), at + "/" + i);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return a.equals(b) ? null : at + " (" + a + " vs " + b + ")";
    }
}
