package dev.ocpp.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
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
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Valid instances of a schema set broken in exactly one place, as jqwik arbitraries, one per kind of
 * {@link Breakage}, each {@link Mutation} carrying the path a validator must blame. The breakages are read from the
 * schemas like the {@link SchemaSamples} they start from, so that every OCPP version gets the same scrutiny from the
 * same code, and what differs between versions (the error code a breakage is answered with, the validator itself)
 * stays in the version's tests.
 *
 * <p>A mutation starts from an arbitrary valid instance, not the typical one, so that each breakage meets every
 * combination of optional fields, lengths and array sizes the schema allows, and breaks one place picked at random
 * among those its kind applies to. The rest of the instance stays valid: a validator that blames anything else, or
 * nothing, is wrong.
 *
 * <pre>{@code
 * SchemaMutations mutations = SchemaMutations.of(samples);
 * Arbitrary<Mutation> wrongTypes = mutations.arbitrary(Breakage.WRONG_TYPE, samples.messages());
 * }</pre>
 */
public final class SchemaMutations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Each breaks RFC 3339 §5.6 in its own way: seconds, offset, calendar, clock, or no date at all. A space for the
     * {@code T} is not among them: RFC 3339 lets applications choose it, so validators differ on it.
     */
    private static final List<String> MALFORMED_DATE_TIMES = List.of("2026-11-21T10:00Z",
            "2026-11-21T10:00:00", "2026-11-21T10:00:00+0200", "2026-02-30T10:00:00Z", "2026-11-21T24:00:00Z",
            "2026-13-01T10:00:00Z", "21.11.2026 10:00", "", "now");

    /** A kind of breakage, with the places of an instance it applies to. */
    public enum Breakage {
        /** A required property removed; blamed at that property. */
        MISSING_REQUIRED(Site::required),
        /**
         * Any place but the root given a JSON value of another type, {@code null} included. Places whose schema
         * states no type (2.0.1 DataTransfer {@code data}) are left alone: there is no wrong type for them.
         */
        WRONG_TYPE(s -> !s.path().isEmpty() && !(s.shape() instanceof AnyShape)),
        /** A string with a {@code maxLength} one code point too long, an emoji counting as one. */
        OVERLONG_STRING(s -> s.shape() instanceof StringShape str && str.maxLength() >= 0),
        /** An enumerated string given a value outside the set, a member in the wrong case included. */
        OUTSIDE_ENUM(s -> s.shape() instanceof EnumShape),
        /**
         * A closed object given a property it does not declare, a declared name with a capital first letter
         * included; blamed at the new property. Open objects (2.0.1 {@code customData}) are left alone.
         */
        EXTRA_PROPERTY(s -> s.shape() instanceof ObjectShape o && !o.open()),
        /** A {@code date-time} string given a value that is no RFC 3339 date-time. */
        MALFORMED_DATE_TIME(s -> s.shape() instanceof StringShape str && "date-time".equals(str.format())),
        /** An array with a {@code minItems} emptied. */
        TOO_FEW_ITEMS(s -> s.shape() instanceof ArrayShape a && a.minItems() > 0),
        /** An array with a {@code maxItems} filled to one over it with valid elements. */
        TOO_MANY_ITEMS(s -> s.shape() instanceof ArrayShape a && a.maxItems() < Integer.MAX_VALUE),
        /** An integer with a {@code minimum} given a value below it: just below, or anywhere below. */
        BELOW_MINIMUM(s -> s.shape() instanceof IntegerShape i && i.minimum() != null),
        /** An integer with a {@code maximum} given a value above it: just above, or anywhere above. */
        ABOVE_MAXIMUM(s -> s.shape() instanceof IntegerShape i && i.maximum() != null);

        private final Predicate<Site> where;

        Breakage(Predicate<Site> where) {
            this.where = where;
        }

        /** Whether this breakage can be made at {@code site}. */
        public boolean appliesTo(Site site) {
            return where.test(site);
        }
    }

    /**
     * What a custom breakage made of one instance: the broken copy and the path to blame.
     *
     * @param payload the broken copy
     * @param path    where a validator must put the blame
     */
    public record Broken(ObjectNode payload, String path) {
    }

    private final SchemaSamples samples;

    private SchemaMutations(SchemaSamples samples) {
        this.samples = samples;
    }

    /** Mutations of the valid instances of {@code samples}. */
    public static SchemaMutations of(SchemaSamples samples) {
        return new SchemaMutations(Objects.requireNonNull(samples, "samples"));
    }

    /**
     * The breakages that apply to at least one of {@code messages}, judged on their typical instances (every
     * property present): what a property over all kinds of breakage of a schema set can draw from.
     */
    public Set<Breakage> breakages(List<Message> messages) {
        Set<Breakage> out = EnumSet.noneOf(Breakage.class);
        for (Breakage b : Breakage.values()) {
            if (messages.stream().anyMatch(m -> canHold(m, b::appliesTo))) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * Valid instances of those of {@code messages} that {@code breakage} applies to, each broken in one place.
     *
     * @throws IllegalArgumentException if it applies to none of them, since a property that could never be
     *                                  falsified should not pass either
     */
    public Arbitrary<Mutation> arbitrary(Breakage breakage, List<Message> messages) {
        return arbitrary(messages, breakage::appliesTo, (instance, site) -> switch (breakage) {
            case MISSING_REQUIRED -> Arbitraries.just(new Broken(site.removedFrom(instance), site.path()));
            case WRONG_TYPE -> wrongTypeFor(site.shape()).map(v -> replaced(instance, site, v));
            case OVERLONG_STRING -> overlong(instance, site);
            case OUTSIDE_ENUM -> outsideEnum(instance, site);
            case EXTRA_PROPERTY -> extraProperty(instance, site);
            case MALFORMED_DATE_TIME -> Arbitraries.of(MALFORMED_DATE_TIMES)
                    .map(v -> replaced(instance, site, TextNode.valueOf(v)));
            case TOO_FEW_ITEMS -> Arbitraries.just(replaced(instance, site, NODES.arrayNode()));
            case TOO_MANY_ITEMS -> Arbitraries.just(tooManyItems(instance, site));
            case BELOW_MINIMUM -> belowMinimum(instance, site);
            case ABOVE_MAXIMUM -> aboveMaximum(instance, site);
        });
    }

    /**
     * Mutations of every breakage in {@link #breakages(List) breakages(messages)}, each kind equally likely: for
     * properties that must hold of any broken payload, and that take in a breakage the kit learns without a change
     * to the test.
     */
    public Arbitrary<Mutation> anyBreakage(List<Message> messages) {
        List<Arbitrary<Mutation>> all = new ArrayList<>();
        for (Breakage b : breakages(messages)) {
            all.add(arbitrary(b, messages));
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no breakage applies to any of " + messages);
        }
        return Arbitraries.oneOf(all);
    }

    /**
     * Valid instances of those of {@code messages} whose typical instance has a place {@code where} holds, each
     * changed at one such place picked at random by {@code how}: for breakages the kit does not know, or for
     * additions a schema allows (vendor properties in an open object), which a test wants placed the same way.
     *
     * @param where the places the change applies to
     * @param how   the change at one place of one instance; it must leave the instance itself untouched
     * @throws IllegalArgumentException if no place of any of {@code messages} satisfies {@code where}
     */
    public Arbitrary<Mutation> arbitrary(List<Message> messages, Predicate<Site> where,
                                         BiFunction<ObjectNode, Site, Arbitrary<Broken>> how) {
        List<Message> candidates = messages.stream().filter(m -> canHold(m, where)).toList();
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("none of " + messages + " has a place to break this way");
        }
        // The typical instance has every property; an arbitrary one may lack all the places, and is passed over.
        return samples.instances(candidates)
                .filter(s -> samples.sites(s.message(), s.instance()).stream().anyMatch(where))
                .flatMap(s -> Arbitraries.of(samples.sites(s.message(), s.instance()).stream()
                                .filter(where).toList())
                        .flatMap(site -> how.apply(s.instance(), site))
                        .map(b -> new Mutation(s.message(), s.instance(), b.payload(), b.path())));
    }

    private boolean canHold(Message m, Predicate<Site> where) {
        return samples.sites(m, samples.typical(m)).stream().anyMatch(where);
    }

    // ------------------------------------------------------------------ the breakages

    private static Broken replaced(ObjectNode instance, Site site, JsonNode value) {
        return new Broken(site.replacedIn(instance, value), site.path());
    }

    /** JSON values of any type but the one {@code shape} wants. */
    private static Arbitrary<JsonNode> wrongTypeFor(Shape shape) {
        JsonNode text = TextNode.valueOf("7");
        JsonNode integer = IntNode.valueOf(7);
        JsonNode fraction = DoubleNode.valueOf(1.5);
        JsonNode bool = BooleanNode.TRUE;
        JsonNode nil = NullNode.getInstance();
        List<JsonNode> wrong;
        if (shape instanceof StringShape || shape instanceof EnumShape) {
            wrong = List.of(integer, fraction, bool, nil, NODES.objectNode(), NODES.arrayNode().add("x"));
        } else if (shape instanceof IntegerShape) {
            wrong = List.of(text, fraction, bool, nil, NODES.objectNode(), NODES.arrayNode().add(7));
        } else if (shape instanceof NumberShape) {
            // Not 7: an integer is a number.
            wrong = List.of(TextNode.valueOf("1.5"), bool, nil, NODES.objectNode(), NODES.arrayNode());
        } else if (shape instanceof BooleanShape) {
            wrong = List.of(TextNode.valueOf("true"), integer, nil, NODES.objectNode());
        } else if (shape instanceof ObjectShape) {
            wrong = List.of(text, integer, bool, nil, NODES.arrayNode().add(NODES.objectNode()));
        } else {
            wrong = List.of(text, integer, nil, NODES.objectNode());
        }
        // Fresh copies: the mutated payloads must not share nodes.
        return Arbitraries.of(wrong).map(JsonNode::deepCopy);
    }

    private static Arbitrary<Broken> overlong(ObjectNode instance, Site site) {
        int max = ((StringShape) site.shape()).maxLength();
        return SchemaSamples.strings(max + 1, max + 1).map(v -> replaced(instance, site, TextNode.valueOf(v)));
    }

    private static Arbitrary<Broken> outsideEnum(ObjectNode instance, Site site) {
        List<String> values = ((EnumShape) site.shape()).values();
        // Wire values are case-sensitive, so a member in the wrong case is as wrong as a stranger.
        Arbitrary<String> wrongCase = Arbitraries.of(values)
                .map(v -> v.equals(v.toLowerCase(Locale.ROOT)) ? v.toUpperCase(Locale.ROOT)
                        : v.toLowerCase(Locale.ROOT));
        return Arbitraries.oneOf(wrongCase, SchemaSamples.strings(0, 25))
                .filter(v -> !values.contains(v))
                .map(v -> replaced(instance, site, TextNode.valueOf(v)));
    }

    private static Arbitrary<Broken> extraProperty(ObjectNode instance, Site site) {
        ObjectShape shape = (ObjectShape) site.shape();
        // A defined name in another case is a different property on the wire. An object without properties
        // (1.6 HeartbeatRequest) still gets a name that looks like one a vendor would add.
        Arbitrary<String> names = Arbitraries.oneOf(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                        Arbitraries.of(List.copyOf(shape.properties().isEmpty()
                                        ? Set.of("vendorExtension") : shape.properties().keySet()))
                                .map(p -> Character.toUpperCase(p.charAt(0)) + p.substring(1)))
                .filter(n -> !shape.properties().containsKey(n));
        Arbitrary<JsonNode> values = Arbitraries.oneOf(
                SchemaSamples.strings(0, 10).map(v -> (JsonNode) TextNode.valueOf(v)),
                Arbitraries.integers().map(v -> (JsonNode) IntNode.valueOf(v)),
                Arbitraries.just(NullNode.getInstance()),
                Arbitraries.create(NODES::objectNode));
        return names.flatMap(n -> values.map(v -> {
            ObjectNode copy = instance.deepCopy();
            ((ObjectNode) site.in(copy)).set(n, v);
            return new Broken(copy, site.path().isEmpty() ? n : site.path() + "." + n);
        }));
    }

    /** The array filled to one over its bound with copies of its own (valid) elements, or typical ones if empty. */
    /**
     * One element more than {@code maxItems}, each the smallest valid element: copies of the instance's own elements
     * could be large, and 1,025 of them (2.0.1's salesTariffEntry) made a frame over the 1 MiB a receiver reads by
     * default, which it then refused as too big instead of answering the count.
     */
    private static Broken tooManyItems(ObjectNode instance, Site site) {
        ArrayShape shape = (ArrayShape) site.shape();
        ArrayNode over = NODES.arrayNode();
        for (int i = 0; i <= shape.maxItems(); i++) {
            over.add(SchemaSamples.minimal(shape.items(), site.fieldName() + i));
        }
        return replaced(instance, site, over);
    }

    private static Arbitrary<Broken> belowMinimum(ObjectNode instance, Site site) {
        long below = ((IntegerShape) site.shape()).minimum().setScale(0, RoundingMode.CEILING).longValueExact() - 1;
        // Within the int range where the bound allows: the generated classes bind integers to Integer.
        return Arbitraries.oneOf(Arbitraries.just(below),
                        Arbitraries.longs().between(Math.min(Integer.MIN_VALUE, below), below))
                .map(v -> replaced(instance, site, integer(v)));
    }

    private static Arbitrary<Broken> aboveMaximum(ObjectNode instance, Site site) {
        long above = ((IntegerShape) site.shape()).maximum().setScale(0, RoundingMode.FLOOR).longValueExact() + 1;
        return Arbitraries.oneOf(Arbitraries.just(above),
                        Arbitraries.longs().between(above, Math.max(Integer.MAX_VALUE, above)))
                .map(v -> replaced(instance, site, integer(v)));
    }

    private static JsonNode integer(long v) {
        return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
    }
}
