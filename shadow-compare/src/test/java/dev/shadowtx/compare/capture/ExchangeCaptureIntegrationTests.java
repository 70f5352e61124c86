package dev.shadowtx.compare.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.shadowtx.audit.AuditedChannel;
import dev.shadowtx.audit.ShadowLeakAudit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of one service, the live release and a candidate that receives the same requests
 * marked as shadow (as Envoy's mirror delivers them), publishing to a real broker.
 */
class ExchangeCaptureIntegrationTests {

    private static final String KEY = "a-shared-secret-of-at-least-32-bytes!";

    private static final HttpClient http = HttpClient.newHttpClient();

    static ConfigurableApplicationContext live;

    static ConfigurableApplicationContext candidate;

    @BeforeAll
    static void start() {
        String brokers = SharedBroker.bootstrapServers();
        live = instance(brokers, "1.0.0", "orders-live-1");
        candidate = instance(brokers, "2.0.0", "orders-candidate-1");
    }

    static ConfigurableApplicationContext instance(String brokers, String version, String instance) {
        return new SpringApplicationBuilder(CaptureTestApplication.class)
                .properties(
                        "server.port=0",
                        "spring.application.name=orders",
                        "spring.kafka.bootstrap-servers=" + brokers,
                        "shadow.compare.capture.enabled=true",
                        "shadow.compare.capture.sample-rate=0.5",
                        "shadow.compare.capture.max-body-size=100B",
                        "shadow.compare.capture.request-headers=content-type,authorization",
                        "shadow.compare.capture.redact.json-paths=customer.email,order.customer.email",
                        "shadow.compare.capture.redact.query-parameters=token",
                        "shadow.compare.capture.redact.key=" + KEY,
                        "shadow.compare.version=" + version,
                        "shadow.compare.capture.instance=" + instance)
                .run();
    }

    @AfterAll
    static void stop() {
        live.close();
        candidate.close();
    }

    @Test
    void liveAndMarkedCopiesPutMatchingRecordsForEverySampledId() throws Exception {
        String run = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = run + "-" + i;
            ids.add(id);
            get(live, "/orders/" + i + "?token=t-" + i, id, false);
            get(candidate, "/orders/" + i + "?token=t-" + i, id, true);
        }
        Map<String, List<JsonNode>> byId = recordsFor(run, 2 * sampled(ids));

        Set<String> liveIds = idsOf(byId, "live");
        Set<String> shadowIds = idsOf(byId, "shadow");
        assertThat(liveIds).isNotEmpty().hasSizeLessThan(ids.size()).isEqualTo(shadowIds);
        for (String id : liveIds) {
            JsonNode primary = only(byId.get(id), "live");
            JsonNode copy = only(byId.get(id), "shadow");
            assertThat(primary.get("v").asInt()).isEqualTo(1);
            assertThat(primary.get("service").asString()).isEqualTo("orders");
            assertThat(primary.get("version").asString()).isEqualTo("1.0.0");
            assertThat(copy.get("version").asString()).isEqualTo("2.0.0");
            assertThat(primary.get("instance").asString()).isEqualTo("orders-live-1");
            assertThat(Instant.parse(primary.get("time").asString())).isBefore(Instant.now());
            assertThat(primary.get("durationMs").isNumber()).isTrue();
            for (JsonNode record : List.of(primary, copy)) {
                JsonNode request = record.get("request");
                assertThat(request.get("method").asString()).isEqualTo("GET");
                assertThat(request.get("route").asString()).isEqualTo("/orders/{id}");
                assertThat(request.get("path").asString()).startsWith("/orders/");
                assertThat(request.get("query").asString()).startsWith("token=hmac:");
                JsonNode response = record.get("response");
                assertThat(response.get("status").asInt()).isEqualTo(200);
                assertThat(response.get("headers").get("content-type").asString())
                        .startsWith("application/json");
                assertThat(response.get("truncated").asBoolean()).isFalse();
                JsonNode body = response.get("body");
                assertThat(body.isObject()).isTrue();
                assertThat(body.get("amount").asInt()).isEqualTo(42);
                assertThat(body.get("customer").get("name").asString()).isEqualTo("Alice");
                assertThat(body.get("customer").get("email").asString()).startsWith("hmac:");
            }
            assertThat(copy.get("response").get("body"))
                    .isEqualTo(primary.get("response").get("body"));
            assertThat(copy.get("request").get("query"))
                    .isEqualTo(primary.get("request").get("query"));
        }
    }

    @Test
    void redactedValuesNeverReachTheTopicYetStillCompare() throws Exception {
        String run = UUID.randomUUID().toString();
        String first = sampledId(run + "-a");
        String second = sampledId(run + "-b");
        String body = "{\"item\":\"book\",\"customer\":{\"email\":\"bob@private.example\"}}";
        String otherBody = "{\"item\":\"book\",\"customer\":{\"email\":\"carol@private.example\"}}";
        post(live, "/orders", first, false, body, "Bearer secret-token-123");
        post(candidate, "/orders", first, true, body, "Bearer secret-token-123");
        post(live, "/orders", second, false, otherBody, "Bearer other-token-456");

        List<String> raw = SharedBroker.readUntil(
                SharedBroker.bootstrapServers(),
                (values) ->
                        values.stream().filter((value) -> value.contains(run)).count() >= 3,
                Duration.ofSeconds(30));
        List<String> ours = raw.stream().filter((value) -> value.contains(run)).toList();
        assertThat(ours).hasSize(3);
        assertThat(String.join("\n", ours))
                .doesNotContain("secret-token-123", "other-token-456", "bob@private.example", "carol@private.example");

        Map<String, List<JsonNode>> byId = group(ours);
        JsonNode primary = only(byId.get(first), "live");
        JsonNode copy = only(byId.get(first), "shadow");
        JsonNode other = only(byId.get(second), "live");
        assertThat(primary.get("request").get("route").asString()).isEqualTo("/orders");
        assertThat(primary.get("response").get("status").asInt()).isEqualTo(201);
        String authorization =
                primary.get("request").get("headers").get("authorization").asString();
        assertThat(authorization).startsWith("hmac:");
        assertThat(copy.get("request").get("headers").get("authorization").asString())
                .isEqualTo(authorization);
        assertThat(other.get("request").get("headers").get("authorization").asString())
                .isNotEqualTo(authorization);
        String email =
                primary.get("request").get("body").get("customer").get("email").asString();
        assertThat(email).startsWith("hmac:");
        assertThat(copy.get("request").get("body").get("customer").get("email").asString())
                .isEqualTo(email);
        assertThat(other.get("request").get("body").get("customer").get("email").asString())
                .isNotEqualTo(email);
        assertThat(primary.get("response")
                        .get("body")
                        .get("order")
                        .get("customer")
                        .get("email")
                        .asString())
                .isEqualTo(email);
        assertThat(primary.get("request").get("body").get("item").asString()).isEqualTo("book");
    }

    @Test
    void streamingResponsesAreCountedAndLongBodiesCutAndFlagged() throws Exception {
        String run = UUID.randomUUID().toString();
        CaptureCounters counters = live.getBean(CaptureCounters.class);
        long skippedBefore = counters.skippedStreamingCount();
        String events = sampledId(run + "-events");
        String download = sampledId(run + "-download");
        String label = sampledId(run + "-label");
        assertThat(get(live, "/events", events, false).body()).contains("data:one");
        assertThat(get(live, "/download", download, false).body()).isEqualTo("streamed");
        HttpResponse<String> labelResponse = get(live, "/orders/7/label", label, false);
        assertThat(labelResponse.body()).hasSize(210);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(counters.skippedStreamingCount() - skippedBefore)
                        .isEqualTo(2));
        Map<String, List<JsonNode>> byId = recordsFor(run, 1);
        assertThat(byId).containsOnlyKeys(label);
        JsonNode response = only(byId.get(label), "live").get("response");
        assertThat(response.get("truncated").asBoolean()).isTrue();
        assertThat(response.get("body").asString()).hasSize(100).startsWith("Order 7");
    }

    @Test
    void theLeakAuditListsThePublisherAsShadowtxsOwnCoveredChannel() {
        AuditedChannel sink = live.getBean(ShadowLeakAudit.class).inventory().channels().stream()
                .filter((channel) -> channel.beanName().equals("shadowCaptureSink"))
                .findFirst()
                .orElseThrow();
        assertThat(sink.kind().tagValue()).isEqualTo("compare-capture");
        assertThat(sink.isCovered()).isTrue();
        assertThat(sink.detail()).contains("shadowtx's own channel");
    }

    private static String sampledId(String base) {
        ExchangeSampler sampler = new ExchangeSampler(0.5);
        for (int i = 0; ; i++) {
            String id = base + "-" + i;
            if (sampler.samples(id)) {
                return id;
            }
        }
    }

    private static int sampled(List<String> ids) {
        ExchangeSampler sampler = new ExchangeSampler(0.5);
        return (int) ids.stream().filter(sampler::samples).count();
    }

    private static Map<String, List<JsonNode>> recordsFor(String run, int expected) {
        List<String> raw = SharedBroker.readUntil(
                SharedBroker.bootstrapServers(),
                (values) ->
                        values.stream().filter((value) -> value.contains(run)).count() >= expected,
                Duration.ofSeconds(30));
        return group(raw.stream().filter((value) -> value.contains(run)).toList());
    }

    private static Map<String, List<JsonNode>> group(List<String> raw) {
        Map<String, List<JsonNode>> byId = new HashMap<>();
        for (String value : raw) {
            JsonNode record = SharedBroker.parse(value);
            byId.computeIfAbsent(record.get("id").asString(), (id) -> new ArrayList<>())
                    .add(record);
        }
        return byId;
    }

    private static Set<String> idsOf(Map<String, List<JsonNode>> byId, String mode) {
        return byId.entrySet().stream()
                .filter((entry) -> entry.getValue().stream()
                        .anyMatch((record) -> record.get("mode").asString().equals(mode)))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private static JsonNode only(List<JsonNode> records, String mode) {
        List<JsonNode> matching = records.stream()
                .filter((record) -> record.get("mode").asString().equals(mode))
                .toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    static HttpResponse<String> get(ConfigurableApplicationContext app, String path, String id, boolean shadow)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(app, path)).header("x-request-id", id);
        if (shadow) {
            request.header("X-Shadow", "shadow");
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(
            ConfigurableApplicationContext app, String path, String id, boolean shadow, String body, String auth)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(app, path))
                .header("x-request-id", id)
                .header("Content-Type", "application/json")
                .header("Authorization", auth);
        if (shadow) {
            request.header("X-Shadow", "shadow");
        }
        HttpResponse<String> response = http.send(
                request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        return response;
    }

    static URI uri(ConfigurableApplicationContext app, String path) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
