package dev.shadowtx.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.core.metrics.ShadowRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every series the Grafana dashboard and the Prometheus rules in docs/monitoring query is one an
 * application with shadowtx exposes, under Micrometer's Prometheus naming, with the labels their
 * matchers and groupings use: an application is started with the Prometheus registry, receives
 * live and shadow requests (one failing), has every {@link ShadowRecorder} event recorded once,
 * and is scraped at {@code /actuator/prometheus}. A meter a module declares but that was not
 * recorded here counts under the name Micrometer gives it.
 */
@SpringBootTest(
        classes = MonitoringFilesTests.MonitoredApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=prometheus")
class MonitoringFilesTests {

    /** Labels Prometheus adds to every scraped series. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([\\w:]+)\\s*,\\s*(\\w+)\\s*\\)");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private ShadowRecorder recorder;

    @Test
    void everySeriesTheDashboardAndTheRulesQueryIsExposed() throws Exception {
        Map<String, Set<String>> exposed = exposedSeries();
        List<String> expressions = new ArrayList<>();
        expressions.addAll(dashboardExpressions());
        expressions.addAll(ruleExpressions());
        assertThat(expressions).hasSizeGreaterThan(15);
        Set<String> queried = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String expression : expressions) {
            Matcher labelValues = LABEL_VALUES.matcher(expression);
            if (labelValues.matches()) {
                queried.add(labelValues.group(1));
                check(exposed, labelValues.group(1), Set.of(labelValues.group(2)), expression, problems);
                continue;
            }
            PromQl.Selection selection = PromQl.parse(expression);
            assertThat(selection.selectors()).as("series of %s", expression).isNotEmpty();
            Set<String> labelsOfExpression = new LinkedHashSet<>(TARGET_LABELS);
            for (PromQl.Selector selector : selection.selectors()) {
                queried.add(selector.metric());
                check(exposed, selector.metric(), selector.labels(), expression, problems);
                labelsOfExpression.addAll(exposed.getOrDefault(selector.metric(), Set.of()));
            }
            for (String label : selection.groupingLabels()) {
                if (!labelsOfExpression.contains(label)) {
                    problems.add("no series of `" + expression + "` has the label " + label);
                }
            }
        }
        assertThat(problems).as("exposed series: %s", exposed).isEmpty();
        assertThat(queried)
                .contains(
                        "http_server_requests_seconds_count",
                        "shadow_markers_rejected_requests_total",
                        "shadow_outbound_calls_total",
                        "shadow_requests_shed_requests_total",
                        "shadow_audit_uncovered_calls_total");
    }

    private static void check(
            Map<String, Set<String>> exposed,
            String metric,
            Set<String> labels,
            String expression,
            List<String> problems) {
        Set<String> known = exposed.get(metric);
        if (known == null) {
            problems.add(metric + " (in `" + expression + "`) is not a series the application exposes");
            return;
        }
        for (String label : labels) {
            if (!known.contains(label) && !TARGET_LABELS.contains(label)) {
                problems.add(metric + " has no label " + label + " (in `" + expression + "`)");
            }
        }
    }

    /**
     * Series name to label names: the application's scrape after live, shadow and failing requests
     * and every recorder event, plus the Prometheus names of declared meters it did not record.
     */
    private Map<String, Set<String>> exposedSeries() throws Exception {
        assertThat(get("/orders", false).statusCode()).isEqualTo(200);
        assertThat(get("/orders", true).statusCode()).isEqualTo(200);
        assertThat(get("/fail", true).statusCode()).isEqualTo(500);
        recordEveryEvent(this.recorder);
        HttpResponse<String> scrape = get("/actuator/prometheus", false);
        assertThat(scrape.statusCode()).isEqualTo(200);
        Map<String, Set<String>> series = parse(scrape.body());
        assertThat(series.get("http_server_requests_seconds_count")).contains("shadow", "status");
        PrometheusMeterRegistry declared = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (MeterDeclarations.Meter meter : MeterDeclarations.all().values()) {
            Counter.builder(meter.name()).baseUnit(meter.baseUnit()).register(declared);
        }
        parse(declared.scrape()).forEach((name, labels) -> series.putIfAbsent(name, labels));
        return series;
    }

    /**
     * Call every event method of the recorder once, with the first constant of each enum
     * parameter and a placeholder for each string, so every meter the recorder registers exists.
     */
    private static void recordEveryEvent(ShadowRecorder recorder) throws Exception {
        for (Method method : ShadowRecorder.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.getReturnType() != void.class) {
                continue;
            }
            Object[] arguments = new Object[method.getParameterCount()];
            Class<?>[] types = method.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                if (types[i] == String.class) {
                    arguments[i] = "example";
                } else if (types[i].isEnum()) {
                    arguments[i] = types[i].getEnumConstants()[0];
                } else {
                    throw new IllegalStateException("Cannot record " + method + ": unknown parameter " + types[i]);
                }
            }
            method.invoke(recorder, arguments);
        }
    }

    private static Map<String, Set<String>> parse(String exposition) {
        Map<String, Set<String>> series = new TreeMap<>();
        Pattern label = Pattern.compile("([a-zA-Z_]\\w*)=\"");
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, (brace >= 0 && brace < space) ? brace : space);
            Set<String> labels = series.computeIfAbsent(name, (key) -> new LinkedHashSet<>());
            if (brace >= 0 && brace < space) {
                Matcher matcher = label.matcher(line.substring(brace, line.lastIndexOf('}')));
                while (matcher.find()) {
                    labels.add(matcher.group(1));
                }
            }
        }
        return series;
    }

    private static List<String> dashboardExpressions() {
        JsonNode dashboard =
                new ObjectMapper().readTree(Reactor.readFromRoot("docs/monitoring/grafana-dashboard.json"));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets"))
                    .as("queries of panel %s", panel.path("title"))
                    .isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asString())) {
                expressions.add(variable.path("query").path("query").asString());
            }
        }
        return expressions;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ruleExpressions() {
        Map<String, Object> file = new Yaml().load(Reactor.readFromRoot("docs/monitoring/prometheus-rules.yml"));
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
                expressions.add((String) rule.get("expr"));
            }
        }
        return expressions;
    }

    private HttpResponse<String> get(String path, boolean shadow) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
        if (shadow) {
            request.header("X-Shadow", "shadow");
        }
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @RestController
    static class MonitoredApplication {

        private final Map<String, Integer> orders = new HashMap<>(Map.of("book", 1));

        @GetMapping("/orders")
        Map<String, Integer> orders() {
            return this.orders;
        }

        @GetMapping("/fail")
        String fail() {
            throw new IllegalStateException("the candidate release fails here");
        }
    }
}
