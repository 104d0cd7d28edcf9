package dev.ocpp.v16.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ocpp.v16.Ocpp16Action;
import dev.ocpp.v16.Ocpp16Actions;
import dev.ocpp.v16.Ocpp16Validation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Valid sample payloads of every OCPP 1.6 message, derived from this module's own schema files rather than from the
 * generated classes, so that what the samples exercise is the schemas' contract and not the generator's reading of
 * it. {@link #typical} gives one deterministic instance with every property filled; {@link #arbitrary} gives jqwik
 * instances that vary optional fields, lengths, enum values, numbers, offsets and fractions within the schema.
 *
 * <p>Only the schema keywords our files use are understood ({@code type}, {@code properties}, {@code required},
 * {@code additionalProperties}, {@code items}, {@code minItems}, {@code maxItems}, {@code maxLength},
 * {@code enum}, {@code format}, {@code multipleOf}, relative file {@code $ref}); anything else fails loudly, so a
 * schema change that the samples would silently ignore shows up as a test failure.
 */
public final class SchemaSamples {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> KNOWN_KEYWORDS = Set.of("$schema", "$comment", "$ref", "javaType",
            "javaInterfaces", "javaEnumNames", "description", "type", "properties", "required",
            "additionalProperties", "items", "minItems", "maxItems", "maxLength", "enum", "format", "multipleOf");

    /** The typical date-time; "Z" is how this library writes UTC, so it survives a round trip unchanged. */
    public static final String TYPICAL_DATE_TIME = "2026-11-21T10:00:00Z";

    /** Strings without maxLength are kept short: their length is not what the samples are about. */
    private static final int UNBOUNDED_STRING = 40;
    /** Arrays get at most this many elements, enough to see ordering and index paths. */
    private static final int MAX_ARRAY = 3;
    /**
     * Stands for a code point outside the BMP while jqwik builds a string (it generates chars, not code points);
     * replaced afterwards, which keeps the code point count that maxLength is about.
     */
    private static final String ASTRAL_PLACEHOLDER = "\u00a4";
    private static final String ASTRAL = "\ud83d\ude00";

    private static final Map<String, Shape> FILES = new ConcurrentHashMap<>();
    private static final Map<Message, ObjectShape> SHAPES = new ConcurrentHashMap<>();

    private SchemaSamples() {
    }

    // ------------------------------------------------------------------ the model

    /** What a schema allows at one place of a payload. */
    public sealed interface Shape permits ObjectShape, ArrayShape, StringShape, EnumShape, IntegerShape,
            NumberShape, BooleanShape {
    }

    /** An object whose properties are exactly those listed (every schema of ours forbids additional ones). */
    public record ObjectShape(String name, Map<String, Shape> properties, Set<String> required) implements Shape {
    }

    /** An array; {@code maxItems} is {@link Integer#MAX_VALUE} when unbounded. */
    public record ArrayShape(Shape items, int minItems, int maxItems) implements Shape {
    }

    /** A string; {@code maxLength} is -1 when unbounded, {@code format} null when free-form. */
    public record StringShape(int maxLength, String format) implements Shape {
    }

    /** A string from a fixed set of wire values, in schema order. */
    public record EnumShape(List<String> values) implements Shape {
    }

    public record IntegerShape() implements Shape {
    }

    /** A number; {@code multipleOf} is null when absent. */
    public record NumberShape(BigDecimal multipleOf) implements Shape {
    }

    public record BooleanShape() implements Shape {
    }

    /** One of the 78 message schemas: an action's request or response. */
    public record Message(Ocpp16Action<?, ?> action, boolean request) {

        public String name() {
            return action.name() + (request ? "Request" : "Response");
        }

        /** The generated class the message binds to. */
        public Class<?> javaType() {
            return request ? action.requestType() : action.responseType();
        }

        public ObjectShape shape() {
            return SchemaSamples.shape(this);
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** The 78 messages, in registry order, each request before its response. */
    public static List<Message> messages() {
        List<Message> out = new ArrayList<>();
        for (Ocpp16Action<?, ?> a : Ocpp16Actions.all()) {
            out.add(new Message(a, true));
            out.add(new Message(a, false));
        }
        return List.copyOf(out);
    }

    public static Message request(Ocpp16Action<?, ?> action) {
        return new Message(action, true);
    }

    public static Message response(Ocpp16Action<?, ?> action) {
        return new Message(action, false);
    }

    public static Message message(String action, boolean request) {
        return new Message(Ocpp16Actions.byName(action).orElseThrow(), request);
    }

    /** The message's schema, with every {@code $ref} resolved. */
    public static ObjectShape shape(Message m) {
        return SHAPES.computeIfAbsent(m, k -> (ObjectShape) file("messages/" + k.name() + ".json"));
    }

    // ------------------------------------------------------------------ reading our schema files

    private static Shape file(String path) {
        Shape s = FILES.get(path);
        if (s == null) {
            s = parse(read(path), path);
            FILES.put(path, s);
        }
        return s;
    }

    private static JsonNode read(String path) {
        // Through the module's own class so that the resource is found whether tests run on the module path or not.
        try (InputStream in = Ocpp16Validation.class.getResourceAsStream("schema/" + path)) {
            if (in == null) {
                throw new IllegalStateException("no schema file " + path);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Shape parse(JsonNode s, String file) {
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KNOWN_KEYWORDS.contains(k)) {
                throw new IllegalStateException(file + ": schema keyword '" + k + "' is not understood by the samples");
            }
        }
        if (s.has("$ref")) {
            String ref = s.get("$ref").asText();
            if (ref.contains("#")) {
                throw new IllegalStateException(file + ": only whole-file $ref is understood, not " + ref);
            }
            String target = URI.create("schema:/" + file).resolve(ref).getPath().substring(1);
            return file(target);
        }
        if (s.has("enum")) {
            List<String> values = new ArrayList<>();
            s.get("enum").forEach(v -> values.add(v.asText()));
            return new EnumShape(List.copyOf(values));
        }
        String type = s.path("type").asText();
        switch (type) {
            case "object": {
                if (!s.path("additionalProperties").isBoolean() || s.get("additionalProperties").asBoolean()) {
                    throw new IllegalStateException(file + ": objects are expected to forbid additional properties");
                }
                Map<String, Shape> props = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : s.path("properties").properties()) {
                    props.put(e.getKey(), parse(e.getValue(), file));
                }
                Set<String> required = new LinkedHashSet<>();
                s.path("required").forEach(r -> required.add(r.asText()));
                return new ObjectShape(s.path("javaType").asText(file), Collections.unmodifiableMap(props),
                        Collections.unmodifiableSet(required));
            }
            case "array":
                return new ArrayShape(parse(s.get("items"), file), s.path("minItems").asInt(0),
                        s.has("maxItems") ? s.get("maxItems").asInt() : Integer.MAX_VALUE);
            case "string":
                return new StringShape(s.has("maxLength") ? s.get("maxLength").asInt() : -1,
                        s.has("format") ? s.get("format").asText() : null);
            case "integer":
                return new IntegerShape();
            case "number":
                return new NumberShape(s.has("multipleOf") ? s.get("multipleOf").decimalValue() : null);
            case "boolean":
                return new BooleanShape();
            default:
                throw new IllegalStateException(file + ": type '" + type + "' is not understood by the samples");
        }
    }

    // ------------------------------------------------------------------ typical instances

    /** A deterministic valid instance with every property present, optional ones included. */
    public static ObjectNode typical(Message m) {
        return (ObjectNode) typical(shape(m), m.name());
    }

    private static JsonNode typical(Shape shape, String name) {
        if (shape instanceof ObjectShape o) {
            ObjectNode out = NODES.objectNode();
            o.properties().forEach((p, s) -> out.set(p, typical(s, p)));
            return out;
        }
        if (shape instanceof ArrayShape a) {
            ArrayNode out = NODES.arrayNode();
            int n = Math.min(Math.max(2, a.minItems()), a.maxItems());
            for (int i = 0; i < n; i++) {
                out.add(typical(a.items(), name + (i + 1)));
            }
            return out;
        }
        if (shape instanceof StringShape s) {
            if ("date-time".equals(s.format())) {
                return TextNode.valueOf(TYPICAL_DATE_TIME);
            }
            if ("uri".equals(s.format())) {
                return TextNode.valueOf("https://files.example.com/" + name);
            }
            requireFreeForm(s);
            // Non-ASCII on purpose: the wire is UTF-8 and maxLength counts code points.
            return TextNode.valueOf(truncate(name + " \u00e9\u20ac", s.maxLength()));
        }
        if (shape instanceof EnumShape e) {
            return TextNode.valueOf(e.values().get(0));
        }
        if (shape instanceof IntegerShape) {
            return IntNode.valueOf(7);
        }
        if (shape instanceof NumberShape) {
            // Not integral: Jackson would write an integral double back as 16.0, not as the 16 it read.
            return DoubleNode.valueOf(16.5);
        }
        return BooleanNode.TRUE;
    }

    private static void requireFreeForm(StringShape s) {
        if (s.format() != null) {
            throw new IllegalStateException("string format '" + s.format() + "' is not understood by the samples");
        }
    }

    /** The first {@code max} code points of {@code s} (all of it when {@code max} is negative). */
    public static String truncate(String s, int max) {
        if (max < 0 || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max));
    }

    // ------------------------------------------------------------------ arbitrary instances

    /** Valid instances of the message: random subsets of optional fields, values anywhere within the schema. */
    public static Arbitrary<ObjectNode> arbitrary(Message m) {
        return arbitrary(shape(m)).map(n -> (ObjectNode) n);
    }

    public static Arbitrary<JsonNode> arbitrary(Shape shape) {
        if (shape instanceof ObjectShape o) {
            return objects(o);
        }
        if (shape instanceof ArrayShape a) {
            return arbitrary(a.items()).list().ofMinSize(a.minItems())
                    .ofMaxSize(Math.max(a.minItems(), Math.min(a.maxItems(), MAX_ARRAY)))
                    .map(items -> {
                        ArrayNode out = NODES.arrayNode();
                        items.forEach(out::add);
                        return out;
                    });
        }
        if (shape instanceof StringShape s) {
            if ("date-time".equals(s.format())) {
                return dateTimes().map(TextNode::valueOf);
            }
            if ("uri".equals(s.format())) {
                return uris().map(TextNode::valueOf);
            }
            requireFreeForm(s);
            return strings(0, s.maxLength() < 0 ? UNBOUNDED_STRING : s.maxLength()).map(TextNode::valueOf);
        }
        if (shape instanceof EnumShape e) {
            return Arbitraries.of(e.values()).map(TextNode::valueOf);
        }
        if (shape instanceof IntegerShape) {
            // The generated classes use Integer, so the int range is what a peer can meaningfully send.
            return Arbitraries.integers().map(IntNode::valueOf);
        }
        if (shape instanceof NumberShape n) {
            return numbers(n);
        }
        return Arbitraries.of(true, false).map(BooleanNode::valueOf);
    }

    private static Arbitrary<JsonNode> objects(ObjectShape o) {
        if (o.properties().isEmpty()) {
            return Arbitraries.create(NODES::objectNode);
        }
        List<String> names = new ArrayList<>(o.properties().keySet());
        List<Arbitrary<Optional<JsonNode>>> parts = new ArrayList<>();
        for (String p : names) {
            Arbitrary<JsonNode> value = arbitrary(o.properties().get(p));
            parts.add(o.required().contains(p) ? value.map(Optional::of)
                    : Arbitraries.oneOf(value.map(Optional::of), Arbitraries.just(Optional.empty())));
        }
        return Combinators.combine(parts).as(values -> {
            ObjectNode out = NODES.objectNode();
            for (int i = 0; i < names.size(); i++) {
                Optional<JsonNode> v = values.get(i);
                if (v.isPresent()) {
                    out.set(names.get(i), v.get());
                }
            }
            return out;
        });
    }

    /**
     * Strings of {@code min} to {@code max} code points: mostly printable ASCII, some Latin-1 and euro sign, and
     * an emoji (two UTF-16 units, one code point) to catch length checks that count chars instead.
     */
    public static Arbitrary<String> strings(int min, int max) {
        return Arbitraries.strings().withCharRange(' ', '~').withChars("\u00e9\u00df\u20ac\u4e2d" + ASTRAL_PLACEHOLDER)
                .ofMinLength(min).ofMaxLength(max)
                .map(s -> s.replace(ASTRAL_PLACEHOLDER, ASTRAL));
    }

    private static Arbitrary<String> uris() {
        return Combinators.combine(Arbitraries.of("https", "http", "ftp", "sftp"),
                        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12),
                        Arbitraries.strings().alpha().numeric().withChars("-_.").ofMaxLength(20))
                .as((scheme, host, path) -> scheme + "://" + host.toLowerCase() + ".example.com/" + path);
    }

    /**
     * RFC 3339 date-times as this library writes them: seconds always present, a fraction only as long as needed
     * (no trailing zeros), {@code Z} for UTC and {@code ±hh:mm} for any other offset. Written like that, a value
     * must come back from a bind and write unchanged.
     */
    public static Arbitrary<String> dateTimes() {
        DateTimeFormatter local = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
        Arbitrary<LocalDateTime> times = Arbitraries.longs()
                .between(LocalDateTime.of(1990, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC),
                        LocalDateTime.of(2099, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC))
                .withDistribution(RandomDistribution.uniform())
                .map(s -> LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC));
        Arbitrary<String> fractions = Arbitraries.integers().between(0, 9).flatMap(digits -> digits == 0
                ? Arbitraries.just("")
                : Combinators.combine(Arbitraries.integers().between(0, (int) Math.pow(10, digits - 1) - 1),
                                Arbitraries.integers().between(1, 9))
                        .as((head, last) -> "." + (digits == 1 ? "" : String.format("%0" + (digits - 1) + "d", head))
                                + last));
        Arbitrary<String> offsets = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just("Z")),
                Tuple.of(2, Combinators.combine(Arbitraries.of("+", "-"), Arbitraries.integers().between(0, 14),
                                Arbitraries.of(0, 15, 30, 45))
                        // +00:00 would come back as Z, and -00:00 means "offset unknown" (RFC 3339 §4.3).
                        .filter((sign, h, m) -> h != 0 || m != 0)
                        .as((sign, h, m) -> String.format("%s%02d:%02d", sign, h, m))));
        return Combinators.combine(times, fractions, offsets).as((t, f, o) -> local.format(t) + f + o);
    }

    private static Arbitrary<JsonNode> numbers(NumberShape n) {
        BigDecimal step = n.multipleOf() == null ? new BigDecimal("0.001") : n.multipleOf();
        return Arbitraries.integers().between(-10_000_000, 10_000_000).map(k -> {
            BigDecimal v = step.multiply(BigDecimal.valueOf(k)).stripTrailingZeros();
            // A peer may well send an integral number as 16 rather than 16.0; both are valid.
            return v.scale() <= 0 ? IntNode.valueOf(v.intValueExact()) : DoubleNode.valueOf(v.doubleValue());
        });
    }

    // ------------------------------------------------------------------ comparing

    /**
     * The node with every number replaced by its exact decimal value without trailing zeros, so that an integral
     * number read as {@code 16} and written back by Jackson as {@code 16.0} compare equal, while any real change
     * of value does not.
     */
    public static JsonNode canonical(JsonNode node) {
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue().stripTrailingZeros();
            return DecimalNode.valueOf(d.scale() < 0 ? d.setScale(0) : d);
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            node.properties().forEach(e -> out.set(e.getKey(), canonical(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(e -> out.add(canonical(e)));
            return out;
        }
        return node;
    }

    // ------------------------------------------------------------------ places in an instance

    /**
     * One value present in an instance, with what the schema allows there.
     *
     * @param path     the path as the validator renders it ({@code meterValue[0].sampledValue[1].unit})
     * @param steps    property names and array indices from the root down to the value
     * @param shape    what the schema allows at this place
     * @param required whether the value is a required property of its object
     */
    public record Site(String path, List<Object> steps, Shape shape, boolean required) {

        /** The last property name on the way to the value (for an array element, the array's). */
        public String fieldName() {
            for (int i = steps.size() - 1; i >= 0; i--) {
                if (steps.get(i) instanceof String s) {
                    return s;
                }
            }
            return "";
        }

        /** The node in {@code root} at this place (root's copy or the original). */
        public JsonNode in(JsonNode root) {
            JsonNode n = root;
            for (Object step : steps) {
                n = step instanceof String s ? n.get(s) : n.get((Integer) step);
            }
            return n;
        }

        /** A copy of {@code root} with this place's value replaced. */
        public ObjectNode replacedIn(ObjectNode root, JsonNode value) {
            ObjectNode copy = root.deepCopy();
            JsonNode parent = parentIn(copy);
            Object last = steps.get(steps.size() - 1);
            if (last instanceof String s) {
                ((ObjectNode) parent).set(s, value);
            } else {
                ((ArrayNode) parent).set((Integer) last, value);
            }
            return copy;
        }

        /** A copy of {@code root} without this place's value (a property is removed, an element taken out). */
        public ObjectNode removedFrom(ObjectNode root) {
            ObjectNode copy = root.deepCopy();
            JsonNode parent = parentIn(copy);
            Object last = steps.get(steps.size() - 1);
            if (last instanceof String s) {
                ((ObjectNode) parent).remove(s);
            } else {
                ((ArrayNode) parent).remove((Integer) last);
            }
            return copy;
        }

        private JsonNode parentIn(JsonNode root) {
            if (steps.isEmpty()) {
                throw new IllegalStateException("the root has no parent");
            }
            return new Site("", steps.subList(0, steps.size() - 1), shape, false).in(root);
        }

        @Override
        public String toString() {
            return path.isEmpty() ? "<payload>" : path;
        }
    }

    /** Every place in {@code instance}, the root (empty path) first, then depth-first in document order. */
    public static List<Site> sites(Message m, ObjectNode instance) {
        List<Site> out = new ArrayList<>();
        collect(shape(m), instance, "", List.of(), false, out);
        return out;
    }

    private static void collect(Shape shape, JsonNode node, String path, List<Object> steps, boolean required,
                                List<Site> out) {
        out.add(new Site(path, steps, shape, required));
        if (shape instanceof ObjectShape o) {
            o.properties().forEach((p, s) -> {
                if (node.has(p)) {
                    collect(s, node.get(p), path.isEmpty() ? p : path + "." + p, append(steps, p),
                            o.required().contains(p), out);
                }
            });
        } else if (shape instanceof ArrayShape a) {
            for (int i = 0; i < node.size(); i++) {
                collect(a.items(), node.get(i), path + "[" + i + "]", append(steps, i), false, out);
            }
        }
    }

    private static List<Object> append(List<Object> steps, Object step) {
        List<Object> out = new ArrayList<>(steps);
        out.add(step);
        return List.copyOf(out);
    }

    /** Whether the schema has a place of the given kind anywhere (present or not in any one instance). */
    public static boolean anywhere(Shape shape, java.util.function.Predicate<Shape> kind) {
        if (kind.test(shape)) {
            return true;
        }
        if (shape instanceof ObjectShape o) {
            return o.properties().values().stream().anyMatch(s -> anywhere(s, kind));
        }
        if (shape instanceof ArrayShape a) {
            return anywhere(a.items(), kind);
        }
        return false;
    }
}
