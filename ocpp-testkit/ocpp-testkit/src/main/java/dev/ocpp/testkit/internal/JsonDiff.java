package dev.ocpp.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A subset comparison of JSON trees, for assertions written as partial payloads ({@code {"status":"Accepted"}}).
 *
 * <p>The rules: every field of an expected object must be in the actual object and match (fields the expectation
 * does not name are ignored); an expected array's element {@code i} must match the actual element {@code i} (extra
 * actual elements are ignored, so {@code [{"x":1}]} looks at the first element only); numbers compare by value
 * ({@code 1} matches {@code 1.0}); an expected {@code null} matches a null or absent field; other scalars must be
 * equal. Each difference names the path of the field, e.g. {@code meterValue[0].sampledValue[1].value}.
 */
public final class JsonDiff {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One field that does not match: where, what the expectation says, and what was there (null: absent). */
    public record Difference(String path, JsonNode expected, JsonNode actual) {
        /** {@code status: expected "Charging" but was "Preparing"}, values cut to {@code maxValue} characters. */
        public String describe(int maxValue) {
            String was = actual == null ? "absent" : Texts.cut(actual.toString(), maxValue);
            return path + ": expected " + Texts.cut(expected.toString(), maxValue) + " but was " + was;
        }
    }

    private JsonDiff() {
    }

    /** Reads a partial payload; a clear error, not a Jackson one, when the test's JSON is broken. */
    public static JsonNode parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("empty JSON expectation");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the expectation is not JSON: " + json, e);
        }
    }

    /** Where {@code actual} (may be null: absent) differs from the subset {@code expected}; empty when it matches. */
    public static List<Difference> diff(JsonNode expected, JsonNode actual) {
        List<Difference> out = new ArrayList<>();
        compare("", expected, actual, out);
        return out;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<Difference> out) {
        boolean absent = actual == null || actual.isMissingNode();
        if (expected.isNull()) {
            if (!absent && !actual.isNull()) {
                out.add(new Difference(name(path), expected, actual));
            }
        } else if (absent) {
            out.add(new Difference(name(path), expected, null));
        } else if (expected.isObject() && actual.isObject()) {
            for (Map.Entry<String, JsonNode> f : expected.properties()) {
                compare(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(), actual.get(f.getKey()),
                        out);
            }
        } else if (expected.isArray() && actual.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), out);
            }
        } else if (expected.isNumber() && actual.isNumber()) {
            if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                out.add(new Difference(name(path), expected, actual));
            }
        } else if (!expected.equals(actual)) {
            out.add(new Difference(name(path), expected, actual));
        }
    }

    private static String name(String path) {
        return path.isEmpty() ? "(payload)" : path;
    }
}
