package dev.shadowtx.compare.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonRulesTests {

    private static Map<String, FieldDifferences.Difference> diff(ComparisonRules rules, String primary, String copy) {
        return FieldDifferences.between(
                FieldValues.of(Records.exchange(primary), rules), FieldValues.of(Records.exchange(copy), rules), rules);
    }

    private static String body(int status, String json) {
        return Records.record("r1", "1", "live", "GET /orders/{id}", status, json);
    }

    @Test
    void liftsNestedFieldsAndArrayElementsIntoPaths() {
        var differences = diff(
                ComparisonRules.defaults(),
                body(200, "{\"a\":{\"b\":1},\"items\":[{\"sku\":\"x\",\"q\":1},{\"sku\":\"y\",\"q\":2}]}"),
                body(200, "{\"a\":{\"b\":2},\"items\":[{\"sku\":\"x\",\"q\":1},{\"sku\":\"y\",\"q\":3}]}"));
        assertThat(differences).containsOnlyKeys("body.a.b", "body.items[*].q");
        assertThat(differences.get("body.items[*].q").expected()).isEqualTo("[1, 2]");
        assertThat(differences.get("body.items[*].q").actual()).isEqualTo("[1, 3]");
    }

    @Test
    void showsAStatusChangeSuchAs404Against200() {
        var differences = diff(ComparisonRules.defaults(), body(200, "{\"id\":1}"), body(404, "{\"id\":1}"));
        assertThat(differences).containsOnlyKeys("status");
        assertThat(differences.get("status").actual()).isEqualTo("404");
    }

    @Test
    void comparesTextBodiesSuchAsXmlAsText() {
        String primary = Records.record("r", "1", "live", "GET /feed", 200, "text/xml", "<feed><n>1</n></feed>");
        String copy = Records.record("r", "1", "shadow", "GET /feed", 200, "text/xml", "<feed><n>2</n></feed>");
        assertThat(diff(ComparisonRules.defaults(), primary, copy)).containsOnlyKeys("body");
        assertThat(diff(ComparisonRules.defaults(), primary, primary)).isEmpty();
    }

    @Test
    void ignoresPathsWithEverythingBelowThemAndIgnoredHeaders() {
        ComparisonRules rules = new ComparisonRules(
                List.of("content-type", "x-version"),
                List.of("x-version"),
                List.of("body.meta", "body.items[*].id"),
                List.of(),
                Map.of());
        var differences = diff(
                rules,
                body(200, "{\"meta\":{\"at\":1,\"by\":\"a\"},\"items\":[{\"id\":1,\"n\":1}]}"),
                body(200, "{\"meta\":{\"at\":2,\"by\":\"b\"},\"items\":[{\"id\":2,\"n\":1}]}"));
        assertThat(differences).isEmpty();
        assertThat(rules.headers()).containsExactly("content-type");
    }

    @Test
    void comparesUnorderedArraysAsSets() {
        String primary = body(200, "{\"tags\":[\"a\",\"b\",\"c\"],\"ordered\":[1,2]}");
        String copy = body(200, "{\"tags\":[\"c\",\"a\",\"b\"],\"ordered\":[2,1]}");
        ComparisonRules rules = new ComparisonRules(List.of(), List.of(), List.of(), List.of("body.tags"), Map.of());
        assertThat(diff(rules, primary, copy)).containsOnlyKeys("body.ordered[*]");
        assertThat(diff(ComparisonRules.defaults(), primary, copy)).containsOnlyKeys("body.tags[*]", "body.ordered[*]");
    }

    @Test
    void treatsNumbersWithinTheToleranceAsEqual() {
        ComparisonRules rules =
                new ComparisonRules(List.of(), List.of(), List.of(), List.of(), Map.of("body.*.price", 0.01));
        var differences = diff(
                rules,
                body(200, "{\"a\":{\"price\":10.000},\"b\":{\"price\":5},\"total\":1}"),
                body(200, "{\"a\":{\"price\":10.005},\"b\":{\"price\":5.5},\"total\":1.0}"));
        assertThat(differences).containsOnlyKeys("body.b.price");
    }

    @Test
    void reportsAFieldMissingOnOneSideAndATypeChange() {
        var differences = diff(
                ComparisonRules.defaults(),
                body(200, "{\"a\":1,\"b\":\"1\",\"c\":[]}"),
                body(200, "{\"b\":1,\"c\":[1]}"));
        assertThat(differences).containsOnlyKeys("body.a", "body.b", "body.c", "body.c[*]");
        assertThat(differences.get("body.a").actual()).isNull();
    }

    @Test
    void refusesANegativeToleranceAndAnEmptyPattern() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> new ComparisonRules(List.of(), List.of(), List.of(), List.of(), Map.of("body.x", -1.0)))
                .withMessageContaining("body.x");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ComparisonRules(List.of(), List.of(), List.of(" "), List.of(), Map.of()));
    }

    @Test
    void refusesRecordsThatAreNotExchangeRecordsV1() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Records.exchange("not json"))
                .withMessageContaining("not JSON");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Records.exchange("{\"v\":2,\"id\":\"x\"}"))
                .withMessageContaining("version");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Records.exchange("{\"v\":1}"))
                .withMessageContaining("no id");
    }
}
