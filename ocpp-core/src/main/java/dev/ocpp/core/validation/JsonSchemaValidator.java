package dev.ocpp.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.format.Format;
import com.networknt.schema.format.Formats;
import dev.ocpp.core.internal.validation.FastAcceptance;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link PayloadValidator} over a set of JSON schema files (draft-07), one per message, that may {@code $ref}
 * shared type files by relative path. Backed by networknt json-schema-validator; formats such as {@code date-time}
 * are asserted, not just annotated.
 *
 * <p>Schemas are read through {@code open} (typically a module's own resources), so references resolve without
 * any network or class-path lookup. Each message schema is compiled on first use and cached.
 *
 * <p>In front of the library sits a shortcut compiled from the same schema: it recognises payloads that are
 * certainly valid by plain field lookups and lets them through without the library's general evaluation, which is
 * what makes validation cheap enough to leave on (examples/BENCHMARKS.md). It never rejects anything: a payload it
 * cannot vouch for goes to the library, which alone finds and describes violations, so the result of
 * {@link #validate} is the library's verdict either way. {@link #exhaustive()} gives a validator without the
 * shortcut, to diagnose or to prove that claim.
 */
public final class JsonSchemaValidator implements PayloadValidator {

    private static final String BASE = "https://schemas.ocpp.invalid/";
    private static final int MAX_REF_DEPTH = 16;
    /** More entries than any OCPP version has actions; only absent schemas stop being cached beyond it. */
    private static final int MAX_CACHED = 512;
    private static final ObjectMapper READER = new ObjectMapper();

    private final String namespace;
    private final String prefix;
    private final Function<String, InputStream> open;
    private final Function<String, String> requestSchema;
    private final Function<String, String> responseSchema;
    private final boolean shortcut;
    private final SchemaRegistry registry;
    private final Map<String, Optional<Compiled>> requests = new ConcurrentHashMap<>();
    private final Map<String, Optional<Compiled>> responses = new ConcurrentHashMap<>();

    /** The library's schema, and the shortcut for it ({@code null} when the schema is outside what it models). */
    private record Compiled(Schema schema, FastAcceptance fast) {
    }

    /** The library's own format checks, so that the shortcut and the library agree on what a date-time is. */
    private static final Map<String, Predicate<String>> FORMATS = libraryFormats();

    private JsonSchemaValidator(String namespace, Function<String, InputStream> open,
                                Function<String, String> requestSchema, Function<String, String> responseSchema,
                                boolean shortcut) {
        this.namespace = namespace;
        this.prefix = BASE + namespace + "/";
        this.open = open;
        this.requestSchema = requestSchema;
        this.responseSchema = responseSchema;
        this.shortcut = shortcut;
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .failFast(false)
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                b -> b.schemaRegistryConfig(config));
    }

    /**
     * A validator reading schema files through {@code open}.
     *
     * @param namespace      a name unique to this schema set (e.g. {@code "ocpp16"}), part of the schemas' ids
     * @param open           opens a schema file by its path relative to the schema root; returns {@code null} when
     *                       there is no such file
     * @param requestSchema  the path of an action's request schema, e.g. {@code a -> "messages/" + a + "Request.json"},
     *                       or {@code null} for an action without one
     * @param responseSchema the path of an action's response schema, or {@code null}
     */
    public static JsonSchemaValidator of(String namespace, Function<String, InputStream> open,
                                         Function<String, String> requestSchema,
                                         Function<String, String> responseSchema) {
        return new JsonSchemaValidator(Objects.requireNonNull(namespace), Objects.requireNonNull(open),
                Objects.requireNonNull(requestSchema), Objects.requireNonNull(responseSchema), true);
    }

    /**
     * The same schemas, always evaluated in full by the library, without the shortcut for valid payloads. Same
     * results, slower; meant for diagnosis and for tests that hold the shortcut to the library's verdict.
     */
    public JsonSchemaValidator exhaustive() {
        return new JsonSchemaValidator(namespace, open, requestSchema,
                responseSchema, false);
    }

    @Override
    public List<Violation> validate(String action, boolean request, JsonNode payload) {
        Optional<Compiled> schema = schema(action, request);
        if (schema.isEmpty()) {
            return List.of();
        }
        if (payload == null || !payload.isObject()) {
            return List.of(new Violation(Violation.Kind.NOT_AN_OBJECT, "",
                    "payload is " + (payload == null ? "missing" : payload.getNodeType().name().toLowerCase())
                            + ", not a JSON object"));
        }
        Compiled compiled = schema.get();
        if (compiled.fast() != null && compiled.fast().accepts(payload)) {
            return List.of();
        }
        List<Error> errors = compiled.schema().validate(payload);
        if (errors.isEmpty()) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>(errors.size());
        for (Error e : errors) {
            out.add(toViolation(e));
        }
        return out;
    }

    private Optional<Compiled> schema(String action, boolean request) {
        Map<String, Optional<Compiled>> cache = request ? requests : responses;
        Optional<Compiled> s = cache.get(action);
        if (s == null) {
            s = load(request ? requestSchema.apply(action) : responseSchema.apply(action));
            // The names come from peers: a schema that exists is cached (there are finitely many), an absence only
            // while the cache is small, so that a flood of made-up action names cannot grow it (issue 15).
            if (s.isPresent() || cache.size() < MAX_CACHED) {
                Optional<Compiled> raced = cache.putIfAbsent(action, s);
                s = raced != null ? raced : s;
            }
        }
        return s;
    }

    private Optional<Compiled> load(String path) {
        if (path == null) {
            return Optional.empty();
        }
        JsonNode root = read(path);
        if (root == null) {
            return Optional.empty();
        }
        JsonNode inlined = inline(root, path, 0);
        Schema schema = registry.getSchema(SchemaLocation.of(prefix + path), inlined);
        schema.initializeValidators();
        return Optional.of(new Compiled(schema, shortcut ? FastAcceptance.compile(inlined, FORMATS) : null));
    }

    private static Map<String, Predicate<String>> libraryFormats() {
        Map<String, Predicate<String>> byName = new java.util.HashMap<>();
        for (Format f : Formats.DEFAULT) {
            // The library's checks for these two read nothing from the evaluation context.
            if (f.getName().equals("date-time") || f.getName().equals("uri")) {
                byName.put(f.getName(), s -> f.matches(null, s));
            }
        }
        return Map.copyOf(byName);
    }

    /**
     * Replaces every relative {@code $ref} to another schema file by that file's content, and drops the Java
     * code-generation hints (keys starting with {@code java}). The validator then walks
     * one tree instead of following a reference at every enum and nested type, which takes about a third off the
     * time of a MeterValues check (examples/BENCHMARKS.md).
     */
    private JsonNode inline(JsonNode node, String path, int depth) {
        if (depth > MAX_REF_DEPTH) {
            throw new IllegalStateException("schema references nest deeper than " + MAX_REF_DEPTH + " at " + path);
        }
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && !ref.asText().startsWith("#")) {
                String target = resolve(path, ref.asText());
                JsonNode referenced = read(target);
                if (referenced == null) {
                    throw new IllegalStateException("schema " + path + " refers to missing " + target);
                }
                return inline(referenced, target, depth + 1);
            }
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(e -> {
                // Code-generation hints (javaType, javaInterfaces, javaEnumNames) mean nothing to validation.
                if (!e.getKey().startsWith("java")) {
                    copy.set(e.getKey(), inline(e.getValue(), path, depth));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(e -> copy.add(inline(e, path, depth)));
            return copy;
        }
        return node;
    }

    /** {@code ref} relative to the folder of {@code from}, with {@code .} and {@code ..} segments folded. */
    static String resolve(String from, String ref) {
        Deque<String> parts = new ArrayDeque<>();
        int slash = from.lastIndexOf('/');
        if (slash > 0) {
            for (String p : from.substring(0, slash).split("/")) {
                parts.addLast(p);
            }
        }
        for (String p : ref.split("/")) {
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    throw new IllegalStateException("$ref " + ref + " leaves the schema root");
                }
                parts.removeLast();
            } else if (!p.equals(".") && !p.isEmpty()) {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    private JsonNode read(String path) {
        try (InputStream in = open.apply(path)) {
            return in == null ? null : READER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + path, e);
        }
    }

    static Violation toViolation(Error e) {
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        String path = render(e.getInstanceLocation());
        String property = e.getProperty();
        Violation.Kind kind = switch (keyword) {
            case "required" -> Violation.Kind.MISSING;
            case "minItems", "maxItems" -> Violation.Kind.COUNT;
            case "type" -> Violation.Kind.TYPE;
            case "format" -> Violation.Kind.FORMAT;
            case "maxLength" -> Violation.Kind.TOO_LONG;
            case "additionalProperties", "unevaluatedProperties" -> Violation.Kind.UNKNOWN_PROPERTY;
            default -> Violation.Kind.VALUE;
        };
        String message;
        if ((kind == Violation.Kind.MISSING || kind == Violation.Kind.UNKNOWN_PROPERTY) && property != null) {
            path = path.isEmpty() ? property : path + "." + property;
            message = kind == Violation.Kind.MISSING ? "required field is missing" : "field is not defined";
        } else {
            message = reason(e.getMessage());
        }
        return new Violation(kind, path, message);
    }

    /** The library's message without the location prefix it starts with ("$.a.b: "). */
    private static String reason(String message) {
        if (message == null) {
            return "invalid";
        }
        if (message.startsWith("$")) {
            int colon = message.indexOf(": ");
            if (colon > 0) {
                return message.substring(colon + 2);
            }
        }
        return message;
    }

    /** {@code a.b[2].c}: the form users know from Java and JavaScript, rather than a JSON pointer. */
    static String render(NodePath path) {
        if (path == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                sb.append('[').append(index).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(element);
            }
        }
        return sb.toString();
    }
}
