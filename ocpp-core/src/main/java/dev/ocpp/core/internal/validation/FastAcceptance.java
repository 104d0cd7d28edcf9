package dev.ocpp.core.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A one-sided shortcut in front of the schema library: it recognises payloads that are certainly valid, and says
 * nothing about the rest. Only when it cannot vouch for a payload does the library run, and the library alone
 * decides what is wrong and how to report it.
 *
 * <p>Why it exists: OCPP payloads are almost always valid, and the general-purpose evaluator spends most of its time
 * proving that (about 1 µs per MeterValues sampled value, examples/BENCHMARKS.md). This check is compiled once per
 * message from the same inlined schema tree the library gets, and walks the payload with plain field lookups.
 *
 * <p>Soundness is the whole contract: {@link #accepts} may return {@code false} for a valid payload (the library then
 * says "valid"), but never {@code true} for an invalid one. So wherever the keyword semantics have a subtle corner
 * (integers written as {@code 1.0}, a number on a bound, {@code multipleOf} with a fractional step, strings whose
 * UTF-16 length exceeds a limit) the check declines instead of deciding. A schema using any keyword outside the small
 * draft-07 subset the OCPP schemas need gets no shortcut at all ({@link #compile} returns {@code null}).
 */
public final class FastAcceptance {

    /** Keywords that carry no assertion. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description",
            "default", "examples", "comment", "definitions");

    private static final int ANY = 0;
    private static final int OBJECT = 1;
    private static final int ARRAY = 1 << 1;
    private static final int STRING = 1 << 2;
    private static final int INTEGER = 1 << 3;
    private static final int NUMBER = 1 << 4;
    private static final int BOOLEAN = 1 << 5;
    private static final int NULL = 1 << 6;

    private final int types;
    // strings
    private final int minLength;
    private final int maxLength;
    private final Set<String> enumValues;
    private final Predicate<String> format;
    // numbers
    private final BigDecimal minimum;
    private final BigDecimal maximum;
    private final Long multipleOf;
    // the bounds again where they are whole numbers, for the common integer case without allocation
    private final Long minimumLong;
    private final Long maximumLong;
    /** Whether every bound there is has a whole-number twin above, so that a long comparison decides. */
    private final boolean wholeBounds;
    // objects
    private final Map<String, Property> properties;
    private final boolean additionalProperties;
    private final int requiredDeclared;
    private final String[] requiredUndeclared;
    // arrays
    private final FastAcceptance items;
    private final int minItems;
    private final int maxItems;

    private record Property(FastAcceptance schema, boolean required) {
    }

    private FastAcceptance(Builder b) {
        this.types = b.types;
        this.minLength = b.minLength;
        this.maxLength = b.maxLength;
        this.enumValues = b.enumValues;
        this.format = b.format;
        this.minimum = b.minimum;
        this.maximum = b.maximum;
        this.multipleOf = b.multipleOf;
        this.minimumLong = asLong(b.minimum);
        this.maximumLong = asLong(b.maximum);
        this.wholeBounds = (b.minimum == null || minimumLong != null) && (b.maximum == null || maximumLong != null);
        this.properties = b.properties;
        this.additionalProperties = b.additionalProperties;
        int declared = 0;
        List<String> undeclared = new ArrayList<>();
        for (String name : b.required) {
            Property p = properties.get(name);
            if (p == null) {
                undeclared.add(name);
            } else {
                properties.put(name, new Property(p.schema(), true));
                declared++;
            }
        }
        this.requiredDeclared = declared;
        this.requiredUndeclared = undeclared.toArray(String[]::new);
        this.items = b.items;
        this.minItems = b.minItems;
        this.maxItems = b.maxItems;
    }

    /**
     * Compiles a schema whose {@code $ref}s have been inlined already.
     *
     * @param schema  the schema tree, as handed to the library
     * @param formats the library's own checks for the {@code format} values the schema may use, by name; a format
     *                not in this map makes the schema ineligible
     * @return the check, or {@code null} when the schema uses something the check does not model
     */
    public static FastAcceptance compile(JsonNode schema, Map<String, Predicate<String>> formats) {
        try {
            return build(schema, formats);
        } catch (Unsupported e) {
            return null;
        }
    }

    /** {@code true} only if the library would find no violation in {@code node}. */
    public boolean accepts(JsonNode node) {
        JsonNodeType t = node.getNodeType();
        switch (t) {
            case STRING:
                return allows(STRING) && acceptsString(node.textValue());
            case OBJECT:
                return allows(OBJECT) && acceptsObject(node);
            case ARRAY:
                return allows(ARRAY) && acceptsArray(node);
            case NUMBER:
                return acceptsNumber(node);
            case BOOLEAN:
                return allows(BOOLEAN) && enumValues == null;
            case NULL:
                return allows(NULL) && enumValues == null;
            default:
                return false;
        }
    }

    private boolean allows(int type) {
        return types == ANY || (types & type) != 0;
    }

    private boolean acceptsString(String s) {
        if (enumValues != null && !enumValues.contains(s)) {
            return false;
        }
        // The schema counts code points; a UTF-16 length within the limit bounds them from above. Over it, decline.
        if (maxLength >= 0 && s.length() > maxLength) {
            return false;
        }
        if (minLength > 0 && (s.length() < minLength || s.codePointCount(0, s.length()) < minLength)) {
            return false;
        }
        if (format != null) {
            try {
                return format.test(s);
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    private boolean acceptsNumber(JsonNode node) {
        if (enumValues != null) {
            return false;
        }
        boolean integral = node.isInt() || node.isLong() || node.isBigInteger();
        if (!(types == ANY || (types & NUMBER) != 0 || (integral && (types & INTEGER) != 0))) {
            // A 1.0 where an integer is wanted is a draft-dependent corner: leave it to the library.
            return false;
        }
        if (minimum == null && maximum == null && multipleOf == null) {
            return true;
        }
        if (!(integral || node.isDouble() || node.isFloat()) || !Double.isFinite(node.doubleValue())) {
            return false;
        }
        // Exact decimal comparison; for a double, its shortest decimal form (what the payload text said) is used,
        // and a value sitting on the bound is declined so that no rounding question can arise.
        if (integral && wholeBounds && node.canConvertToLong()) {
            long v = node.longValue();
            return (minimumLong == null || v >= minimumLong) && (maximumLong == null || v <= maximumLong)
                    && (multipleOf == null || v % multipleOf == 0);
        }
        BigDecimal value = integral ? new BigDecimal(node.bigIntegerValue()) : BigDecimal.valueOf(node.doubleValue());
        if (minimum != null) {
            int c = value.compareTo(minimum);
            if (c < 0 || (c == 0 && !integral)) {
                return false;
            }
        }
        if (maximum != null) {
            int c = value.compareTo(maximum);
            if (c > 0 || (c == 0 && !integral)) {
                return false;
            }
        }
        if (multipleOf != null) {
            return integral && node.canConvertToLong() && node.longValue() % multipleOf == 0;
        }
        return true;
    }

    private boolean acceptsObject(JsonNode node) {
        int requiredSeen = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Property p = properties.get(field.getKey());
            if (p == null) {
                if (!additionalProperties) {
                    return false;
                }
                continue;
            }
            if (!p.schema().accepts(field.getValue())) {
                return false;
            }
            if (p.required()) {
                requiredSeen++;
            }
        }
        if (requiredSeen != requiredDeclared) {
            return false;
        }
        for (String name : requiredUndeclared) {
            if (!node.has(name)) {
                return false;
            }
        }
        return true;
    }

    private boolean acceptsArray(JsonNode node) {
        int n = node.size();
        if (n < minItems || (maxItems >= 0 && n > maxItems)) {
            return false;
        }
        if (items != null) {
            for (int i = 0; i < n; i++) {
                if (!items.accepts(node.get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final class Builder {
        int types = ANY;
        int minLength = -1;
        int maxLength = -1;
        Set<String> enumValues;
        Predicate<String> format;
        BigDecimal minimum;
        BigDecimal maximum;
        Long multipleOf;
        Map<String, Property> properties = new HashMap<>();
        boolean additionalProperties = true;
        List<String> required = List.of();
        FastAcceptance items;
        int minItems;
        int maxItems = -1;
    }

    private static FastAcceptance build(JsonNode schema, Map<String, Predicate<String>> formats) {
        if (schema == null || !schema.isObject()) {
            // A boolean schema or something stranger: not worth modelling.
            throw new Unsupported();
        }
        Builder b = new Builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (ANNOTATIONS.contains(key)) {
                continue;
            }
            switch (key) {
                case "type" -> b.types = typeMask(v);
                case "properties" -> {
                    require(v.isObject());
                    v.fields().forEachRemaining(p ->
                            b.properties.put(p.getKey(), new Property(build(p.getValue(), formats), false)));
                }
                case "required" -> {
                    require(v.isArray());
                    List<String> names = new ArrayList<>();
                    v.forEach(n -> {
                        require(n.isTextual());
                        names.add(n.textValue());
                    });
                    require(new HashSet<>(names).size() == names.size());
                    b.required = names;
                }
                case "additionalProperties" -> {
                    require(v.isBoolean());
                    b.additionalProperties = v.booleanValue();
                }
                case "items" -> b.items = build(v, formats);
                case "minItems" -> b.minItems = nonNegativeInt(v);
                case "maxItems" -> b.maxItems = nonNegativeInt(v);
                case "minLength" -> b.minLength = nonNegativeInt(v);
                case "maxLength" -> b.maxLength = nonNegativeInt(v);
                case "enum" -> {
                    require(v.isArray() && v.size() > 0);
                    Set<String> values = new HashSet<>();
                    v.forEach(n -> {
                        require(n.isTextual());
                        values.add(n.textValue());
                    });
                    b.enumValues = Set.copyOf(values);
                }
                case "format" -> {
                    require(v.isTextual());
                    Predicate<String> check = formats.get(v.textValue());
                    require(check != null);
                    b.format = check;
                }
                case "minimum" -> b.minimum = decimal(v);
                case "maximum" -> b.maximum = decimal(v);
                case "multipleOf" -> {
                    require(v.isIntegralNumber() && v.canConvertToLong() && v.longValue() > 0);
                    b.multipleOf = v.longValue();
                }
                default -> throw new Unsupported();
            }
        }
        return new FastAcceptance(b);
    }

    private static Long asLong(BigDecimal d) {
        if (d == null) {
            return null;
        }
        try {
            return d.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static int typeMask(JsonNode v) {
        require(v.isTextual());
        return switch (v.textValue()) {
            case "object" -> OBJECT;
            case "array" -> ARRAY;
            case "string" -> STRING;
            case "integer" -> INTEGER;
            case "number" -> NUMBER;
            case "boolean" -> BOOLEAN;
            case "null" -> NULL;
            default -> throw new Unsupported();
        };
    }

    private static int nonNegativeInt(JsonNode v) {
        require(v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 0);
        return v.intValue();
    }

    private static BigDecimal decimal(JsonNode v) {
        require(v.isNumber());
        return v.decimalValue();
    }

    private static void require(boolean condition) {
        if (!condition) {
            throw new Unsupported();
        }
    }
}
