package dev.shadowtx.compare.analyzer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * An answer lifted into paths: {@code status}, {@code header.<name>} and
 * {@code body.<dotted.path>}, where array elements share the path {@code [*]} and keep their order
 * (or are sorted first for arrays the rules call unordered). Each path holds the leaf values found
 * there; empty arrays and objects are leaves of their own so that losing every element shows.
 */
final class FieldValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Comparator<JsonNode> CANONICAL = Comparator.comparing(JsonNode::toString);

    private FieldValues() {}

    static Map<String, List<JsonNode>> of(Exchange exchange, ComparisonRules rules) {
        Map<String, List<JsonNode>> values = new LinkedHashMap<>();
        if (!rules.ignored("status")) {
            add(values, "status", NODES.numberNode(exchange.status()));
        }
        for (String header : rules.headers()) {
            String path = "header." + header;
            String value = exchange.headers().get(header);
            if (value != null && !rules.ignored(path)) {
                add(values, path, NODES.stringNode(value));
            }
        }
        JsonNode body = exchange.body();
        if (body != null) {
            lift(values, "body", body, rules);
        }
        return values;
    }

    private static void lift(Map<String, List<JsonNode>> values, String path, JsonNode node, ComparisonRules rules) {
        if (rules.ignored(path)) {
            return;
        }
        if (node.isObject()) {
            if (node.isEmpty()) {
                add(values, path, node);
                return;
            }
            node.forEachEntry((name, child) -> lift(values, path + "." + name, child, rules));
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                add(values, path, node);
                return;
            }
            List<JsonNode> elements = new ArrayList<>(node.values());
            if (rules.unordered(path)) {
                elements.sort(CANONICAL);
            }
            String elementPath = path + "[*]";
            for (JsonNode element : elements) {
                lift(values, elementPath, element, rules);
            }
        } else {
            add(values, path, node);
        }
    }

    private static void add(Map<String, List<JsonNode>> values, String path, JsonNode value) {
        values.computeIfAbsent(path, p -> new ArrayList<>(1)).add(value);
    }
}
