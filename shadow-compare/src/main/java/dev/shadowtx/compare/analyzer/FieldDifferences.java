package dev.shadowtx.compare.analyzer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The paths on which two lifted answers differ, with the value each side had there (as JSON text,
 * {@code null} when the path is absent on that side). Numbers within the path's tolerance are
 * equal; everything else compares exactly, type included.
 */
final class FieldDifferences {

    private static final int MAX_VALUE_LENGTH = 400;

    private FieldDifferences() {}

    /** A path where the two sides differ. */
    record Difference(@Nullable String expected, @Nullable String actual) {}

    static Map<String, Difference> between(
            Map<String, List<JsonNode>> expected, Map<String, List<JsonNode>> actual, ComparisonRules rules) {
        Map<String, Difference> differences = new LinkedHashMap<>();
        for (Map.Entry<String, List<JsonNode>> entry : expected.entrySet()) {
            String path = entry.getKey();
            List<JsonNode> other = actual.get(path);
            if (other == null || !same(entry.getValue(), other, rules.tolerance(path))) {
                differences.put(path, new Difference(render(entry.getValue()), render(other)));
            }
        }
        for (Map.Entry<String, List<JsonNode>> entry : actual.entrySet()) {
            if (!expected.containsKey(entry.getKey())) {
                differences.put(entry.getKey(), new Difference(null, render(entry.getValue())));
            }
        }
        return differences;
    }

    private static boolean same(List<JsonNode> a, List<JsonNode> b, double tolerance) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i), tolerance)) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(JsonNode a, JsonNode b, double tolerance) {
        if (a.isNumber() && b.isNumber()) {
            if (tolerance > 0) {
                return Math.abs(a.doubleValue() - b.doubleValue()) <= tolerance;
            }
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    static @Nullable String render(@Nullable List<JsonNode> values) {
        if (values == null) {
            return null;
        }
        String text = values.size() == 1 ? values.get(0).toString() : values.toString();
        return text.length() > MAX_VALUE_LENGTH ? text.substring(0, MAX_VALUE_LENGTH) + "…" : text;
    }
}
