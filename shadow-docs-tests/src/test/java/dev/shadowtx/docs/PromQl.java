package dev.shadowtx.docs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series a PromQL expression selects: metric names with the label names their matchers use,
 * and the label names it groups by. Enough of PromQL for dashboards and alerting rules: strings,
 * range and subquery brackets, Grafana's {@code $variables}, grouping clauses, functions and
 * operators are told apart from metric names.
 */
final class PromQl {

    /**
     * A metric selected by an expression.
     * @param metric the metric (series) name
     * @param labels the label names its matchers use
     */
    record Selector(String metric, Set<String> labels) {}

    /**
     * What an expression selects.
     * @param selectors the metrics and their matcher labels
     * @param groupingLabels the labels of {@code by}, {@code without}, {@code on}, {@code ignoring}
     */
    record Selection(List<Selector> selectors, Set<String> groupingLabels) {}

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

    private static final Pattern SELECTOR =
            Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][\\w:]*)(\\s*\\{([^}]*)})?|\\{([^}]*)}");

    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_]\\w*)\\s*(?:=~|!~|!=|=)");

    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "inf",
            "nan",
            "atan2");

    private PromQl() {}

    static Selection parse(String expression) {
        String text = STRING.matcher(expression).replaceAll("\"\"");
        text = text.replaceAll("\\[[^\\]]*]", " ").replaceAll("\\$\\{[^}]*}|\\$\\w+", " ");
        Set<String> grouping = new LinkedHashSet<>();
        Matcher group = GROUPING.matcher(text);
        while (group.find()) {
            for (String label : group.group(1).split(",")) {
                if (!label.isBlank()) {
                    grouping.add(label.strip());
                }
            }
        }
        text = GROUPING.matcher(text).replaceAll(" ");
        List<Selector> selectors = new ArrayList<>();
        Matcher selector = SELECTOR.matcher(text);
        while (selector.find()) {
            String name = selector.group(1);
            if (name == null || KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            if (selector.group(2) == null && nextNonSpace(text, selector.end()) == '(') {
                continue;
            }
            Set<String> labels = new LinkedHashSet<>();
            if (selector.group(3) != null) {
                Matcher label = MATCHER_LABEL.matcher(selector.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
            selectors.add(new Selector(name, labels));
        }
        return new Selection(selectors, grouping);
    }

    private static char nextNonSpace(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return text.charAt(i);
            }
        }
        return 0;
    }
}
