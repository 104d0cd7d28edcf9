package dev.ocpp.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ocpp.testkit.schema.Shape.AnyShape;
import dev.ocpp.testkit.schema.Shape.ArrayShape;
import dev.ocpp.testkit.schema.Shape.BooleanShape;
import dev.ocpp.testkit.schema.Shape.EnumShape;
import dev.ocpp.testkit.schema.Shape.IntegerShape;
import dev.ocpp.testkit.schema.Shape.NumberShape;
import dev.ocpp.testkit.schema.Shape.ObjectShape;
import dev.ocpp.testkit.schema.Shape.StringShape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Valid sample payloads of every message of one schema set (one OCPP version), derived from the schema files rather
 * than from the generated classes, so that what the samples exercise is the schemas' contract and not the
 * generator's reading of it. {@link #typical} gives one deterministic instance with every declared property filled;
 * {@link #arbitrary} gives jqwik instances that vary optional fields, lengths, enum values, numbers within their
 * bounds, date-time offsets and fractions, array sizes, and vendor properties where an object is open.
 * {@link #sites} lists the places of an instance, for tests that break it in one place.
 *
 * <p>Only the schema keywords the OCPP schemas use are understood: {@code type}, {@code properties},
 * {@code required}, {@code additionalProperties} (boolean), {@code items}, {@code minItems}, {@code maxItems},
 * {@code minLength}, {@code maxLength}, {@code enum}, {@code format} ({@code date-time}, {@code uri}),
 * {@code minimum}, {@code maximum}, {@code multipleOf} and whole-file relative {@code $ref}, plus annotations. Anything
 * else, or a keyword on a type it cannot constrain, fails loudly, so a schema change that the samples would
 * silently ignore shows up as a test failure.
 *
 * <p>Instances hold no JSON {@code null}: an absent optional property and a null one bind to the same Java null,
 * so a null could not come back from a bind and write. Parsed shapes and message arbitraries are cached per set;
 * the class is thread-safe.
 */
public final class SchemaSamples {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description",
            "default", "javaType", "javaInterfaces", "javaEnumNames");
    /** The keywords that constrain a value, by the type they belong to. */
    private static final Map<String, Set<String>> KEYWORDS_BY_TYPE = Map.of(
            "object", Set.of("properties", "required", "additionalProperties"),
            "array", Set.of("items", "minItems", "maxItems"),
            "string", Set.of("minLength", "maxLength", "format", "enum"),
            "integer", Set.of("minimum", "maximum"),
            "number", Set.of("minimum", "maximum", "multipleOf"),
            "boolean", Set.of(),
            "", Set.of());
    private static final Set<String> KNOWN_KEYWORDS = known();

    /** The typical date-time; "Z" is how OCPP libraries write UTC, so it survives a round trip unchanged. */
    public static final String TYPICAL_DATE_TIME = "2026-11-21T10:00:00Z";

    /** Strings without maxLength are kept short: their length is not what the samples are about. */
    private static final int UNBOUNDED_STRING = 40;
    /** Arrays get at most this many elements, enough to see ordering and index paths. */
    private static final int MAX_ARRAY = 3;
    /** Vendor properties of an open object, and entries of any-JSON objects and arrays, are kept this few. */
    private static final int MAX_EXTRA = 3;
    /** How deep generated any-JSON values nest: deep enough to carry objects in arrays in objects. */
    private static final int ANY_DEPTH = 2;
    /**
     * Stands for a code point outside the BMP while jqwik builds a string (it generates chars, not code points);
     * replaced afterwards, which keeps the code point count that maxLength is about.
     */
    private static final String ASTRAL_PLACEHOLDER = "\u00a4";
    private static final String ASTRAL = "\ud83d\ude00";

    /** Vendor properties by open object, so that each shape has one arbitrary jqwik can reuse. */
    private static final Map<ObjectShape, Arbitrary<Map<String, JsonNode>>> VENDOR_PROPERTIES =
            new ConcurrentHashMap<>();

    private final Function<String, InputStream> open;
    private final List<Message> messages;
    private final Map<String, Message> byName = new LinkedHashMap<>();
    private final Map<String, Shape> files = new ConcurrentHashMap<>();
    private final Map<Message, Arbitrary<ObjectNode>> arbitraries = new ConcurrentHashMap<>();
    private final Map<Message, Arbitrary<Sample>> samples = new ConcurrentHashMap<>();

    private SchemaSamples(Function<String, InputStream> open, List<Message> messages) {
        this.open = open;
        this.messages = List.copyOf(messages);
        for (Message m : this.messages) {
            if (byName.put(m.name(), m) != null) {
                throw new IllegalArgumentException("message " + m.name() + " is listed twice");
            }
        }
    }

    /**
     * The samples of a schema set.
     *
     * @param open     opens a schema file by its path relative to the schema root, or returns {@code null} when
     *                 there is none; typically through a class of the version module, e.g.
     *                 {@code p -> Ocpp16Validation.class.getResourceAsStream("schema/" + p)}, so that the resources
     *                 are found on the module path as well as on the class path
     * @param messages the set's messages; their order is the order of {@link #messages()}
     */
    public static SchemaSamples of(Function<String, InputStream> open, List<Message> messages) {
        return new SchemaSamples(Objects.requireNonNull(open, "open"), Objects.requireNonNull(messages, "messages"));
    }

    /** The set's messages, in the order given. */
    public List<Message> messages() {
        return messages;
    }

    /** The message of {@code action} ({@code request} or response). */
    public Message message(String action, boolean request) {
        Message m = byName.get(action + (request ? "Request" : "Response"));
        if (m == null) {
            throw new IllegalArgumentException("no message " + action + (request ? " request" : " response"));
        }
        return m;
    }

    /** The request of {@code action}. */
    public Message request(String action) {
        return message(action, true);
    }

    /** The response of {@code action}. */
    public Message response(String action) {
        return message(action, false);
    }

    /** The message's schema, with every {@code $ref} resolved. */
    public ObjectShape shape(Message m) {
        Shape s = file(m.schemaPath());
        if (!(s instanceof ObjectShape o)) {
            throw new IllegalStateException(m.schemaPath() + ": a message schema must be an object");
        }
        return o;
    }

    // ------------------------------------------------------------------ reading the schema files

    private Shape file(String path) {
        // Not computeIfAbsent: parsing one file reads the files it refers to, and the map must not be re-entered.
        Shape s = files.get(path);
        if (s == null) {
            s = parse(read(path), path);
            files.put(path, s);
        }
        return s;
    }

    private JsonNode read(String path) {
        try (InputStream in = open.apply(path)) {
            if (in == null) {
                throw new IllegalStateException("no schema file " + path);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    private Shape parse(JsonNode s, String file) {
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
            if (s.size() > 1) {
                // Draft-07 ignores a $ref's siblings; a schema that has them says something it does not mean.
                throw new IllegalStateException(file + ": $ref with sibling keywords " + s);
            }
            String target = URI.create("schema:/" + file).resolve(ref).getPath().substring(1);
            return file(target);
        }
        if (s.has("type") && !s.get("type").isTextual()) {
            throw new IllegalStateException(file + ": only a single type is understood, not " + s.get("type"));
        }
        String type = s.path("type").asText();
        if (!KEYWORDS_BY_TYPE.containsKey(type)) {
            throw new IllegalStateException(file + ": type '" + type + "' is not understood by the samples");
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!ANNOTATIONS.contains(k) && !k.equals("type") && !KEYWORDS_BY_TYPE.get(type).contains(k)) {
                throw new IllegalStateException(file + ": '" + k + "' cannot constrain a value of type '" + type
                        + "'");
            }
        }
        if (s.has("enum")) {
            List<String> values = new ArrayList<>();
            s.get("enum").forEach(v -> {
                if (!v.isTextual()) {
                    throw new IllegalStateException(file + ": only string enumerations are understood, not " + v);
                }
                values.add(v.asText());
            });
            if (s.has("maxLength") || s.has("minLength") || s.has("format")) {
                throw new IllegalStateException(file + ": an enumeration with further string constraints");
            }
            return new EnumShape(List.copyOf(values));
        }
        switch (type) {
            case "object": {
                JsonNode additional = s.get("additionalProperties");
                if (additional != null && !additional.isBoolean()) {
                    throw new IllegalStateException(file + ": only boolean additionalProperties is understood");
                }
                Map<String, Shape> props = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : s.path("properties").properties()) {
                    props.put(e.getKey(), parse(e.getValue(), file));
                }
                Set<String> required = new LinkedHashSet<>();
                s.path("required").forEach(r -> required.add(r.asText()));
                if (!props.keySet().containsAll(required)) {
                    throw new IllegalStateException(file + ": a required property is not declared: " + required);
                }
                return new ObjectShape(s.path("javaType").asText(file), Collections.unmodifiableMap(props),
                        Collections.unmodifiableSet(required), additional == null || additional.asBoolean());
            }
            case "array":
                if (!s.path("items").isObject()) {
                    throw new IllegalStateException(file + ": an array needs a single items schema");
                }
                return new ArrayShape(parse(s.get("items"), file), s.path("minItems").asInt(0),
                        s.has("maxItems") ? s.get("maxItems").asInt() : Integer.MAX_VALUE);
            case "string": {
                String format = s.has("format") ? s.get("format").asText() : null;
                if (format != null && !format.equals("date-time") && !format.equals("uri")) {
                    throw new IllegalStateException(file + ": string format '" + format
                            + "' is not understood by the samples");
                }
                if (format != null && (s.has("minLength") || s.has("maxLength"))) {
                    throw new IllegalStateException(file + ": a formatted string with length bounds");
                }
                return new StringShape(s.path("minLength").asInt(0),
                        s.has("maxLength") ? s.get("maxLength").asInt() : -1, format);
            }
            case "integer":
                return new IntegerShape(decimal(s, "minimum"), decimal(s, "maximum"));
            case "number":
                return new NumberShape(decimal(s, "multipleOf"), decimal(s, "minimum"), decimal(s, "maximum"));
            case "boolean":
                return new BooleanShape();
            default:
                return new AnyShape();
        }
    }

    private static BigDecimal decimal(JsonNode s, String keyword) {
        return s.has(keyword) ? s.get(keyword).decimalValue() : null;
    }

    private static Set<String> known() {
        Set<String> all = new LinkedHashSet<>(ANNOTATIONS);
        all.add("type");
        all.add("$ref");
        KEYWORDS_BY_TYPE.values().forEach(all::addAll);
        return Set.copyOf(all);
    }

    // ------------------------------------------------------------------ typical instances

    /** A deterministic valid instance with every declared property present, optional ones included. */
    public ObjectNode typical(Message m) {
        return (ObjectNode) typical(shape(m), m.name());
    }

    /**
     * The smallest deterministic valid value of {@code shape}: objects with their required properties only, arrays
     * with {@code minItems} elements; other values as {@link #typical(Shape, String)}. For breakages that repeat a
     * value many times, so that the frame stays small (a receiver refuses a frame over its size limit before it can
     * say what else is wrong with it).
     */
    static JsonNode minimal(Shape shape, String name) {
        if (shape instanceof ObjectShape o) {
            ObjectNode out = NODES.objectNode();
            o.properties().forEach((p, s) -> {
                if (o.required().contains(p)) {
                    out.set(p, minimal(s, p));
                }
            });
            return out;
        }
        if (shape instanceof ArrayShape a) {
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < a.minItems(); i++) {
                out.add(minimal(a.items(), name + (i + 1)));
            }
            return out;
        }
        return typical(shape, name);
    }

    /**
     * A deterministic valid value of {@code shape}; {@code name} seeds the strings, so that different places get
     * different text. Objects get every declared property and no vendor property; arrays two elements where the
     * bounds allow.
     */
    public static JsonNode typical(Shape shape, String name) {
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
            // Non-ASCII on purpose: the wire is UTF-8 and maxLength counts code points.
            String text = name + " \u00e9\u20ac";
            while (text.codePointCount(0, text.length()) < s.minLength()) {
                text += "-" + name;
            }
            return TextNode.valueOf(truncate(text, s.maxLength()));
        }
        if (shape instanceof EnumShape e) {
            return TextNode.valueOf(e.values().get(0));
        }
        if (shape instanceof IntegerShape i) {
            return IntNode.valueOf(within(BigDecimal.valueOf(7), i.minimum(), i.maximum(), BigDecimal.ONE)
                    .intValueExact());
        }
        if (shape instanceof NumberShape n) {
            // Not integral: Jackson would write an integral double back as 16.0, not as the 16 it read.
            BigDecimal step = n.multipleOf() == null ? new BigDecimal("0.5") : n.multipleOf();
            return number(within(new BigDecimal("16.5"), n.minimum(), n.maximum(), step));
        }
        if (shape instanceof AnyShape) {
            ObjectNode out = NODES.objectNode();
            out.put("text", name + " \u00e9\u20ac");
            out.put("count", 7);
            out.put("ratio", 16.5);
            out.put("flag", true);
            out.putArray("list").add(1).add("two").addObject().put("three", 3);
            return out;
        }
        return BooleanNode.TRUE;
    }

    /**
     * {@code preferred} if it lies within the bounds and is a multiple of {@code step}, else the multiple of
     * {@code step} nearest the middle of the bounds (or next to the one bound there is).
     */
    private static BigDecimal within(BigDecimal preferred, BigDecimal min, BigDecimal max, BigDecimal step) {
        boolean onStep = preferred.remainder(step).signum() == 0;
        if (onStep && (min == null || preferred.compareTo(min) >= 0)
                && (max == null || preferred.compareTo(max) <= 0)) {
            return preferred;
        }
        BigDecimal target = min != null && max != null ? min.add(max).divide(BigDecimal.valueOf(2))
                : min != null ? min.add(step) : max != null ? max.subtract(step) : preferred;
        BigDecimal k = target.divide(step, 0, RoundingMode.HALF_UP);
        BigDecimal v = step.multiply(k);
        if (min != null && v.compareTo(min) < 0) {
            v = v.add(step);
        } else if (max != null && v.compareTo(max) > 0) {
            v = v.subtract(step);
        }
        if ((min != null && v.compareTo(min) < 0) || (max != null && v.compareTo(max) > 0)) {
            throw new IllegalStateException("no multiple of " + step + " between " + min + " and " + max);
        }
        return v;
    }

    /** The first {@code max} code points of {@code s} (all of it when {@code max} is negative). */
    public static String truncate(String s, int max) {
        if (max < 0 || s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max));
    }

    // ------------------------------------------------------------------ arbitrary instances

    /**
     * Valid instances of the message: random subsets of optional fields, values anywhere within the schema. The same
     * message gives the same arbitrary, so that a property that picks messages with {@code flatMap} lets jqwik reuse
     * its generator and edge cases instead of working out the edge cases of a whole message again for every try.
     */
    public Arbitrary<ObjectNode> arbitrary(Message m) {
        return arbitraries.computeIfAbsent(m, k -> arbitrary(shape(k)).map(n -> (ObjectNode) n));
    }

    /**
     * Valid instances of {@code messages}, each message equally likely, each instance with its message. Like
     * {@link #arbitrary(Message)}, one arbitrary per message is made once and reused, so that jqwik does not work out
     * a whole message's edge cases again for every try that picks it.
     */
    public Arbitrary<Sample> instances(List<Message> messages) {
        return Arbitraries.of(messages).flatMap(m -> samples.computeIfAbsent(m,
                k -> arbitrary(k).map(i -> new Sample(k, i))));
    }

    /** Valid values of {@code shape}. */
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
            int max = s.maxLength() >= 0 ? s.maxLength() : Math.max(UNBOUNDED_STRING, s.minLength());
            return strings(s.minLength(), max).map(TextNode::valueOf);
        }
        if (shape instanceof EnumShape e) {
            return Arbitraries.of(e.values()).map(TextNode::valueOf);
        }
        if (shape instanceof IntegerShape i) {
            return integers(i);
        }
        if (shape instanceof NumberShape n) {
            return numbers(n);
        }
        if (shape instanceof AnyShape) {
            return anyJson();
        }
        return Arbitraries.of(true, false).map(BooleanNode::valueOf);
    }

    private static Arbitrary<JsonNode> objects(ObjectShape o) {
        Arbitrary<JsonNode> declared = declaredProperties(o);
        if (!o.open()) {
            return declared;
        }
        return Combinators.combine(declared, vendorProperties(o)).as((d, extra) -> {
            // A new node rather than d itself: a generated value must not change after jqwik has handed it out.
            ObjectNode out = NODES.objectNode();
            out.setAll((ObjectNode) d);
            extra.forEach(out::set);
            return out;
        });
    }

    private static Arbitrary<JsonNode> declaredProperties(ObjectShape o) {
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
     * Properties an open object may carry beyond its declared ones: none to a few, with names it does not declare
     * and values of any JSON type.
     */
    public static Arbitrary<Map<String, JsonNode>> vendorProperties(ObjectShape o) {
        return VENDOR_PROPERTIES.computeIfAbsent(o, SchemaSamples::newVendorProperties);
    }

    private static Arbitrary<Map<String, JsonNode>> newVendorProperties(ObjectShape o) {
        return entries(propertyNames().filter(n -> !o.properties().containsKey(n)), anyJson()).map(list -> {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            list.forEach(e -> out.put(e.get1(), e.get2()));
            return out;
        });
    }

    /**
     * Up to {@link #MAX_EXTRA} members with distinct names, in generation order: a JSON object's members are
     * ordered, which a list of pairs keeps and jqwik's map arbitrary (a hash map) does not.
     */
    private static Arbitrary<List<Tuple.Tuple2<String, JsonNode>>> entries(Arbitrary<String> names,
                                                                         Arbitrary<JsonNode> values) {
        return Combinators.combine(names, values).as(Tuple::of).list().ofMaxSize(MAX_EXTRA)
                .uniqueElements(Tuple.Tuple2::get1);
    }

    private static Arbitrary<String> propertyNames() {
        return Arbitraries.strings().alpha().numeric().withChars("_-").ofMinLength(1).ofMaxLength(12);
    }

    /**
     * Any JSON value but null: strings, integers, fractions, booleans, and arrays and objects of them nested a
     * couple of levels.
     */
    public static Arbitrary<JsonNode> anyJson() {
        return anyJson(ANY_DEPTH);
    }

    private static Arbitrary<JsonNode> anyJson(int depth) {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                strings(0, 20).map(s -> (JsonNode) TextNode.valueOf(s)),
                Arbitraries.integers().map(i -> (JsonNode) IntNode.valueOf(i)),
                numbers(new NumberShape(null, null, null)),
                Arbitraries.of(true, false).map(b -> (JsonNode) BooleanNode.valueOf(b)));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<JsonNode> inner = anyJson(depth - 1);
        Arbitrary<JsonNode> arrays = inner.list().ofMaxSize(MAX_EXTRA).map(items -> {
            ArrayNode out = NODES.arrayNode();
            items.forEach(out::add);
            return out;
        });
        Arbitrary<JsonNode> objects = entries(propertyNames(), inner).map(list -> {
            ObjectNode out = NODES.objectNode();
            list.forEach(e -> out.set(e.get1(), e.get2()));
            return out;
        });
        return Arbitraries.frequencyOf(Tuple.of(4, scalars), Tuple.of(1, arrays), Tuple.of(1, objects));
    }

    /**
     * Strings of {@code min} to {@code max} code points: mostly printable ASCII, some Latin-1, CJK and euro sign, and
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
     * RFC 3339 date-times as this project writes them: seconds always present, a fraction only as long as needed
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

    private static Arbitrary<JsonNode> integers(IntegerShape i) {
        if (i.minimum() == null && i.maximum() == null) {
            // The generated classes use Integer, so the int range is what a peer can meaningfully send.
            return Arbitraries.integers().map(IntNode::valueOf);
        }
        int min = i.minimum() == null ? Integer.MIN_VALUE : clampToInt(i.minimum().setScale(0, RoundingMode.CEILING));
        int max = i.maximum() == null ? Integer.MAX_VALUE : clampToInt(i.maximum().setScale(0, RoundingMode.FLOOR));
        return Arbitraries.integers().between(min, max).map(IntNode::valueOf);
    }

    private static int clampToInt(BigDecimal v) {
        return v.max(BigDecimal.valueOf(Integer.MIN_VALUE)).min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValueExact();
    }

    private static Arbitrary<JsonNode> numbers(NumberShape n) {
        BigDecimal step = n.multipleOf() == null ? new BigDecimal("0.001") : n.multipleOf();
        // Multiples k * step with k in a window of 20 million steps, placed within whatever bounds there are.
        long span = 20_000_000L;
        long low = -span / 2;
        long high = span / 2;
        if (n.minimum() != null) {
            low = n.minimum().divide(step, 0, RoundingMode.CEILING).longValueExact();
            high = n.maximum() == null ? low + span : high;
        }
        if (n.maximum() != null) {
            high = n.maximum().divide(step, 0, RoundingMode.FLOOR).longValueExact();
            low = n.minimum() == null ? high - span : low;
        }
        if (low > high) {
            throw new IllegalStateException("no multiple of " + step + " between " + n.minimum() + " and "
                    + n.maximum());
        }
        return Arbitraries.integers().between(clampToInt(BigDecimal.valueOf(low)), clampToInt(BigDecimal.valueOf(high)))
                .map(k -> number(step.multiply(BigDecimal.valueOf(k))));
    }

    /** A peer may well send an integral number as 16 rather than 16.0; both are valid, so both are generated. */
    private static JsonNode number(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.scale() > 0) {
            return DoubleNode.valueOf(v.doubleValue());
        }
        return v.toBigIntegerExact().bitLength() < 32 ? IntNode.valueOf(v.intValueExact())
                : LongNode.valueOf(v.longValueExact());
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
     * Every place in {@code instance} that the schema declares, the root (empty path) first, then depth-first in
     * document order. Vendor properties of open objects are not places: the schema says nothing about them that a
     * test could break. A value of {@link AnyShape} is one place; what it contains is not descended into.
     */
    public List<Site> sites(Message m, ObjectNode instance) {
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
    public static boolean anywhere(Shape shape, Predicate<Shape> kind) {
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
