package dev.ocpp.testkit.schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a schema allows at one place of a payload, with every {@code $ref} resolved. Only the constraints the OCPP
 * schemas use are modelled; {@link SchemaSamples} refuses a schema that states anything else, so that no constraint
 * can be silently left out of the samples.
 */
public sealed interface Shape permits Shape.ObjectShape, Shape.ArrayShape, Shape.StringShape, Shape.EnumShape,
        Shape.IntegerShape, Shape.NumberShape, Shape.BooleanShape, Shape.AnyShape {

    /**
     * An object.
     *
     * @param name       the schema's {@code javaType}, or the file it comes from, for messages and diagnostics
     * @param properties the declared properties in schema order
     * @param required   the names of the required ones
     * @param open       whether properties beyond the declared ones are allowed ({@code additionalProperties} true
     *                   or absent), as in OCPP 2.0.1 {@code CustomData}
     */
    record ObjectShape(String name, Map<String, Shape> properties, Set<String> required, boolean open)
            implements Shape {

        public ObjectShape {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(properties, "properties");
            Objects.requireNonNull(required, "required");
        }

        /**
         * Hashes the names only, not the whole tree below: jqwik keys its generator cache by arbitraries, and an
         * arbitrary over sites or shapes would otherwise hash an entire message schema for every try. Consistent
         * with the record's {@code equals}, which still compares everything.
         */
        @Override
        public int hashCode() {
            return Objects.hash(name, properties.keySet(), required, open);
        }
    }

    /**
     * An array.
     *
     * @param items    what each element may be
     * @param minItems at least this many elements (0 when unstated)
     * @param maxItems at most this many, {@link Integer#MAX_VALUE} when unbounded
     */
    record ArrayShape(Shape items, int minItems, int maxItems) implements Shape {
    }

    /**
     * A free-form or formatted string.
     *
     * @param minLength at least this many code points (0 when unstated)
     * @param maxLength at most this many code points, -1 when unbounded
     * @param format    {@code date-time} or {@code uri}, {@code null} when free-form
     */
    record StringShape(int minLength, int maxLength, String format) implements Shape {
    }

    /**
     * A string from a fixed set of wire values.
     *
     * @param values the values in schema order
     */
    record EnumShape(List<String> values) implements Shape {
    }

    /**
     * An integer.
     *
     * @param minimum the inclusive lower bound, {@code null} when unstated
     * @param maximum the inclusive upper bound, {@code null} when unstated
     */
    record IntegerShape(BigDecimal minimum, BigDecimal maximum) implements Shape {
    }

    /**
     * A number.
     *
     * @param multipleOf the step every value is a multiple of, {@code null} when unstated
     * @param minimum    the inclusive lower bound, {@code null} when unstated
     * @param maximum    the inclusive upper bound, {@code null} when unstated
     */
    record NumberShape(BigDecimal multipleOf, BigDecimal minimum, BigDecimal maximum) implements Shape {
    }

    /** A boolean. */
    record BooleanShape() implements Shape {
    }

    /** Any JSON value: a property whose schema states no type, such as OCPP 2.0.1 DataTransfer {@code data}. */
    record AnyShape() implements Shape {
    }
}
