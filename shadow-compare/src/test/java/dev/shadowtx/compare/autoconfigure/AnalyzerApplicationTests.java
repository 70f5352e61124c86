package dev.shadowtx.compare.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analyzer on a real broker, through what a user sees: records on the topic, the
 * {@code shadowcompare} actuator endpoint, the meters, the dashboard's HTML and the reset.
 */
@AnalyzerTestApplication.AnalyzerApplicationTest
class AnalyzerApplicationTests {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    static List<String[]> triples(String service, int count, int changeEvery) {
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = service + "-" + i;
            String total = (i % changeEvery == 0) ? "11.0" : "10.0";
            records.add(
                    new String[] {id, exchange(service, id, "1.0", "live", "{\"id\":\"p" + i + "\",\"total\":10.0}")});
            records.add(
                    new String[] {id, exchange(service, id, "1.0", "shadow", "{\"id\":\"s" + i + "\",\"total\":10.0}")
                    });
            records.add(new String[] {
                id, exchange(service, id, "2.0", "shadow", "{\"id\":\"c" + i + "\",\"total\":" + total + "}")
            });
        }
        return records;
    }

    static String exchange(String service, String id, String version, String mode, String body) {
        return "{\"v\":1,\"id\":\"" + id + "\",\"service\":\"" + service + "\",\"version\":\"" + version
                + "\",\"instance\":\"" + version + "-" + mode + "\",\"mode\":\"" + mode
                + "\",\"time\":\"2026-12-01T10:00:00Z\",\"request\":{\"method\":\"POST\",\"route\":\"/orders\","
                + "\"path\":\"/orders\",\"query\":\"\",\"headers\":{},\"body\":{}},\"response\":{\"status\":201,"
                + "\"headers\":{\"content-type\":\"application/json\"},\"body\":" + body + ",\"truncated\":false},"
                + "\"durationMs\":4}";
    }

    private HttpResponse<String> get(String path) throws Exception {
        return this.http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode endpointOf(String service) throws Exception {
        JsonNode report = MAPPER.readTree(get("/actuator/shadowcompare").body());
        for (JsonNode endpoint : report.path("endpoints")) {
            if (endpoint.path("service").asString().equals(service)) {
                return endpoint;
            }
        }
        return MAPPER.missingNode();
    }

    @Test
    void reportsTheCandidatesChangedFieldAsRegressionAndGeneratedIdsAsNoise() throws Exception {
        AnalyzerTestApplication.publish(this.brokers, triples("billing", 40, 4));

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(
                                endpointOf("billing").path("comparisons").asInt())
                        .isEqualTo(40));
        JsonNode endpoint = endpointOf("billing");
        assertThat(endpoint.path("endpoint").asString()).isEqualTo("POST /orders");
        assertThat(endpoint.path("regressions").asInt()).isEqualTo(1);
        JsonNode fields = endpoint.path("fields");
        assertThat(fields).hasSize(2);
        assertThat(fields.get(0).path("path").asString()).isEqualTo("body.total");
        assertThat(fields.get(0).path("verdict").asString()).isEqualTo("REGRESSION");
        assertThat(fields.get(0).path("candidateRate").asDouble()).isEqualTo(0.25);
        assertThat(fields.get(0).path("noiseRate").asDouble()).isZero();
        assertThat(fields.get(0).path("examples").get(0).path("candidate").asString())
                .isEqualTo("11.0");
        assertThat(fields.get(1).path("path").asString()).isEqualTo("body.id");
        assertThat(fields.get(1).path("verdict").asString()).isEqualTo("NOISE");

        assertThat(this.meters.get("shadow.compare.comparisons").counter().count())
                .isGreaterThanOrEqualTo(40);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(this.meters
                                .get("shadow.compare.regressions")
                                .tag("service", "billing")
                                .tag("endpoint", "POST /orders")
                                .gauge()
                                .value())
                        .isEqualTo(1.0));

        HttpResponse<String> page = get("/shadow-compare");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("POST /orders", "billing", "body.total", "REGRESSION", "25.0 %");
    }

    @Test
    void countsRecordsWithoutPartnerAsUnmatched() throws Exception {
        double before = this.meters
                .get("shadow.compare.unmatched")
                .tag("role", "primary")
                .counter()
                .count();
        AnalyzerTestApplication.publish(
                this.brokers,
                List.<String[]>of(
                        new String[] {"alone-1", exchange("unmatched", "alone-1", "1.0", "live", "{}")},
                        new String[] {"alone-2", exchange("unmatched", "alone-2", "2.0", "shadow", "{}")}));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode endpoint = endpointOf("unmatched");
            assertThat(endpoint.path("unmatchedPrimaries").asInt()).isEqualTo(1);
            assertThat(endpoint.path("unmatchedCopies").asInt()).isEqualTo(1);
        });
        assertThat(endpointOf("unmatched").path("comparisons").asInt()).isZero();
        assertThat(this.meters
                        .get("shadow.compare.unmatched")
                        .tag("role", "primary")
                        .counter()
                        .count())
                .isEqualTo(before + 1);
    }

    @Test
    void aResetEmptiesTheReport() throws Exception {
        AnalyzerTestApplication.publish(this.brokers, triples("resettable", 3, 1));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(
                                endpointOf("resettable").path("comparisons").asInt())
                        .isEqualTo(3));

        HttpResponse<String> reset = this.http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/shadowcompare"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reset.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(endpointOf("resettable").isMissingNode()).isTrue());
    }

    @Test
    void aFieldPageWithoutItsParametersIsABadRequest() throws Exception {
        HttpResponse<String> response = get("/shadow-compare/field?path=body.total");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("service, endpoint and path");
    }
}
