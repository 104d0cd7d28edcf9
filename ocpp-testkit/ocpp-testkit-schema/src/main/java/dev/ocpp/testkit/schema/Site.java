package dev.ocpp.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One value present in an instance, with what the schema allows there: the handle a test uses to break an instance
 * in exactly one place and to know where a validator must put the blame. Obtained from
 * {@link SchemaSamples#sites}.
 *
 * @param path     the path as the library's validator renders it ({@code meterValue[0].sampledValue[1].unit}),
 *                 empty for the payload itself
 * @param steps    property names ({@link String}) and array indices ({@link Integer}) from the root down
 * @param shape    what the schema allows at this place
 * @param required whether the value is a required property of its object
 */
public record Site(String path, List<Object> steps, Shape shape, boolean required) {

    public Site {
        steps = List.copyOf(steps);
    }

    /** The last property name on the way to the value (for an array element, the array's); empty for the root. */
    public String fieldName() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) instanceof String s) {
                return s;
            }
        }
        return "";
    }

    /** The node at this place in {@code root}, which may be the instance the site came from or a copy of it. */
    public JsonNode in(JsonNode root) {
        JsonNode n = root;
        for (Object step : steps) {
            n = step instanceof String s ? n.get(s) : n.get((Integer) step);
        }
        return n;
    }

    /** A copy of {@code root} with this place's value replaced; {@code root} itself is left alone. */
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
