package dev.shadowtx.compare.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A WebFlux service on Netty, publishing to the shared broker.
 */
class ReactiveCaptureIntegrationTests {

    private static final HttpClient http = HttpClient.newHttpClient();

    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(ReactiveApplication.class)
                .properties(
                        "server.port=0",
                        "spring.main.web-application-type=reactive",
                        "spring.application.name=items",
                        "spring.kafka.bootstrap-servers=" + SharedBroker.bootstrapServers(),
                        "shadow.compare.capture.enabled=true",
                        "shadow.compare.version=5.0.0")
                .run();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void liveAndShadowExchangesAreCapturedWithRouteBodiesAndStatusAndStreamsAreCounted() throws Exception {
        String run = UUID.randomUUID().toString();
        CaptureCounters counters = app.getBean(CaptureCounters.class);
        long skippedBefore = counters.skippedStreamingCount();
        assertThat(send("GET", "/items/7", run + "-get", false, null).statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/items", run + "-post", true, "{\"name\":\"lamp\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(send("GET", "/items/0", run + "-missing", false, null).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/ticks", run + "-ticks", false, null).body()).contains("data:1");

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(counters.skippedStreamingCount() - skippedBefore)
                        .isEqualTo(1));
        List<String> raw = SharedBroker.readUntil(
                SharedBroker.bootstrapServers(),
                (values) ->
                        values.stream().filter((value) -> value.contains(run)).count() >= 3,
                Duration.ofSeconds(30));
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        raw.stream()
                .filter((value) -> value.contains(run))
                .map(SharedBroker::parse)
                .forEach((record) -> byId.put(record.get("id").asString(), record));
        assertThat(byId).containsOnlyKeys(run + "-get", run + "-post", run + "-missing");

        JsonNode get = byId.get(run + "-get");
        assertThat(get.get("mode").asString()).isEqualTo("live");
        assertThat(get.get("service").asString()).isEqualTo("items");
        assertThat(get.get("version").asString()).isEqualTo("5.0.0");
        assertThat(get.get("request").get("route").asString()).isEqualTo("/items/{id}");
        assertThat(get.get("response").get("status").asInt()).isEqualTo(200);
        assertThat(get.get("response").get("body").get("id").asString()).isEqualTo("7");
        assertThat(get.get("request").get("body").isNull()).isTrue();

        JsonNode post = byId.get(run + "-post");
        assertThat(post.get("mode").asString()).isEqualTo("shadow");
        assertThat(post.get("request").get("route").asString()).isEqualTo("/items");
        assertThat(post.get("request").get("body").get("name").asString()).isEqualTo("lamp");
        assertThat(post.get("response").get("status").asInt()).isEqualTo(201);
        assertThat(post.get("response").get("body").get("created").asString()).isEqualTo("lamp");

        JsonNode missing = byId.get(run + "-missing");
        assertThat(missing.get("response").get("status").asInt()).isEqualTo(404);
        assertThat(missing.get("request").get("route").asString()).isEqualTo("/items/{id}");
    }

    private static HttpResponse<String> send(String method, String path, String id, boolean shadow, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(ExchangeCaptureIntegrationTests.uri(app, path))
                .header("x-request-id", id)
                .header("Content-Type", "application/json");
        if (shadow) {
            request.header("X-Shadow", "shadow");
        }
        request.method(
                method,
                (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Items.class)
    static class ReactiveApplication {}

    @RestController
    static class Items {

        @GetMapping("/items/{id}")
        Mono<Map<String, Object>> item(@PathVariable String id) {
            if (id.equals("0")) {
                return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
            }
            return Mono.just(Map.of("id", id, "name", "chair"));
        }

        @PostMapping("/items")
        @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.CREATED)
        Mono<Map<String, Object>> create(@RequestBody Mono<Map<String, Object>> item) {
            return item.map((created) -> Map.of("created", created.get("name")));
        }

        @GetMapping(value = "/ticks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
        Flux<String> ticks() {
            return Flux.just("1", "2");
        }
    }
}
